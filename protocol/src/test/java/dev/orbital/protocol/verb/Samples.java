package dev.orbital.protocol.verb;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.MacAddress;
import dev.orbital.protocol.conformance.Corpus;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.netconf.CertificateOfMembership;
import dev.orbital.protocol.netconf.NetworkCredentials;
import dev.orbital.protocol.packet.Verb;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Corpus identities and one message of every shape, for round trips and adversarial loops. */
final class Samples {

  static final long NETWORK_ID = 0xe7745d5aa3c51defL;
  static final MulticastGroup ARP_GROUP = MulticastGroup.arp(0x0a931401);
  static final MulticastGroup NDP_GROUP =
      new MulticastGroup(MacAddress.parse("33:33:ff:12:34:56"), 0);

  private static Identity controller;
  private static Identity member;

  private Samples() {}

  /** Corpus node A: root and controller e7745d5aa3 (with its secret). */
  static synchronized Identity controller() {
    if (controller == null) {
      controller = corpusIdentity("A");
    }
    return controller;
  }

  /** Corpus node B: leaf 3a77b41ec3 (with its secret). */
  static synchronized Identity member() {
    if (member == null) {
      member = corpusIdentity("B");
    }
    return member;
  }

  static Identity corpusIdentity(String name) {
    return Corpus.identity(name);
  }

  static CertificateOfMembership com() {
    return CertificateOfMembership.issue(
        1_795_528_000_000L, 7_200_000L, NETWORK_ID, member(), controller());
  }

  /** Annotated hex: one field per line, "#" starts a comment, whitespace is ignored. */
  static byte[] hex(String annotated) {
    StringBuilder digits = new StringBuilder();
    for (String line : annotated.split("\n")) {
      int comment = line.indexOf('#');
      digits.append((comment < 0 ? line : line.substring(0, comment)).replaceAll("\\s", ""));
    }
    return HexFormat.of().parseHex(digits.toString());
  }

