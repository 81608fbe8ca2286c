package dev.orbital.controller.netconf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.controller.Corpus;
import dev.orbital.controller.ipam.IpAddresses;
import dev.orbital.controller.ipam.IpAssignmentService;
import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.Network;
import dev.orbital.controller.network.NetworkService;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.dictionary.Dictionary;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.netconf.Capability;
import dev.orbital.protocol.netconf.CertificateOfMembership;
import dev.orbital.protocol.netconf.CertificateOfOwnership;
import dev.orbital.protocol.netconf.NetworkConfig;
import dev.orbital.protocol.netconf.NetworkConfigCodec;
import dev.orbital.protocol.netconf.Tag;
import dev.orbital.protocol.rules.Rule;
import dev.orbital.protocol.verb.ConfigChunk;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NetworkConfigServiceTest {

  private static final Identity A = Corpus.identity("A");
  private static final Identity B = Corpus.identity("B");
  private static final Identity C = Corpus.identity("C");
  private static final long NWID = Corpus.NETWORK_ID;

  /** The corpus config's timestamp, so that timestamped credentials come out the same. */
  private static final long CORPUS_TS = 0x000001a20dd3a407L;

  private static final Pattern EXPECTED_ENTRY =
      Pattern.compile("^ {3}(\\w+) = (?:<(\\d+) bytes binary> ([0-9a-f]*)|(.*))$");
  private static final Pattern QUALIFIER =
      Pattern.compile("\\((\\d+), '0x([0-9a-f]+)', '0x([0-9a-f]+)'\\)");

  private final NetworkService networks = new NetworkService();
  private final NetworkConfigService service =
      new NetworkConfigService(A, new IpAssignmentService(new SplittableRandom(3)));

  /** The corpus network "testnet" as the stock UI sets one up: pool, /24 route, RFC4193. */
  private Network corpusNetwork() {
    return networks.create(
        NWID,
        Map.of(
            "name", "testnet",
            "v4AssignMode", Map.of("zt", true),
            "v6AssignMode", Map.of("rfc4193", true, "zt", false, "6plane", false),
            "ipAssignmentPools",
                List.of(Map.of("ipRangeStart", "10.147.20.1", "ipRangeEnd", "10.147.20.254")),
            "routes", List.of(Map.of("target", "10.147.20.0/24")),
            "rules",
                List.of(
                    Map.of("type", "MATCH_ETHERTYPE", "not", true, "etherType", 0x0800),
                    Map.of("type", "MATCH_ETHERTYPE", "not", true, "etherType", 0x0806),
                    Map.of("type", "MATCH_ETHERTYPE", "not", true, "etherType", 0x86dd),
                    Map.of("type", "ACTION_DROP"),
                    Map.of("type", "ACTION_ACCEPT"))),
        CORPUS_TS - 60_000);
  }

  /** Member B after the authorization and the first assignment the corpus shows (.99). */
  private static Member corpusMember() {
    return Member.create(NWID, B.address(), CORPUS_TS - 30_000)
        .authorize(Member.CREDENTIAL_API, null, CORPUS_TS - 20_000)
        .withIdentity(B.toPublic().toString())
        .withIpAssignments(List.of(ip("10.147.20.99")));
  }

  private static Dictionary metadata(long rulesEngineRevision) {
    return new Dictionary()
        .putU64("v", 7)
        .putU64("vend", 1)
        .putU64("pv", 12)
        .putU64("majv", 1)
        .putU64("minv", 14)
        .putU64("revv", 1)
        .putU64("revr", rulesEngineRevision);
  }

  private static InetAddress ip(String text) {
    return IpAddresses.parse(text).orElseThrow();
  }

  private IssuedConfig issueCorpusConfig() {
    return service.issue(
        corpusNetwork(),
        corpusMember(),
        B,
        metadata(1),
        false,
        Set.of(ip("10.147.20.99"), ip("10.147.20.71")),
        List.of(),
        CORPUS_TS);
  }

  @Test
  void shouldIssueTheStockConfigKeyForKey() throws IOException {
    Dictionary mine = NetworkConfigCodec.toDictionary(issueCorpusConfig().config());
    Map<String, String[]> expected = expectedDictionary();

    assertThat(mine.keys()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (Map.Entry<String, String[]> entry : expected.entrySet()) {
      byte[] value = mine.bytes(entry.getKey()).orElseThrow();
      String[] stock = entry.getValue();
      if (stock[0] == null) {
        assertThat(new String(value, StandardCharsets.UTF_8))
            .as("key %s", entry.getKey())
            .isEqualTo(stock[1]);
      } else {
        assertThat(value.length)
            .as("length of %s", entry.getKey())
            .isEqualTo(Integer.parseInt(stock[0]));
        assertThat(HexFormat.of().formatHex(value))
            .as("bytes of %s", entry.getKey())
            .startsWith(stock[1]);
      }
    }
  }

  @Test
  void shouldIssueTheStockConfigByteForByte() throws IOException {
    // Same controller key, same member, same timestamp: C25519 signatures are deterministic, so
    // even the COM and COO come out as the stock controller signed them.
    String stock;
    try (InputStream in =
        NetworkConfigServiceTest.class.getResourceAsStream(
            "/conformance/zerotier-1.14.1/config-3a77b41ec3.hex")) {
      stock = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
    }

    byte[] mine = NetworkConfigCodec.encode(issueCorpusConfig().config());

    assertThat(HexFormat.of().formatHex(mine)).isEqualTo(stock);
  }

  @Test
  void shouldIssueTheStockComSignedByTheController() throws IOException {
    CertificateOfMembership com = issueCorpusConfig().config().com();

    List<CertificateOfMembership.Qualifier> expected = new ArrayList<>();
    Matcher m = QUALIFIER.matcher(expectedLine("COM qualifiers:"));
    while (m.find()) {
      expected.add(
          new CertificateOfMembership.Qualifier(
              Long.parseLong(m.group(1)),
              Long.parseUnsignedLong(m.group(2), 16),
              Long.parseUnsignedLong(m.group(3), 16)));
    }
    assertThat(com.qualifiers()).isEqualTo(expected);
    assertThat(com.verify(A)).isTrue();
    assertThat(com.signedBy()).isEqualTo(A.address());
    assertThat(com.agreesWith(com, B)).isTrue();
    assertThat(com.agreesWith(com, C)).isFalse();
  }

  @Test
  void shouldCertifyOwnershipOfEveryStaticIp() {
    NetworkConfig config = issueCorpusConfig().config();

    assertThat(config.certificatesOfOwnership()).hasSize(1);
    CertificateOfOwnership coo = config.certificatesOfOwnership().get(0);
    assertThat(coo.id()).isEqualTo(1);
    assertThat(coo.issuedTo()).isEqualTo(B.address());
    assertThat(coo.verify(A)).isTrue();
    for (IpEndpoint ip : config.staticIps()) {
      assertThat(coo.owns(ip.ip())).isTrue();
    }
  }

  @Test
  void shouldAssignAPoolAddressToANewMemberAndReturnItForSaving() {
    Member newcomer =
        Member.create(NWID, B.address(), CORPUS_TS)
            .authorize(Member.CREDENTIAL_API, null, CORPUS_TS);

    IssuedConfig issued =
        service.issue(
            corpusNetwork(), newcomer, B, metadata(1), true, Set.of(), List.of(), CORPUS_TS);

    assertThat(issued.memberChanged()).isTrue();
    assertThat(issued.member().ipAssignments()).containsExactly(ip("10.147.20.59"));
    assertThat(issued.config().staticIps()).endsWith(new IpEndpoint(ip("10.147.20.59"), 24));
  }

  @Test
  void shouldGiveAcceptAllAndNoCredentialsToAClientWithoutRulesEngine() {
    Network withTags =
        networks.update(
            corpusNetwork(),
            Map.of(
                "tags", List.of(Map.of("id", 2, "default", 5)),
                "capabilities", List.of(Map.of("id", 1, "default", true))));

    IssuedConfig issued =
        service.issue(
            withTags, corpusMember(), B, metadata(0), true, Set.of(), List.of(), CORPUS_TS);

    assertThat(issued.config().rules()).containsExactly(new Rule.ActionAccept(false, false));
    assertThat(issued.config().capabilities()).isEmpty();
    assertThat(issued.config().tags()).isEmpty();
  }

  @Test
  void shouldIssueSignedCapabilitiesAndTagsWithNetworkDefaults() throws Exception {
    Network withCredentials =
        networks.update(
            corpusNetwork(),
            Map.of(
                "tags", List.of(Map.of("id", 2, "default", 5), Map.of("id", 3)),
                "capabilities",
                    List.of(
                        Map.of(
                            "id",
                            1,
                            "default",
                            true,
                            "rules",
                            List.of(Map.of("type", "ACTION_ACCEPT"))),
                        Map.of("id", 4, "rules", List.of(Map.of("type", "ACTION_DROP"))))));
    Member member =
        corpusMember().toBuilder().tags(Map.of(3L, 30L)).capabilities(List.of(4L, 9L)).build();

    IssuedConfig issued =
        service.issue(
            withCredentials, member, B, metadata(1), true, Set.of(), List.of(), CORPUS_TS);

    assertThat(issued.member().capabilities()).containsExactly(1L, 4L, 9L);
    assertThat(issued.member().tags()).containsExactly(Map.entry(2L, 5L), Map.entry(3L, 30L));
    List<Capability> caps = issued.config().capabilities();
    assertThat(caps).extracting(Capability::id).containsExactly(1, 4);
    assertThat(caps).allMatch(c -> c.verify(A));
    assertThat(caps.get(1).rules()).containsExactly(new Rule.ActionDrop(false, false));
    List<Tag> tags = issued.config().tags();
    assertThat(tags).extracting(Tag::id).containsExactly(2, 3);
    assertThat(tags).extracting(Tag::value).containsExactly(5, 30);
    assertThat(tags).allMatch(t -> t.verify(A) && t.issuedTo().equals(B.address()));
  }

  @Test
  void shouldClampTheCertificateWindow() {
    Network n = corpusNetwork();
    assertThat(NetworkConfigService.credentialTimeMaxDelta(n)).isEqualTo(1_800_000);
    assertThat(NetworkConfigService.credentialTimeMaxDelta(withWindow(n, 1000L)))
        .isEqualTo(300_000);
    assertThat(NetworkConfigService.credentialTimeMaxDelta(withWindow(n, 3_600_000L)))
        .isEqualTo(3_600_000);
    assertThat(NetworkConfigService.credentialTimeMaxDelta(withWindow(n, 86_400_000L)))
        .isEqualTo(7_200_000);
  }

  @Test
  void shouldListActiveBridgesAsSpecialistsAndUseTheMembersTraceTarget() {
    Member traced =
        corpusMember().toBuilder().remoteTraceTarget(C.address()).remoteTraceLevel(3).build();

    NetworkConfig config =
        service
            .issue(
                corpusNetwork(),
                traced,
                B,
                metadata(1),
                false,
                Set.of(),
                List.of(C.address(), Address.parse("0000000001")),
                CORPUS_TS)
            .config();

    assertThat(config.isActiveBridge(C.address())).isTrue();
    assertThat(config.specialists()).first().isEqualTo(NetworkConfig.SPECIALIST_ACTIVE_BRIDGE | 1);
    assertThat(config.remoteTraceTarget()).isEqualTo(C.address());
    assertThat(config.remoteTraceLevel()).isEqualTo(3);
  }

  @Test
  void shouldSplitIntoChunksTheMemberVerifiesAndReassembles() throws Exception {
    NetworkConfig config = issueCorpusConfig().config();

    List<ConfigChunk> chunks = service.chunks(config, 0x1234_5678_9abcL);

    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    for (ConfigChunk chunk : chunks) {
      assertThat(chunk.verify(A)).isTrue();
      assertThat(chunk.chunkIndex()).isEqualTo(whole.size());
      whole.write(chunk.data());
    }
    assertThat(chunks.get(0).totalLength()).isEqualTo(whole.size());
    assertThat(NetworkConfigCodec.decode(whole.toByteArray())).isEqualTo(config);
  }

  @Test
  void shouldSplitALargeConfigIntoSeveralChunks() {
    List<Map<String, Object>> manyRules = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      // 18 bytes each on the wire: about 18 kB of rules, two chunks
      manyRules.add(
          Map.of("type", "MATCH_IPV6_DEST", "ip", "fd00::" + Integer.toHexString(i) + "/128"));
    }
    manyRules.add(Map.of("type", "ACTION_ACCEPT"));
    Network big = networks.update(corpusNetwork(), Map.of("rules", manyRules));

    NetworkConfig config =
        service
            .issue(big, corpusMember(), B, metadata(1), false, Set.of(), List.of(), CORPUS_TS)
            .config();
    List<ConfigChunk> chunks = service.chunks(config, 7);

    assertThat(chunks).hasSizeGreaterThan(1);
    assertThat(chunks).allMatch(c -> c.verify(A) && c.configUpdateId() == 7);
  }

  private static Network withWindow(Network n, Long window) {
    return new Network(
        n.id(),
        n.name(),
        n.isPrivate(),
        n.creationTime(),
        n.revision(),
        n.enableBroadcast(),
        n.multicastLimit(),
        n.mtu(),
        n.assignModes(),
        n.ipAssignmentPools(),
        n.routes(),
        n.rules(),
        n.rulesSource(),
        n.capabilities(),
        n.tags(),
        n.dns(),
        n.authTokens(),
        n.remoteTraceTarget(),
        n.remoteTraceLevel(),
        n.ssoEnabled(),
        n.clientId(),
        n.authorizationEndpoint(),
        window);
  }

  /** key → {byte length or null for text, hex prefix or text} from expected-decode.txt. */
  private static Map<String, String[]> expectedDictionary() throws IOException {
    Map<String, String[]> out = new LinkedHashMap<>();
    for (String line : expectedDecode()) {
      Matcher m = EXPECTED_ENTRY.matcher(line);
      if (m.matches()) {
        out.put(
            m.group(1),
            m.group(2) != null
                ? new String[] {m.group(2), m.group(3)}
                : new String[] {null, m.group(4)});
      }
    }
    return out;
  }

  private static String expectedLine(String prefix) throws IOException {
    return expectedDecode().stream()
        .filter(l -> l.trim().startsWith(prefix))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> expectedDecode() throws IOException {
    try (InputStream in =
        NetworkConfigServiceTest.class.getResourceAsStream(
            "/conformance/zerotier-1.14.1/expected-decode.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }
}
