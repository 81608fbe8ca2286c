package dev.orbital.protocol.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.dictionary.Dictionary;
import dev.orbital.protocol.dictionary.DictionaryCodec;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.netconf.CertificateOfMembership;
import dev.orbital.protocol.netconf.NetworkConfig;
import dev.orbital.protocol.netconf.NetworkConfigCodec;
import dev.orbital.protocol.packet.Armor;
import dev.orbital.protocol.packet.Fragment;
import dev.orbital.protocol.packet.PacketHeader;
import dev.orbital.protocol.packet.Reassembler;
import dev.orbital.protocol.packet.Verb;
import dev.orbital.protocol.verb.ConfigAssembler;
import dev.orbital.protocol.verb.ConfigChunk;
import dev.orbital.protocol.verb.ErrorReply;
import dev.orbital.protocol.verb.Hello;
import dev.orbital.protocol.verb.Message;
import dev.orbital.protocol.verb.NetworkConfigPush;
import dev.orbital.protocol.verb.Ok;
import dev.orbital.protocol.verb.OkHello;
import dev.orbital.protocol.verb.OkNetworkConfigRequest;
import dev.orbital.protocol.verb.PacketCodec;
import dev.orbital.protocol.world.World;
import dev.orbital.protocol.world.WorldCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The proof of wire compatibility: every datagram that stock ZeroTier One 1.14.1 nodes exchanged in
 * the corpus is reassembled, authenticated, decrypted and decoded, and what it holds matches {@code
 * expected-decode.txt}, written by an independent decoder.
 */
class StockTrafficConformanceTest {

  static final long NETWORK_ID = 0xe7745d5aa3c51defL;
  static final HexFormat HEX = HexFormat.of();

  static final Map<Address, Identity> IDENTITIES = new HashMap<>();
  static final Map<String, Integer> COUNTS = new TreeMap<>();
  static final List<String> FAILURES = new ArrayList<>();
  static final List<Decoded> PACKETS = new ArrayList<>();
  static final List<ConfigChunk> CHUNKS = new ArrayList<>();

  record Decoded(Address source, Address destination, int cipher, int hops, Message message) {}

  @BeforeAll
  static void decodeCorpus() throws IOException {
    for (String node : List.of("A", "B", "C", "D")) {
      Identity identity = Corpus.identity(node);
      IDENTITIES.put(identity.address(), identity);
    }
    PacketCodec codec = new PacketCodec();
    // Packets relayed through the root appear twice with one ID: reassemble per receiving socket.
    Map<String, Reassembler> reassemblers = new HashMap<>();
    for (PcapReader.Datagram datagram : Corpus.datagrams()) {
      byte[] bytes = datagram.payload();
      Reassembler reassembler =
          reassemblers.computeIfAbsent(
              datagram.destination().toString(), endpoint -> new Reassembler());
      if (bytes.length < 16) {
        count("tiny(<16B, e.g. NAT-t junk)");
        continue;
      }
      boolean fragment = Fragment.isFragment(bytes, bytes.length);
      if (fragment || PacketHeader.isFragmented(bytes)) {
        count(fragment ? "fragment" : "fragmented head");
        Reassembler.Result result = reassembler.offer(bytes, bytes.length, datagram.timeMillis());
        if (result.outcome() == Reassembler.Outcome.COMPLETE) {
          open(codec, result.packet(), datagram);
        }
      } else {
        open(codec, bytes.clone(), datagram);
      }
    }
  }

  static void open(PacketCodec codec, byte[] packet, PcapReader.Datagram datagram) {
    Address source = new Address(PacketHeader.source(packet));
    Address destination = new Address(PacketHeader.destination(packet));
    int cipher = PacketHeader.cipher(packet);
    int hops = PacketHeader.hops(packet);
    Identity receiver = IDENTITIES.get(destination);
    Identity sender = IDENTITIES.get(source);
    Armor armor = new Armor(receiver.agree(sender).orElseThrow());
    try {
      Message message = codec.open(packet, packet.length, armor);
      PACKETS.add(new Decoded(source, destination, cipher, hops, message));
      count("cipher" + cipher + " " + label(message) + (hops > 0 ? " hops=" + hops : ""));
      chunkOf(message).ifPresent(CHUNKS::add);
    } catch (ProtocolException e) {
      FAILURES.add("datagram " + datagram.index() + " " + source + "->" + destination + ": " + e);
    }
  }