  static byte[] bytes(int length, int seed) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = (byte) (seed + i * 7);
    }
    return out;
  }

  /** One message of every record and variant, by name. */
  static Map<String, Message> all() {
    Identity a = controller();
    Identity b = member();
    IpEndpoint v4 = IpEndpoint.of(new byte[] {10, 77, 0, 1}, 9993);
    IpEndpoint v6 = IpEndpoint.of(bytes(16, 0x20), 19994);
    ConfigChunk signed =
        ConfigChunk.signed(NETWORK_ID, bytes(300, 1), 1, 0x1122334455667788L, 1175, 875, a);
    Map<String, Message> m = new LinkedHashMap<>();
    m.put("NOP", Nop.INSTANCE);
    m.put(
        "HELLO",
        new Hello(12, 1, 14, 1, 1_795_528_258_619L, b, v4, 0x5a5a000001L, 1000, List.of()));
    m.put(
        "HELLO with moons over IPv6",
        new Hello(
            11,
            1,
            6,
            0,
            42,
            a,
            v6,
            0x5a5a000001L,
            2000,
            List.of(Hello.Moon.of(0xabcdef0123L, 7), Hello.Moon.of(0x1234567890L, 0))));
    m.put("ERROR raw", new ErrorReply(1, 77, ErrorCode.IDENTITY_COLLISION, ErrorDetail.Raw.EMPTY));
    m.put(
        "ERROR raw bytes",
        new ErrorReply(8, 78, ErrorCode.INVALID_REQUEST, new ErrorDetail.Raw(bytes(5, 3))));
    m.put("ERROR need COM", ErrorReply.needCertificate(Verb.FRAME.code(), 79, NETWORK_ID));
    m.put(
        "ERROR access denied",
        new ErrorReply(
            Verb.NETWORK_CONFIG_REQUEST.code(),
            80,
            ErrorCode.NETWORK_ACCESS_DENIED,
            ErrorDetail.Network.of(NETWORK_ID)));
    m.put(
        "ERROR auth required",
        new ErrorReply(
            Verb.NETWORK_CONFIG_REQUEST.code(),
            81,
            ErrorCode.NETWORK_AUTHENTICATION_REQUIRED,
            new ErrorDetail.Network(
                NETWORK_ID, "aU=https://sso\n\0".getBytes(StandardCharsets.US_ASCII))));
    m.put(
        "ERROR not found",
        new ErrorReply(
            Verb.NETWORK_CONFIG_REQUEST.code(),
            82,
            ErrorCode.OBJ_NOT_FOUND,
            ErrorDetail.Network.of(NETWORK_ID)));
    m.put(
        "ERROR unwanted multicast",
        new ErrorReply(
            Verb.MULTICAST_FRAME.code(),
            83,
            ErrorCode.UNWANTED_MULTICAST,
            new ErrorDetail.UnwantedMulticast(NETWORK_ID, ARP_GROUP)));
    m.put("OK(HELLO)", new OkHello(5, 1_795_528_263_620L, 12, 1, 14, 1, v4, new byte[0]));
    m.put("OK(HELLO) with world and IPv6", new OkHello(6, 9, 11, 1, 6, 0, v6, bytes(257, 9)));
    m.put("OK(WHOIS)", new OkWhois(7, List.of(a, b)));
    m.put("OK(ECHO)", new OkEcho(8, bytes(12, 4)));
    m.put("OK(ECHO) config ack", OkEcho.configAck(0, NETWORK_ID, 0x0102030405060708L));
    m.put("OK(NETWORK_CONFIG_REQUEST)", new OkNetworkConfigRequest(9, signed));
    m.put(
        "OK(NETWORK_CONFIG_REQUEST) legacy",
        new OkNetworkConfigRequest(10, ConfigChunk.legacy(NETWORK_ID, bytes(40, 2))));
    m.put(
        "OK(MULTICAST_GATHER)",
        new OkMulticastGather(
            11, NETWORK_ID, ARP_GROUP, new GatherResults(3, List.of(a.address(), b.address()))));
    m.put(
        "OK(MULTICAST_FRAME)",
        new OkMulticastFrame(
            12, NETWORK_ID, ARP_GROUP, 0, null, new GatherResults(1, List.of(b.address()))));
    m.put(
        "OK(MULTICAST_FRAME) with COM",
        new OkMulticastFrame(13, NETWORK_ID, NDP_GROUP, 0, com(), null));
    m.put("OK(EXT_FRAME)", new OkExtFrame(14, NETWORK_ID));
    m.put("OK unknown", new OkUnknown(0x0c, 15, bytes(16, 5)));
    m.put("OK in-re unknown verb", new OkUnknown(0x1f, 16, bytes(3, 6)));
    m.put("WHOIS", Whois.of(a.address(), b.address(), Address.parse("a4c90e16e5")));
    m.put("RENDEZVOUS", Rendezvous.of(b.address(), v4));
    m.put("RENDEZVOUS IPv6", Rendezvous.of(a.address(), v6));
    m.put("FRAME", new Frame(NETWORK_ID, 0x0800, bytes(60, 7)));
    m.put(
        "EXT_FRAME",
        new ExtFrame(
            NETWORK_ID,
            ExtFrame.flags(ExtFrame.SUBTYPE_WATCH_OUTBOUND, true),
            null,
            MacAddress.parse("32:aa:bb:cc:dd:ee"),
            MacAddress.parse("02:11:22:33:44:55"),
            0x86dd,
            bytes(48, 8)));
    m.put(
        "EXT_FRAME with COM",
        new ExtFrame(
            NETWORK_ID,
            0,
            com(),
            MacAddress.parse("32:aa:bb:cc:dd:ee"),
            MacAddress.parse("02:11:22:33:44:55"),
            0x0806,
            bytes(28, 9)));
    m.put("ECHO", new Echo(bytes(8, 10)));
    m.put("ECHO empty", new Echo(new byte[0]));
    m.put(
        "MULTICAST_LIKE",
        new MulticastLike(
            List.of(
                new MulticastLike.Like(NETWORK_ID, ARP_GROUP),
                new MulticastLike.Like(NETWORK_ID, NDP_GROUP))));
    m.put("NETWORK_CREDENTIALS", new Credentials(NetworkCredentials.of(com())));
    m.put(
        "NETWORK_CONFIG_REQUEST",
        new NetworkConfigRequest(
            NETWORK_ID, "v=7\npv=b\n".getBytes(StandardCharsets.US_ASCII), 3, 1_795_000_000_000L));
    m.put("NETWORK_CONFIG", new NetworkConfigPush(signed));
    m.put("MULTICAST_GATHER", new MulticastGather(NETWORK_ID, 0, ARP_GROUP, 32, null));
    m.put("MULTICAST_GATHER with COM", new MulticastGather(NETWORK_ID, 0, NDP_GROUP, 8, com()));
    m.put(
        "MULTICAST_FRAME",
        new MulticastFrame(NETWORK_ID, 0, null, 0, null, ARP_GROUP, 0x0806, bytes(28, 11)));
    m.put(
        "MULTICAST_FRAME with everything",
        new MulticastFrame(
            NETWORK_ID,
            MulticastFrame.FLAG_REPLICATE,
            com(),
            32,
            MacAddress.parse("02:11:22:33:44:55"),
            NDP_GROUP,
            0x86dd,
            bytes(72, 12)));
    m.put(
        "PUSH_DIRECT_PATHS",
        new PushDirectPaths(
            List.of(
                PushDirectPaths.DirectPath.of(v4),
                new PushDirectPaths.DirectPath(
                    PushDirectPaths.FLAG_FORGET_PATH, bytes(3, 13), v6))));
    m.put("USER_MESSAGE", new UserMessage(0x10000L, bytes(20, 14)));
    m.put("ACK", new Ignored(0x12, bytes(4, 15)));
    m.put("QOS_MEASUREMENT", new Ignored(0x13, bytes(20, 16)));
    m.put("PATH_NEGOTIATION_REQUEST", new Ignored(0x16, bytes(2, 17)));
    m.put("REMOTE_TRACE", new Ignored(0x15, "k=v\0".getBytes(StandardCharsets.US_ASCII)));
    m.put("unknown verb 0x0f", new Ignored(0x0f, bytes(6, 18)));
    m.put("unknown verb 0x1f", new Ignored(0x1f, new byte[0]));
    return m;
  }
}
