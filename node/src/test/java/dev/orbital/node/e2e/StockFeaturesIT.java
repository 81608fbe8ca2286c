package dev.orbital.node.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What a network offers two stock ZeroTier One 1.14.1 hosts on Orbital's packaged root and
 * controller, each set through the controller's REST API and observed on the stock hosts: RFC 4193
 * and 6PLANE addresses, ARP and multicast, a managed route via a member, a public network, rules
 * (including one of stock's hard match results), tags and capabilities. One deployment for the
 * class; the tests run in order, the rule tests last since they narrow the network.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StockFeaturesIT {

  private static final Duration CONFIG_TIMEOUT = Duration.ofSeconds(90);
  private static final int TCP_PORT = 7001;
  private static final int UDP_PORT = 7002;
  private static final String BEHIND_A = "10.147.99.1";

  private static OrbitalLab lab;
  private static StockNode a;
  private static StockNode b;
  private static NamespaceThread inA;
  private static NamespaceThread inB;
  private static ServerSocket tcpListener;
  private static DatagramSocket udpListener;
  private static String nwid;
  private static String ipA;
  private static String ipB;

  @BeforeAll
  static void startDeployment() throws Exception {
    OrbitalLab.stockBinary();
    lab = OrbitalLab.startDirect("sf", "a", "b");
    a = lab.startStockNode("a");
    b = lab.startStockNode("b");
    inA = new NamespaceThread(lab.network().namespace("a"));
    inB = new NamespaceThread(lab.network().namespace("b"));
    // b's listeners on every address of its namespace, for the rule tests
    tcpListener = inB.call(() -> new ServerSocket(TCP_PORT));
    udpListener =
        inB.call(
            () -> {
              DatagramSocket socket = new DatagramSocket(UDP_PORT);
              socket.setSoTimeout(2000);
              return socket;
            });
  }

  @AfterAll
  static void stopDeployment() throws Exception {
    if (tcpListener != null) {
      tcpListener.close();
    }
    if (udpListener != null) {
      udpListener.close();
    }
    for (NamespaceThread thread : new NamespaceThread[] {inA, inB}) {
      if (thread != null) {
        thread.close();
      }
    }
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  @Order(1)
  void shouldGiveAuthorizedStockMembersPoolRfc4193And6planeAddresses() throws Exception {
    nwid =
        lab.controller()
            .createNetwork(
                Map.of(
                    "name",
                    "features",
                    "private",
                    true,
                    "v4AssignMode",
                    Map.of("zt", true),
                    "v6AssignMode",
                    Map.of("rfc4193", true, "6plane", true, "zt", false),
                    "ipAssignmentPools",
                    List.of(Map.of("ipRangeStart", "10.147.40.10", "ipRangeEnd", "10.147.40.200")),
                    "routes",
                    List.of(Map.of("target", "10.147.40.0/24"))));
    for (StockNode node : List.of(a, b)) {
      await("stock node online")
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(node::online);
      assertThat(node.cli("join", nwid).strip()).isEqualTo("200 join OK");
    }
    await("both members pending")
        .atMost(CONFIG_TIMEOUT)
        .ignoreExceptions()
        .until(
            () ->
                "ACCESS_DENIED".equals(a.network(nwid).path("status").asText())
                    && "ACCESS_DENIED".equals(b.network(nwid).path("status").asText()));
    long authorized = System.nanoTime();
    lab.controller().authorize(nwid, a.address());
    lab.controller().authorize(nwid, b.address());
    for (StockNode node : List.of(a, b)) {
      await("stock member with its three addresses")
          .atMost(CONFIG_TIMEOUT)
          .ignoreExceptions()
          .until(() -> node.assignedAddresses(nwid).size() == 3);
    }
    System.out.printf(
        "StockFeaturesIT: both stock members have pool, RFC 4193 and 6PLANE addresses %d ms after"
            + " the authorization%n",
        millisSince(authorized));
    ipA = a.assignedIpv4(nwid).orElseThrow();
    ipB = b.assignedIpv4(nwid).orElseThrow();
  }

  @Test
  @Order(2)
  void shouldPutRfc4193And6planeAddressesOnTheInterfaceAndPing6Them() throws Exception {
    String rfc4193OfB = ipv6(b, "fd");
    String sixPlaneOfB = ipv6(b, "fc");
    for (StockNode node : List.of(a, b)) {
      long network = Long.parseUnsignedLong(nwid, 16);
      long address = Long.parseLong(node.address(), 16);
      // RFC 4193: fd ‖ network ID(8) ‖ 99 93 ‖ address(5)
      ByteBuffer rfc4193 = ByteBuffer.wrap(InetAddress.getByName(ipv6(node, "fd")).getAddress());
      assertThat(rfc4193.get() & 0xff).isEqualTo(0xfd);
      assertThat(rfc4193.getLong()).isEqualTo(network);
      assertThat(rfc4193.getShort() & 0xffff).isEqualTo(0x9993);
      assertThat(fiveBytes(rfc4193)).isEqualTo(address);
      // 6PLANE: fc ‖ (network ID high ^ low 32 bits) ‖ address(5) ‖ 0 … 1
      ByteBuffer sixPlane = ByteBuffer.wrap(InetAddress.getByName(ipv6(node, "fc")).getAddress());
      assertThat(sixPlane.get() & 0xff).isEqualTo(0xfc);
      assertThat(sixPlane.getInt()).isEqualTo((int) (network >>> 32) ^ (int) network);
      assertThat(fiveBytes(sixPlane)).isEqualTo(address);
      String host = node == a ? "a" : "b";
      assertThat(interfaceAddresses(host, node.device(nwid)))
          .as("the addresses stock put on its interface")
          .contains(
              InetAddress.getByName(ipv6(node, "fd")), InetAddress.getByName(ipv6(node, "fc")));
    }
    long started = System.nanoTime();
    await("a pings b's RFC 4193 address")
        .atMost(Duration.ofSeconds(30))
        .until(() -> lab.ping("a", rfc4193OfB));
    await("a pings b's 6PLANE address")
        .atMost(Duration.ofSeconds(30))
        .until(() -> lab.ping("a", sixPlaneOfB));
    await("b pings a's 6PLANE address")
        .atMost(Duration.ofSeconds(30))
        .until(() -> lab.ping("b", ipv6(a, "fc")));
    System.out.printf(
        "StockFeaturesIT: ping6 over RFC 4193 and 6PLANE both ways within %d ms%n",
        millisSince(started));
  }

  @Test
  @Order(3)
  void shouldResolveArpAndCarryMulticast() throws Exception {
    String nsA = lab.network().namespace("a");
    String nsB = lab.network().namespace("b");
    String deviceA = a.device(nwid);
    Shell.check("ip", "netns", "exec", nsA, "ip", "neigh", "flush", "dev", deviceA);
    await("a pings b").atMost(Duration.ofSeconds(30)).until(() -> lab.ping("a", ipB));
    String neighbour =
        Shell.check("ip", "netns", "exec", nsA, "ip", "neigh", "show", ipB, "dev", deviceA);
    assertThat(neighbour).as("ARP resolved b's MAC").contains("lladdr " + b.mac(nwid));

    // IPv4 multicast: b answers an echo to all-hosts 224.0.0.1, sent out of a's ZeroTier
    // interface (stock carries it to the members that LIKEd 01:00:5e:00:00:01)
    Shell.check(
        "ip", "netns", "exec", nsB, "sysctl", "-qw", "net.ipv4.icmp_echo_ignore_broadcasts=0");
    long started = System.nanoTime();
    await("a's multicast ping to 224.0.0.1 answered by b")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                lab.network()
                    .exec(nsA, "ping", "-n", "-c", "2", "-W", "1", "-I", deviceA, "224.0.0.1")
                    .output()
                    .contains("from " + ipB));
    long multicast4 = millisSince(started);

    // IPv6 multicast: b answers an echo to all-nodes ff02::1 from its link-local address
    String linkLocalOfB =
        Shell.check(
                "ip",
                "netns",
                "exec",
                nsB,
                "ip",
                "-6",
                "-o",
                "addr",
                "show",
                "dev",
                b.device(nwid),
                "scope",
                "link")
            .replaceAll("(?s).*inet6 ([0-9a-f:]+)/.*", "$1")
            .strip();
    started = System.nanoTime();
    await("a's multicast ping answered by b")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                lab.network()
                    .exec(nsA, "ping", "-n", "-c", "2", "-W", "1", "ff02::1%" + deviceA)
                    .output()
                    .contains("from " + linkLocalOfB));
    System.out.printf(
        "StockFeaturesIT: multicast ping answered by the other member within %d ms (224.0.0.1)"
            + " and %d ms (ff02::1)%n",
        multicast4, millisSince(started));
  }

  @Test
  @Order(4)
  void shouldRouteToAnAddressBehindAMemberThroughAManagedRoute() throws Exception {
    Shell.check(
        "ip",
        "netns",
        "exec",
        lab.network().namespace("a"),
        "ip",
        "addr",
        "add",
        BEHIND_A + "/32",
        "dev",
        "lo");
    long changed = System.nanoTime();
    lab.controller()
        .updateNetwork(
            nwid,
            Map.of(
                "routes",
                List.of(
                    Map.of("target", "10.147.40.0/24"),
                    Map.of("target", "10.147.99.0/24", "via", ipA))));
    await("b routes 10.147.99.0/24 via a")
        .atMost(CONFIG_TIMEOUT)
        .ignoreExceptions()
        .until(
            () ->
                Shell.check(
                        "ip",
                        "netns",
                        "exec",
                        lab.network().namespace("b"),
                        "ip",
                        "route",
                        "get",
                        BEHIND_A)
                    .contains("via " + ipA));
    long routed = millisSince(changed);
    await("b pings the address behind a")
        .atMost(Duration.ofSeconds(30))
        .until(() -> lab.ping("b", BEHIND_A));
    System.out.printf(
        "StockFeaturesIT: managed route via a member installed on b %d ms after the API call,"
            + " address behind it answering %d ms after%n",
        routed, millisSince(changed));
  }

  @Test
  @Order(5)
  void shouldConfigureMembersOfAPublicNetworkWithoutAuthorization() throws Exception {
    String open =
        lab.controller()
            .createNetwork(
                Map.of(
                    "name",
                    "public",
                    "private",
                    false,
                    "v4AssignMode",
                    Map.of("zt", true),
                    "ipAssignmentPools",
                    List.of(Map.of("ipRangeStart", "10.147.41.10", "ipRangeEnd", "10.147.41.200")),
                    "routes",
                    List.of(Map.of("target", "10.147.41.0/24"))));
    long joined = System.nanoTime();
    for (StockNode node : List.of(a, b)) {
      node.cli("join", open);
    }
    for (StockNode node : List.of(a, b)) {
      await("public network configured without authorization")
          .atMost(CONFIG_TIMEOUT)
          .ignoreExceptions()
          .until(
              () ->
                  "OK".equals(node.network(open).path("status").asText())
                      && node.assignedIpv4(open).isPresent());
    }
    long configured = millisSince(joined);
    String publicOfB = b.assignedIpv4(open).orElseThrow();
    await("a pings b on the public network")
        .atMost(Duration.ofSeconds(30))
        .until(() -> lab.ping("a", publicOfB));
    System.out.printf(
        "StockFeaturesIT: public network: both members configured %d ms after join, no"
            + " authorization%n",
        configured);
    assertThat(a.network(open).path("type").asText()).isEqualTo("PUBLIC");
    for (StockNode node : List.of(a, b)) {
      node.cli("leave", open);
    }
  }

  @Test
  @Order(6)
  void shouldDropOneProtocolByRuleAndKeepStocksHardResultForArp() throws Exception {
    applyNetwork(
        Map.of(
            "rules",
            List.of(
                Map.of("type", "MATCH_IP_PROTOCOL", "ipProtocol", 1),
                Map.of("type", "ACTION_DROP"),
                Map.of("type", "ACTION_ACCEPT"))),
        "[ipprotocol 1, drop, accept]");
    await("ICMP dropped")
        .atMost(Duration.ofSeconds(10))
        .until(() -> !lab.ping("a", ipB) && !lab.ping("b", ipA));
    assertThat(tcpConnects()).as("TCP under an ICMP drop").isTrue();
    assertThat(udpArrives()).as("UDP under an ICMP drop").isTrue();

    // ARP is not IP: under "not ipprotocol 6" stock's match is a hard no, which NOT does not
    // invert, so ARP is accepted (and TCP, the one protocol let through, can resolve b)
    applyNetwork(
        Map.of(
            "rules",
            List.of(
                Map.of("type", "MATCH_IP_PROTOCOL", "ipProtocol", 6, "not", true),
                Map.of("type", "ACTION_DROP"),
                Map.of("type", "ACTION_ACCEPT"))),
        "[not ipprotocol 6, drop, accept]");
    String nsA = lab.network().namespace("a");
    Shell.check("ip", "netns", "exec", nsA, "ip", "neigh", "flush", "dev", a.device(nwid));
    assertThat(tcpConnects()).as("TCP under [not ipprotocol 6, drop, accept]").isTrue();
    assertThat(
            Shell.check(
                "ip", "netns", "exec", nsA, "ip", "neigh", "show", ipB, "dev", a.device(nwid)))
        .as("ARP passed")
        .contains("lladdr " + b.mac(nwid));
    assertThat(udpArrives()).as("UDP under [not ipprotocol 6, drop, accept]").isFalse();
    assertThat(lab.ping("a", ipB)).as("ping under [not ipprotocol 6, drop, accept]").isFalse();
  }

  @Test
  @Order(7)
  void shouldGrantByCapabilityWhatTheBaseRulesLeaveAndSeparateTagsByRule() throws Exception {
    // ICMP is left to capabilities (BREAK); everything else passes between equal tags only
    lab.controller().updateMember(nwid, a.address(), Map.of("tags", List.of(List.of(1000, 1))));
    lab.controller().updateMember(nwid, b.address(), Map.of("tags", List.of(List.of(1000, 1))));
    applyNetwork(
        Map.of(
            "tags",
            List.of(Map.of("id", 1000)),
            "capabilities",
            List.of(
                Map.of(
                    "id",
                    1,
                    "rules",
                    List.of(
                        Map.of("type", "MATCH_IP_PROTOCOL", "ipProtocol", 1),
                        Map.of("type", "ACTION_ACCEPT")))),
            "rules",
            List.of(
                Map.of("type", "MATCH_IP_PROTOCOL", "ipProtocol", 1),
                Map.of("type", "ACTION_BREAK"),
                Map.of("type", "MATCH_TAGS_DIFFERENCE", "id", 1000, "value", 0),
                Map.of("type", "ACTION_ACCEPT"),
                Map.of("type", "ACTION_DROP"))),
        "[ipprotocol 1, break, tags_difference 1000 0, accept, drop] + capability 1");
    await("TCP between equal tags").atMost(CONFIG_TIMEOUT).until(StockFeaturesIT::tcpConnects);
    await("no ICMP without the capability")
        .atMost(Duration.ofSeconds(10))
        .until(() -> !lab.ping("a", ipB));

    long granted = System.nanoTime();
    lab.controller().updateMember(nwid, a.address(), Map.of("capabilities", List.of(1)));
    lab.controller().updateMember(nwid, b.address(), Map.of("capabilities", List.of(1)));
    await("ICMP granted by the capability")
        .atMost(CONFIG_TIMEOUT)
        .until(() -> lab.ping("a", ipB) && lab.ping("b", ipA));
    long capability = millisSince(granted);

    long retagged = System.nanoTime();
    lab.controller().updateMember(nwid, b.address(), Map.of("tags", List.of(List.of(1000, 5))));
    await("TCP dropped between different tags").atMost(CONFIG_TIMEOUT).until(() -> !tcpConnects());
    long tagged = millisSince(retagged);
    assertThat(lab.ping("a", ipB)).as("the capability still grants ICMP").isTrue();
    System.out.printf(
        "StockFeaturesIT: capability granting ICMP in effect %d ms after the API calls, a tag"
            + " change separating the members %d ms after%n",
        capability, tagged);
  }

  /**
   * Changes the network and waits until both stock members apply its config of that revision or a
   * later one (a config's revision is the network's).
   */
  private static void applyNetwork(Map<String, ?> change, String what) throws Exception {
    long started = System.nanoTime();
    long revision = lab.controller().updateNetwork(nwid, change).getLong("revision");
    await("both members apply " + what)
        .atMost(CONFIG_TIMEOUT)
        .ignoreExceptions()
        .until(() -> a.netconfRevision(nwid) >= revision && b.netconfRevision(nwid) >= revision);
    System.out.printf(
        "StockFeaturesIT: %s applied by both stock members %d ms after the API call%n",
        what, millisSince(started));
  }

  private static String ipv6(StockNode node, String prefix) throws Exception {
    return node.assignedAddresses(nwid).stream()
        .filter(address -> address.startsWith(prefix))
        .map(address -> address.substring(0, address.indexOf('/')))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + prefix + " address"));
  }

  private static long fiveBytes(ByteBuffer buffer) {
    long value = 0;
    for (int i = 0; i < 5; i++) {
      value = (value << 8) | (buffer.get() & 0xff);
    }
    return value;
  }

  /** The IPv6 addresses {@code ip -6 addr} shows on that device in that host's namespace. */
  private static List<InetAddress> interfaceAddresses(String host, String device) throws Exception {
    String shown =
        Shell.check(
            "ip",
            "netns",
            "exec",
            lab.network().namespace(host),
            "ip",
            "-6",
            "-o",
            "addr",
            "show",
            "dev",
            device);
    List<InetAddress> addresses = new ArrayList<>();
    Matcher matcher = Pattern.compile("inet6 ([0-9a-f:]+)/").matcher(shown);
    while (matcher.find()) {
      addresses.add(InetAddress.getByName(matcher.group(1)));
    }
    return addresses;
  }

  /** Whether a TCP handshake from a to b's listener completes within 2 s. */
  private static boolean tcpConnects() throws Exception {
    return inA.call(
        () -> {
          try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(ipB, TCP_PORT), 2000);
            return true;
          } catch (IOException e) {
            return false;
          }
        });
  }

  /** Whether a datagram from a reaches b's socket within 2 s. */
  private static boolean udpArrives() throws Exception {
    byte[] sent = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
    inA.call(
        () -> {
          try (DatagramSocket socket = new DatagramSocket()) {
            socket.send(
                new DatagramPacket(sent, sent.length, new InetSocketAddress(ipB, UDP_PORT)));
          }
          return null;
        });
    byte[] buffer = new byte[sent.length];
    try {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      udpListener.receive(packet);
      return new String(buffer, StandardCharsets.US_ASCII)
          .equals(new String(sent, StandardCharsets.US_ASCII));
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }
}
