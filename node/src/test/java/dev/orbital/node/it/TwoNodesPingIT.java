package dev.orbital.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbital.node.NodeDaemon;
import dev.orbital.node.NodeOptions;
import dev.orbital.node.control.NetworkState;
import dev.orbital.node.control.NetworkStatus;
import dev.orbital.protocol.IpEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes in two network namespaces, a real root server on the host, a controller built from the
 * protocol module: both join, get their config through the root, and ping each other over the
 * virtual network.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesPingIT {

  @TempDir static Path temp;

  static Lab lab;
  static RootServer root;
  static TestController controller;
  static Lab.Namespace nsA;
  static Lab.Namespace nsB;
  static NodeDaemon nodeA;
  static NodeDaemon nodeB;

  @BeforeAll
  static void start() throws Exception {
    lab = Lab.create();
    root = new RootServer(lab.hostAddress(), Files.createDirectories(temp.resolve("root")));
    controller = new TestController(root.endpoint(), root.identity());
    nsA = lab.namespace();
    nsB = lab.namespace();
    nodeA = startNode(nsA, "a");
    nodeB = startNode(nsB, "b");
    controller.authorize(nodeA.identity().address(), 1);
    controller.authorize(nodeB.identity().address(), 2);
  }

  private static NodeDaemon startNode(Lab.Namespace ns, String name) throws Exception {
    Path home = Files.createDirectories(temp.resolve(name));
    root.writePlanet(home.resolve("planet"));
    return ns.call(() -> NodeDaemon.start(NodeOptions.of(home).withPort(0)));
  }

  @AfterAll
  static void stop() throws Exception {
    Teardown.closeAll(nodeA, nodeB, controller, root, lab);
  }

  @Test
  void shouldPingAcrossTheVirtualNetworkOnceBothNodesHaveTheirConfig() throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> nodeA.status().online() && nodeB.status().online());
    long nwid = controller.networkId();
    nodeA.join(nwid);
    nodeB.join(nwid);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(state(nodeA, nwid)).isEqualTo(NetworkState.OK);
              assertThat(state(nodeB, nwid)).isEqualTo(NetworkState.OK);
              assertThat(nodeA.network(nwid).orElseThrow().portDeviceName()).isNotEmpty();
              assertThat(nodeB.network(nwid).orElseThrow().portDeviceName()).isNotEmpty();
            });
    NetworkStatus a = nodeA.network(nwid).orElseThrow();
    IpEndpoint rfc4193 = controller.rfc4193(nodeA.identity().address());
    assertThat(a.assignedAddresses())
        .containsExactlyInAnyOrder(
            TestController.SUBNET + "1/24", rfc4193.ip().getHostAddress() + "/" + rfc4193.port());
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        nsA.exec("ping", "-c", "1", "-W", "1", TestController.SUBNET + "2")
                            .status())
                    .as("ping from A to B; A %s; B %s", nodeA.counters(), nodeB.counters())
                    .isZero());
    Lab.Result ping =
        nsB.exec("ping", "-c", "3", "-i", "0.2", "-W", "1", TestController.SUBNET + "1");
    assertThat(ping.status()).as(ping.output()).isZero();
  }

  @Test
  void shouldReachThePeerOnADirectPathAfterTheRootIntroducedThem() throws Exception {
    long nwid = awaitBothJoined();
    assertThat(
            nsA.exec("ping", "-c", "2", "-i", "0.2", "-W", "2", TestController.SUBNET + "2")
                .status())
        .isZero();
    String bAddress = nodeB.identity().address().toString();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(nodeA.peers())
                    .filteredOn(peer -> peer.address().equals(bAddress))
                    .singleElement()
                    .satisfies(
                        peer -> {
                          assertThat(peer.role()).isEqualTo("LEAF");
                          assertThat(peer.version()).isEqualTo("1.14.1");
                          assertThat(peer.paths())
                              .anySatisfy(
                                  path -> {
                                    assertThat(path.address()).startsWith(nsB.address + "/");
                                    assertThat(path.active()).isTrue();
                                  });
                        }));
    assertThat(nwid).isNotZero();
  }

  @Test
  void shouldReportNotFoundForANetworkItsControllerDoesNotHave() {
    long unknown = controller.networkId() ^ 0x42;
    nodeA.join(unknown);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(state(nodeA, unknown)).isEqualTo(NetworkState.NOT_FOUND));
    assertThat(nodeA.leave(unknown)).isTrue();
    assertThat(nodeA.network(unknown)).isEmpty();
  }

  @Test
  void shouldRemoveTheDeviceOnLeaveAndRejoinAfterARestart() throws Exception {
    long nwid = awaitBothJoined();
    String device = nodeB.network(nwid).orElseThrow().portDeviceName();
    assertThat(nsB.exec("ip", "link", "show", device).status()).isZero();
    assertThat(nodeB.leave(nwid)).isTrue();
    assertThat(nsB.exec("ip", "link", "show", device).status()).isNotZero();
    assertThat(nodeB.leave(nwid)).isFalse();
    nodeB.join(nwid);
    nodeB.close();
    nodeB = startNode(nsB, "b");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(state(nodeB, nwid)).isEqualTo(NetworkState.OK));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        nsB.exec("ping", "-c", "1", "-W", "1", TestController.SUBNET + "1")
                            .status())
                    .isZero());
  }

  @Test
  void shouldSayAccessDeniedToAMemberTheControllerDidNotAuthorize() throws Exception {
    Lab.Namespace nsC = lab.namespace();
    NodeDaemon nodeC = startNode(nsC, "c");
    try {
      long nwid = controller.networkId();
      nodeC.join(nwid);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> assertThat(state(nodeC, nwid)).isEqualTo(NetworkState.ACCESS_DENIED));
      assertThat(nodeC.network(nwid).orElseThrow().portDeviceName()).isEmpty();
    } finally {
      nodeC.close();
    }
  }

  /** Last: B stays shut out until its config (and COM) is renewed. */
  @Test
  @Order(Integer.MAX_VALUE)
  void shouldDropTheFramesOfAMemberTheControllerRevoked() throws Exception {
    awaitBothJoined();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        nsB.exec("ping", "-c", "1", "-W", "1", TestController.SUBNET + "1")
                            .status())
                    .isZero());
    controller.deauthorize(nodeB.identity().address());
    controller.revoke(nodeB.identity().address(), nodeA.identity().address());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              long before = nodeA.counters().get("dropped_not_member");
              assertThat(
                      nsB.exec("ping", "-c", "1", "-W", "1", TestController.SUBNET + "1").status())
                  .isNotZero();
              assertThat(nodeA.counters().get("dropped_not_member")).isGreaterThan(before);
            });
  }

  private static long awaitBothJoined() {
    long nwid = controller.networkId();
    nodeA.join(nwid);
    nodeB.join(nwid);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(state(nodeA, nwid)).isEqualTo(NetworkState.OK);
              assertThat(state(nodeB, nwid)).isEqualTo(NetworkState.OK);
              assertThat(nodeA.network(nwid).orElseThrow().portDeviceName()).isNotEmpty();
              assertThat(nodeB.network(nwid).orElseThrow().portDeviceName()).isNotEmpty();
            });
    return nwid;
  }

  private static NetworkState state(NodeDaemon node, long nwid) {
    Optional<NetworkStatus> status = node.network(nwid);
    return status.map(NetworkStatus::state).orElse(null);
  }
}