  static String label(Message message) {
    if (message instanceof Ok ok) {
      return "OK(" + Verb.of(ok.inReVerb()) + ")";
    }
    if (message instanceof ErrorReply error) {
      return "ERROR(" + Verb.of(error.inReVerb()) + ")";
    }
    return Verb.of(message.verbCode()).name();
  }

  static Optional<ConfigChunk> chunkOf(Message message) {
    if (message instanceof OkNetworkConfigRequest ok) {
      return Optional.of(ok.chunk());
    }
    if (message instanceof NetworkConfigPush push) {
      return Optional.of(push.chunk());
    }
    return Optional.empty();
  }

  static void count(String label) {
    COUNTS.merge(label, 1, Integer::sum);
  }

  static String text(String file) {
    return Corpus.text(file);
  }

  static byte[] bytes(String file) {
    return Corpus.bytes(file);
  }

  /** The count lines of expected-decode.txt: " 31 cipher0 HELLO". */
  static Map<String, Integer> expectedCounts() throws IOException {
    Map<String, Integer> expected = new TreeMap<>();
    Matcher line = Pattern.compile("(?m)^\\s+(\\d+)  (.+)$").matcher(text("expected-decode.txt"));
    while (line.find()) {
      expected.put(line.group(2).strip(), Integer.parseInt(line.group(1)));
    }
    return expected;
  }

  @Test
  void shouldAuthenticateAndDecodeEveryPacket() {
    assertThat(FAILURES).isEmpty();
  }

  @Test
  void shouldFindExactlyTheExpectedVerbCountsPerCipher() throws IOException {
    Map<String, Integer> counts = new TreeMap<>(COUNTS);
    int verifiedChunks = 0;
    for (ConfigChunk chunk : CHUNKS) {
      Identity controller = IDENTITIES.get(new Address(chunk.networkId() >>> 24));
      if (chunk.verify(controller)) {
        verifiedChunks++;
      }
    }
    counts.put("config chunk sig ok=True", verifiedChunks);

    assertThat(counts).isEqualTo(expectedCounts());
  }

  @Test
  void shouldDecodeTheFirstHelloAsTheIndependentDecoderDid() {
    Hello hello =
        PACKETS.stream()
            .map(Decoded::message)
            .filter(Hello.class::isInstance)
            .map(Hello.class::cast)
            .findFirst()
            .orElseThrow();

    assertThat(hello.identity().address()).isEqualTo(Address.parse("3a77b41ec3"));
    assertThat(hello.identity().locallyValidate()).isTrue();
    assertThat(hello.protocolVersion()).isEqualTo(12);
    assertThat(List.of(hello.majorVersion(), hello.minorVersion(), hello.revision()))
        .containsExactly(1, 14, 1);
    assertThat(hello.timestamp()).isEqualTo(1795528258619L);
    assertThat(hello.planetId()).isEqualTo(0x5a5a000001L);
    assertThat(hello.planetTimestamp()).isEqualTo(1000);
    assertThat(hello.moons()).isEmpty();
  }

  @Test
  void shouldCarryThePlanetUpdateInTheFirstOkHello() throws Exception {
    Decoded first =
        PACKETS.stream()
            .filter(p -> p.message() instanceof OkHello && p.cipher() == 1)
            .findFirst()
            .orElseThrow();
    OkHello ok = (OkHello) first.message();

    assertThat(first.source()).isEqualTo(Address.parse("e7745d5aa3"));
    assertThat(first.destination()).isEqualTo(Address.parse("3a77b41ec3"));
    assertThat(ok.timestampEcho()).isEqualTo(1795528263620L);
    assertThat(ok.protocolVersion()).isEqualTo(12);
    assertThat(ok.surface().toString()).isEqualTo("10.77.0.2/9993");
    assertThat(ok.worldUpdates()).isEqualTo(bytes("planet.v2"));
  }

