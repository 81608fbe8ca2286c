package dev.orbital.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbital.node.NodeDaemon;
import dev.orbital.node.NodeOptions;
import dev.orbital.node.relay.RelayClientOptions;
import dev.orbital.testing.kafka.KafkaTestBroker;
import dev.orbital.testing.process.ServiceProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes whose namespaces drop every UDP datagram (nftables), so that neither the root nor the
 * other node answers over UDP: they fall back to the packaged relay-service over TCP, get their
 * config and ping each other through it, and go back to UDP once it flows again.
 */
class RelayFallbackIT {

  private static final Duration START = Duration.ofSeconds(90);
  private static final Pattern RTT = Pattern.compile("= [\\d.]+/([\\d.]+)/");

  @TempDir static Path temp;

  static Lab lab;
  static RootServer root;
  static TestController controller;
  static KafkaTestBroker kafka;
  static ServiceProcess relay;
  static Lab.Namespace nsA;
  static Lab.Namespace nsB;
  static NodeDaemon nodeA;
  static NodeDaemon nodeB;

  @BeforeAll
  static void start() throws Exception {
    lab = Lab.create();
    root = new RootServer(lab.hostAddress(), Files.createDirectories(temp.resolve("root")));
    controller = new TestController(root.endpoint(), root.identity());
    kafka = KafkaTestBroker.start();
    int relayPort = freePort();
    int relayHttp = freePort();
    relay =
        ServiceProcess.quarkusApp("relay-service")
            .property("quarkus.http.port", relayHttp)
            .property("quarkus.http.host", "127.0.0.1")
            .property("orbital.relay.port", relayPort)
            .property("orbital.relay.bind-address", lab.hostAddress())
            .property("orbital.relay.websocket.enabled", false)
            .property("orbital.relay.policy", "open")
            .property("kafka.bootstrap.servers", kafka.bootstrapServers())
            .log(temp.resolve("relay.log"))
            .start();
    relay.awaitHttpOk(URI.create("http://127.0.0.1:" + relayHttp + "/q/health/ready"), START);
    nsA = lab.namespace();
    nsB = lab.namespace();
    blockUdp(nsA);
    blockUdp(nsB);
    URI relayUri = URI.create("tcp://" + lab.hostAddress() + ":" + relayPort);
    nodeA = startNode(nsA, "a", relayUri);
    nodeB = startNode(nsB, "b", relayUri);
    controller.authorize(nodeA.identity().address(), 1);
    controller.authorize(nodeB.identity().address(), 2);
  }

  private static NodeDaemon startNode(Lab.Namespace ns, String name, URI relayUri)
      throws Exception {
    Path home = Files.createDirectories(temp.resolve(name));
    root.writePlanet(home.resolve("planet"));
    NodeOptions options =
        NodeOptions.of(home)
            .withPort(0)
            .withRelay(
                RelayClientOptions.of(relayUri)
                    .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)),
                false);
    return ns.call(() -> NodeDaemon.start(options));
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Drops every UDP datagram in and out of the namespace; TCP (to the relay) still flows. */
  private static void blockUdp(Lab.Namespace ns) throws Exception {
    Lab.Result result =
        ns.exec(
            "nft",
            "add table inet ne_udp_block;"
                + " add chain inet ne_udp_block in { type filter hook input priority 0; };"
                + " add chain inet ne_udp_block out { type filter hook output priority 0; };"
                + " add rule inet ne_udp_block in meta l4proto udp drop;"
                + " add rule inet ne_udp_block out meta l4proto udp drop");
    assertThat(result.status()).as(result.output()).isZero();
  }

  private static void allowUdp(Lab.Namespace ns) throws Exception {
    Lab.Result result = ns.exec("nft", "delete table inet ne_udp_block");
    assertThat(result.status()).as(result.output()).isZero();
  }

  @AfterAll
  static void stop() throws Exception {
    Teardown.closeAll(nodeA, nodeB, relay, kafka, controller, root, lab);
  }

  @Test
  void shouldPingThroughTheRelayWhileUdpIsBlockedAndGoBackToUdpWhenItFlows() throws Exception {
    long started = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(nodeA.status().tcpFallbackActive()).isTrue();
              assertThat(nodeB.status().tcpFallbackActive()).isTrue();
            });
    System.out.printf(
        "RelayFallbackIT: both nodes on the relay %d ms after start%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

    long nwid = controller.networkId();
    long joined = System.nanoTime();
    nodeA.join(nwid);
    nodeB.join(nwid);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        nsA.exec("ping", "-c", "1", "-W", "1", TestController.SUBNET + "2")
                            .status())
                    .as("ping from A to B; A %s; B %s", nodeA.counters(), nodeB.counters())
                    .isZero());
    System.out.printf(
        "RelayFallbackIT: join to first ping answered through the relay in %d ms%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - joined));
    Lab.Result pings =
        nsA.exec("ping", "-c", "10", "-i", "0.2", "-W", "2", TestController.SUBNET + "2");
    assertThat(pings.status()).as(pings.output()).isZero();
    System.out.printf("RelayFallbackIT: ping RTT through the relay avg %s ms%n", rtt(pings));
    assertThat(nodeA.status().tcpFallbackActive()).isTrue();

    allowUdp(nsA);
    allowUdp(nsB);
    long allowed = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(nodeA.status().tcpFallbackActive()).isFalse();
              assertThat(nodeB.status().tcpFallbackActive()).isFalse();
            });
    System.out.printf(
        "RelayFallbackIT: back on UDP %d ms after UDP flows%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - allowed));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              Lab.Result udp =
                  nsB.exec("ping", "-c", "3", "-i", "0.2", "-W", "2", TestController.SUBNET + "1");
              assertThat(udp.status()).as(udp.output()).isZero();
            });
    Lab.Result udpPings =
        nsA.exec("ping", "-c", "10", "-i", "0.2", "-W", "2", TestController.SUBNET + "2");
    System.out.printf("RelayFallbackIT: ping RTT over UDP avg %s ms%n", rtt(udpPings));
  }

  private static String rtt(Lab.Result ping) {
    Matcher m = RTT.matcher(ping.output());
    return m.find() ? m.group(1) : "?";
  }
}
