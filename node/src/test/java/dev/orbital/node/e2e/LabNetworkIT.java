package dev.orbital.node.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end harness's network on its own (no Orbital process): hosts reach each other and the
 * root's address through the internet namespace, direct traffic can be blocked while the root's
 * stays, and the two NAT routers behave as named: the full-cone one takes packets from any outside
 * endpoint on the mapped port, the port-restricted one only replies.
 */
class LabNetworkIT {

  private static LabNetwork lab;
  private static NamespaceThread internet;

  @BeforeAll
  static void createLab() throws Exception {
    Map<String, NatMode> hosts = new LinkedHashMap<>();
    hosts.put("a", NatMode.NONE);
    hosts.put("b", NatMode.NONE);
    hosts.put("c", NatMode.ENDPOINT_INDEPENDENT);
    hosts.put("d", NatMode.PORT_RESTRICTED);
    lab = LabNetwork.create("nl" + UUID.randomUUID().toString().substring(0, 4), hosts);
    internet = new NamespaceThread(lab.internet());
  }

  @AfterAll
  static void deleteLab() throws Exception {
    if (internet != null) {
      internet.close();
    }
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void shouldRouteHostsToEachOtherAndToTheRoot() throws Exception {
    assertThat(ping("a", lab.publicAddress("b"))).isTrue();
    assertThat(ping("b", lab.rootAddress())).isTrue();
    assertThat(ping("d", lab.publicAddress("a"))).isTrue();
  }

  @Test
  void shouldBlockDirectTrafficButNotTheRoot() throws Exception {
    lab.blockDirect("a", "b");
    try {
      assertThat(ping("a", lab.publicAddress("b"))).isFalse();
      assertThat(ping("a", lab.rootAddress())).isTrue();
    } finally {
      lab.allowDirect();
    }
    assertThat(ping("a", lab.publicAddress("b"))).isTrue();
  }

  @Test
  void shouldMapThePortAndAcceptAnyOutsideSenderBehindAFullConeRouter() throws Exception {
    try (NamespaceThread host = new NamespaceThread(lab.namespace("c"));
        DatagramSocket inside = bind(host, LabNetwork.NODE_PORT);
        DatagramSocket contacted = bindOutside();
        DatagramSocket stranger = bindOutside()) {
      send(inside, "out", lab.rootAddress(), contacted.getLocalPort());
      DatagramPacket seen = receive(contacted);
      assertThat(seen.getAddress().getHostAddress()).isEqualTo(lab.publicAddress("c"));
      assertThat(seen.getPort()).as("port-preserving mapping").isEqualTo(LabNetwork.NODE_PORT);

      send(stranger, "unsolicited", lab.publicAddress("c"), LabNetwork.NODE_PORT);
      assertThat(text(receive(inside))).isEqualTo("unsolicited");
    }
  }

  @Test
  void shouldLetOnlyRepliesInBehindAPortRestrictedRouter() throws Exception {
    try (NamespaceThread host = new NamespaceThread(lab.namespace("d"));
        DatagramSocket inside = bind(host, LabNetwork.NODE_PORT);
        DatagramSocket contacted = bindOutside();
        DatagramSocket stranger = bindOutside()) {
      send(inside, "out", lab.rootAddress(), contacted.getLocalPort());
      DatagramPacket seen = receive(contacted);
      assertThat(seen.getAddress().getHostAddress()).isEqualTo(lab.publicAddress("d"));
      assertThat(seen.getPort()).isEqualTo(LabNetwork.NODE_PORT);

      send(stranger, "unsolicited", lab.publicAddress("d"), LabNetwork.NODE_PORT);
      send(contacted, "reply", lab.publicAddress("d"), LabNetwork.NODE_PORT);
      assertThat(text(receive(inside))).as("the stranger's packet is dropped").isEqualTo("reply");
      inside.setSoTimeout(500);
      assertThat(receiveOrNull(inside)).isNull();
    }
  }

  private static boolean ping(String host, String address) throws Exception {
    return lab.exec(lab.namespace(host), "ping", "-n", "-c", "1", "-W", "1", address).ok();
  }

  private static DatagramSocket bind(NamespaceThread ns, int port) throws Exception {
    DatagramSocket socket = ns.call(() -> new DatagramSocket(port));
    socket.setSoTimeout(3000);
    return socket;
  }

  /**
   * A socket on the internet at the root's address: bound to it, as the root is, so that what it
   * sends leaves from the address the hosts sent to (a wildcard socket would answer from the
   * address of the link towards the host, which a port-restricted NAT rightly drops).
   */
  private static DatagramSocket bindOutside() throws Exception {
    DatagramSocket socket =
        internet.call(() -> new DatagramSocket(new InetSocketAddress(lab.rootAddress(), 0)));
    socket.setSoTimeout(3000);
    return socket;
  }

  private static void send(DatagramSocket from, String text, String address, int port)
      throws Exception {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    from.send(
        new DatagramPacket(
            data, data.length, new InetSocketAddress(InetAddress.getByName(address), port)));
  }

  private static DatagramPacket receive(DatagramSocket socket) throws Exception {
    DatagramPacket packet = new DatagramPacket(new byte[1500], 1500);
    socket.receive(packet);
    return packet;
  }

  private static DatagramPacket receiveOrNull(DatagramSocket socket) throws Exception {
    try {
      return receive(socket);
    } catch (SocketTimeoutException expected) {
      return null;
    }
  }

  private static String text(DatagramPacket packet) {
    return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
  }
}