  @Test
  void shouldVerifyBothPlanetsAndThatV2UpdatesV1() throws Exception {
    World v1 = WorldCodec.decode(bytes("planet.v1"));
    World v2 = WorldCodec.decode(bytes("planet.v2"));

    assertThat(World.shouldReplace(null, v1)).isTrue();
    assertThat(World.shouldReplace(v1, v2)).isTrue();
    assertThat(World.shouldReplace(v2, v1)).isFalse();
    assertThat(WorldCodec.encode(v2)).isEqualTo(bytes("planet.v2"));
  }

  /** The config of member 3a77b41ec3, assembled from its chunks. */
  static byte[] memberConfig() throws ProtocolException {
    Map<Long, ConfigAssembler> assemblers = new LinkedHashMap<>();
    for (ConfigChunk chunk : CHUNKS) {
      ConfigAssembler assembler =
          assemblers.computeIfAbsent(chunk.configUpdateId(), id -> new ConfigAssembler());
      var complete = assembler.add(chunk);
      if (complete.isPresent()) {
        Dictionary dictionary =
            DictionaryCodec.decode(complete.get(), NetworkConfigCodec.MAX_DICTIONARY_LENGTH);
        if (dictionary.string("id").orElse("").equals("3a77b41ec3")
            && complete.get().length == 1175) {
          return complete.get();
        }
      }
    }
    throw new AssertionError("no complete 1175-byte config for 3a77b41ec3");
  }

  @Test
  void shouldReproduceTheConfigDictionaryKeysAndValues() throws Exception {
    Dictionary dictionary =
        DictionaryCodec.decode(memberConfig(), NetworkConfigCodec.MAX_DICTIONARY_LENGTH);
    Matcher line =
        Pattern.compile("(?m)^   (\\S+) = (?:<(\\d+) bytes binary> (\\p{XDigit}+)|(.*))$")
            .matcher(text("expected-decode.txt"));
    int checked = 0;
    while (line.find()) {
      byte[] value = dictionary.bytes(line.group(1)).orElseThrow();
      if (line.group(2) != null) {
        assertThat(value).as(line.group(1)).hasSize(Integer.parseInt(line.group(2)));
        assertThat(HEX.formatHex(value)).as(line.group(1)).startsWith(line.group(3));
      } else {
        assertThat(new String(value, StandardCharsets.UTF_8))
            .as(line.group(1))
            .isEqualTo(line.group(4));
      }
      checked++;
    }

    assertThat(checked).isEqualTo(21);
    assertThat(dictionary.keys()).hasSize(21);
  }

  @Test
  void shouldReencodeTheStockConfigByteForByte() throws Exception {
    byte[] stock = memberConfig();

    NetworkConfig config = NetworkConfigCodec.decode(stock);

    assertThat(config.networkId()).isEqualTo(NETWORK_ID);
    assertThat(config.name()).isEqualTo("testnet");
    assertThat(config.staticIps()).hasSize(2);
    assertThat(HEX.formatHex(NetworkConfigCodec.encode(config))).isEqualTo(HEX.formatHex(stock));
  }

  @Test
  void shouldVerifyTheComAndMatchItsQualifiers() throws Exception {
    CertificateOfMembership com = NetworkConfigCodec.decode(memberConfig()).com();
    Identity controller = IDENTITIES.get(Address.parse("e7745d5aa3"));
    Identity member = IDENTITIES.get(Address.parse("3a77b41ec3"));
    StringBuilder qualifiers = new StringBuilder("[");
    for (CertificateOfMembership.Qualifier q : com.qualifiers()) {
      qualifiers.append(qualifiers.length() > 1 ? ", " : "");
      qualifiers.append(String.format("(%d, '0x%x', '0x%x')", q.id(), q.value(), q.maxDelta()));
    }
    qualifiers.append(']');

    assertThat(text("expected-decode.txt")).contains("COM qualifiers: " + qualifiers);
    assertThat(com.signedBy()).isEqualTo(controller.address());
    assertThat(com.verify(controller)).isTrue();
    assertThat(com.agreesWith(com, member)).isTrue();
    CertificateOfMembership reissued =
        CertificateOfMembership.issue(
            com.timestamp(), com.qualifiers().get(0).maxDelta(), NETWORK_ID, member, controller);
    assertThat(reissued.toBytes()).isEqualTo(com.toBytes());
  }
}
