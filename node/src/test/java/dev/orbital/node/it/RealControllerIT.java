package dev.orbital.node.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbital.node.NodeDaemon;
import dev.orbital.node.NodeOptions;
import dev.orbital.node.control.NetworkState;
import dev.orbital.node.control.NetworkStatus;
import dev.orbital.testing.kafka.KafkaTestBroker;
import dev.orbital.testing.process.ServiceProcess;
import io.restassured.specification.RequestSpecification;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine against the real controller: controller-service's packaged jar with a real Kafka
 * broker and the real root (root-server's jar), two nodes in namespaces. They are refused until an
 * admin authorizes them through the controller's REST API, then get their config and the assigned
 * address on their TAP and ping each other; a deauthorized node drops its config at once, since the
 * controller pushes the refusal.
 */
class RealControllerIT {

  private static final Duration START = Duration.ofSeconds(90);

  @TempDir static Path temp;

  static Lab lab;
  static RootServer root;
  static KafkaTestBroker kafka;
  static ServiceProcess controller;
  static int controllerHttp;
  static String token;
  static Lab.Namespace nsA;
  static Lab.Namespace nsB;
  static NodeDaemon nodeA;
  static NodeDaemon nodeB;

  @BeforeAll
  static void start() throws Exception {
    lab = Lab.create();
    root = new RootServer(lab.hostAddress(), Files.createDirectories(temp.resolve("root")));
    Path planet = temp.resolve("planet");
    root.writePlanet(planet);
    kafka = KafkaTestBroker.start();
    controllerHttp = freePort();
    token = UUID.randomUUID().toString().replace("-", "");
    controller =
        ServiceProcess.quarkusApp("controller-service")
            .property("quarkus.http.port", controllerHttp)
            .property("quarkus.http.host", "127.0.0.1")
            .property("kafka.bootstrap.servers", kafka.bootstrapServers())
            .property("orbital.controller.data-dir", temp.resolve("controller"))
            .property("orbital.controller.auth-token", token)
            .property("orbital.controller.wire.world-files", planet)
            .property("orbital.controller.wire.port", 0)
            .log(temp.resolve("controller.log"))
            .start();
    controller.awaitHttpOk(
        URI.create("http://127.0.0.1:" + controllerHttp + "/controller?auth=" + token), START);
    nsA = lab.namespace();
    nsB = lab.namespace();
    nodeA = startNode(nsA, "a");
    nodeB = startNode(nsB, "b");
  }

  private static NodeDaemon startNode(Lab.Namespace ns, String name) throws Exception {
    Path home = Files.createDirectories(temp.resolve(name));
    root.writePlanet(home.resolve("planet"));
    return ns.call(() -> NodeDaemon.start(NodeOptions.of(home).withPort(0)));
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    Teardown.closeAll(nodeA, nodeB, controller, kafka, root, lab);
  }

  @Test
  void shouldBeRefusedUntilAuthorizedThenPingAndDropTheConfigWhenDeauthorized() throws Exception {
    String nwid = createNetwork();
    long networkId = Long.parseUnsignedLong(nwid, 16);
    nodeA.join(networkId);
    nodeB.join(networkId);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(network(nodeA, networkId).state()).isEqualTo(NetworkState.ACCESS_DENIED);
              assertThat(network(nodeB, networkId).state()).isEqualTo(NetworkState.ACCESS_DENIED);
            });
    assertThat(network(nodeA, networkId).assignedAddresses()).isEmpty();

    long authorized = System.nanoTime();
    authorizeBothAndAwaitAddresses(nwid, networkId, "10.77.0.");
    System.out.printf(
        "RealControllerIT: authorized to config on both nodes in %d ms%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - authorized));
    String ipA = ipv4(nodeA, networkId);
    String ipB = ipv4(nodeB, networkId);
    assertThat(ipA).startsWith("10.77.0.");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(network(nodeB, networkId).portDeviceName()).isNotEmpty());
    String device = network(nodeB, networkId).portDeviceName();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(nsB.exec("ip", "-o", "-4", "addr", "show", "dev", device).output())
                    .contains(ipB + "/24"));

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(nsA.exec("ping", "-c", "1", "-W", "1", ipB).status())
                    .as("ping from A to B; A %s; B %s", nodeA.counters(), nodeB.counters())
                    .isZero());
    Lab.Result back = nsB.exec("ping", "-c", "3", "-i", "0.2", "-W", "1", ipA);
    assertThat(back.status()).as(back.output()).isZero();

    long deauthorized = System.nanoTime();
    setAuthorized(nwid, nodeB, false);
    // The bound: traffic stops within 2 s of the deauthorization.
    await()
        .atMost(Duration.ofSeconds(2))
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(
            () -> {
              assertThat(network(nodeB, networkId).state()).isEqualTo(NetworkState.ACCESS_DENIED);
              assertThat(network(nodeB, networkId).assignedAddresses()).isEmpty();
              assertThat(nsB.exec("ip", "-o", "-4", "addr", "show", "dev", device).output())
                  .doesNotContain(ipB);
            });
    System.out.printf(
        "RealControllerIT: deauthorized to traffic stopped in %d ms%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - deauthorized));
    assertThat(nsA.exec("ping", "-c", "1", "-W", "1", ipB).status()).isNotZero();
    assertThat(network(nodeA, networkId).state()).isEqualTo(NetworkState.OK);

    // Its old address put back on the TAP by hand, B still reaches no one: with no config its
    // own engine sends nothing (so A never sees, nor counts, a frame of B's).
    nsB.exec("ip", "addr", "add", ipB + "/24", "dev", device);
    long unsentBefore = nodeB.counters().get("dropped_no_network");
    Lab.Result fromB = nsB.exec("ping", "-c", "3", "-i", "0.2", "-W", "1", ipA);
    assertThat(fromB.status()).as(fromB.output()).isNotZero();
    assertThat(nodeB.counters().get("dropped_no_network")).isGreaterThan(unsentBefore);
  }

  /**
   * A deauthorized B that ignores its refusal (here: it never gets it, its namespace drops every
   * packet from the controller) keeps its config, COM and address and keeps sending. A got the
   * controller's revocation of B's COM, so it drops B's frames: B's pings go unanswered and A
   * counts them as not-member drops, within the 2 s of the deauthorization.
   */
  @Test
  void shouldDropTheFramesOfADeauthorizedMemberThatIgnoresItsRefusal() throws Exception {
    String nwid = createNetwork("10.78.0");
    long networkId = Long.parseUnsignedLong(nwid, 16);
    nodeA.join(networkId);
    nodeB.join(networkId);
    authorizeBothAndAwaitAddresses(nwid, networkId, "10.78.0.");
    String ipA = ipv4(nodeA, networkId);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(nsB.exec("ping", "-c", "1", "-W", "1", ipA).status())
                    .as("ping from B to A; A %s; B %s", nodeA.counters(), nodeB.counters())
                    .isZero());

    String table = "orbital_revoke_" + Long.toHexString(System.nanoTime() & 0xffffff);
    long controllerAddress = networkId >>> 24;
    Process ping = null;
    try {
      // The ZeroTier header's source address (bytes 13..17 of the UDP payload) is the
      // controller's on everything it sends, direct or relayed by the root.
      Lab.run("ip", "netns", "exec", nsB.name, "nft", "add", "table", "inet", table);
      Lab.run(
          "ip",
          "netns",
          "exec",
          nsB.name,
          "nft",
          "add",
          "chain",
          "inet",
          table,
          "in",
          "{ type filter hook input priority 0 ; }");
      Lab.run(
          "ip",
          "netns",
          "exec",
          nsB.name,
          "nft",
          "add",
          "rule",
          "inet",
          table,
          "in",
          "meta",
          "l4proto",
          "udp",
          "@th,168,40",
          String.format("0x%010x", controllerAddress),
          "drop");
      ping =
          new ProcessBuilder(
                  "ip", "netns", "exec", nsB.name, "ping", "-n", "-i", "0.1", "-W", "1", ipA)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      long droppedBefore = nodeA.counters().get("dropped_not_member");
      long deauthorized = System.nanoTime();
      setAuthorized(nwid, nodeB, false);
      await()
          .atMost(Duration.ofSeconds(2))
          .pollInterval(Duration.ofMillis(20))
          .untilAsserted(
              () ->
                  assertThat(nodeA.counters().get("dropped_not_member"))
                      .as("A %s; B %s", nodeA.counters(), nodeB.counters())
                      .isGreaterThan(droppedBefore));
      System.out.printf(
          "RealControllerIT: deauthorized to A dropping B's frames in %d ms%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - deauthorized));
      assertThat(network(nodeB, networkId).state()).isEqualTo(NetworkState.OK);
      assertThat(ipv4(nodeB, networkId)).isNotEmpty();
      Lab.Result after = nsB.exec("ping", "-c", "3", "-i", "0.2", "-W", "1", ipA);
      assertThat(after.status()).as(after.output()).isNotZero();
    } finally {
      if (ping != null) {
        ping.destroy();
        ping.waitFor();
      }
      nsB.exec("nft", "delete", "table", "inet", table);
      nodeA.leave(networkId);
      nodeB.leave(networkId);
    }
  }

  /** Authorizes both nodes through REST and waits until each has a pool address on its TAP. */
  private static void authorizeBothAndAwaitAddresses(String nwid, long networkId, String pool) {
    setAuthorized(nwid, nodeA, true);
    setAuthorized(nwid, nodeB, true);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () -> {
              assertThat(ipv4(nodeA, networkId)).startsWith(pool);
              assertThat(ipv4(nodeB, networkId)).startsWith(pool);
            });
  }

  private static NetworkStatus network(NodeDaemon node, long networkId) {
    return node.network(networkId).orElseThrow();
  }

  private static String ipv4(NodeDaemon node, long networkId) {
    for (String address : network(node, networkId).assignedAddresses()) {
      if (address.matches("\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+")) {
        return address.substring(0, address.indexOf('/'));
      }
    }
    return "";
  }

  private static RequestSpecification admin() {
    return given()
        .baseUri("http://127.0.0.1")
        .port(controllerHttp)
        .header("X-ZT1-Auth", token)
        .contentType("application/json");
  }

  private static String createNetwork() {
    return createNetwork("10.77.0");
  }

  private static String createNetwork(String subnet) {
    return admin()
        .body(
            Map.of(
                "name",
                "engine",
                "private",
                true,
                "v4AssignMode",
                Map.of("zt", true),
                "ipAssignmentPools",
                List.of(Map.of("ipRangeStart", subnet + ".10", "ipRangeEnd", subnet + ".50")),
                "routes",
                List.of(Map.of("target", subnet + ".0/24"))))
        .post("/controller/network")
        .then()
        .statusCode(200)
        .extract()
        .path("id");
  }

  private static void setAuthorized(String nwid, NodeDaemon node, boolean authorized) {
    admin()
        .body(Map.of("authorized", authorized))
        .post("/controller/network/" + nwid + "/member/" + node.identity().address())
        .then()
        .statusCode(200);
  }
}
