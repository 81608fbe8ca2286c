package dev.orbital.node.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbital.testing.kafka.KafkaTestBroker;
import dev.orbital.testing.process.ServiceProcess;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A stock ZeroTier One that can reach Orbital only through the relay joins a network: its namespace
 * drops every UDP datagram on its link and its {@code local.conf} forces the TCP relay (the
 * TEST-NET-as-global build, since stock relays only toward global addresses). Through the packaged
 * relay, under its default policy, it comes online at the packaged root, its config request reaches
 * the packaged controller (it shows as a pending member), and once authorized through the API it
 * gets its config and address. A newcomer may use the relay for exactly this.
 */
class StockThroughRelayIT {

  private static final Duration START = Duration.ofSeconds(90);
  private static final String TOKEN = UUID.randomUUID().toString().replace("-", "");

  private static final Deque<AutoCloseable> toClose = new ArrayDeque<>();
  private static Path work;
  private static String namespace;
  private static String hostAddress;
  private static StockNode stock;
  private static ControllerClient controller;
  private static int relayPort;
  private static int relayHttp;

  @BeforeAll
  static void start() throws Exception {
    String binary = System.getenv("ZEROTIER_ONE_TESTNET_GLOBAL");
    Assumptions.assumeTrue(
        binary != null && Files.isExecutable(Path.of(binary)),
        "ZEROTIER_ONE_TESTNET_GLOBAL names no stock zerotier-one (./orbital test sets it)");
    String prefix = "ostk" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000));
    work = ServiceProcess.repositoryRoot().resolve("node/target/e2e").resolve(prefix + "-relay");
    Files.createDirectories(work);
    try {
      link(prefix);
      startControlPlane();
      stock =
          StockNode.start(
              Path.of(binary),
              namespace,
              work.resolve("stock"),
              work.resolve("planet"),
              hostAddress + "/" + relayPort);
      toClose.push(stock);
    } catch (Exception | AssertionError e) {
      stop();
      throw e;
    }
  }

  /**
   * The stock host's namespace, linked to this one by a veth pair in a random /29 of TEST-NET-2
   * (global scope for the stock build used), with every UDP datagram on its link dropped.
   */
  private static void link(String prefix) throws Exception {
    int base = 8 * ThreadLocalRandom.current().nextInt(1, 31);
    hostAddress = "198.51.100." + (base + 1);
    String stockAddress = "198.51.100." + (base + 2);
    namespace = prefix + "-stock";
    String hostSide = prefix + "-h";
    String stockSide = prefix + "-s";
    Shell.check("ip", "netns", "add", namespace);
    toClose.push(() -> Shell.run(List.of("ip", "netns", "delete", namespace), null, 30));
    Shell.check("ip", "link", "add", hostSide, "type", "veth", "peer", "name", stockSide);
    toClose.push(() -> Shell.run(List.of("ip", "link", "delete", hostSide), null, 30));
    Shell.check("ip", "link", "set", stockSide, "netns", namespace);
    Shell.check("ip", "addr", "add", hostAddress + "/29", "dev", hostSide);
    Shell.check("ip", "link", "set", hostSide, "up");
    inNamespace("ip", "addr", "add", stockAddress + "/29", "dev", stockSide);
    inNamespace("ip", "link", "set", stockSide, "up");
    inNamespace("ip", "link", "set", "lo", "up");
    inNamespace(
        "nft",
        "add table inet stock_no_udp;"
            + " add chain inet stock_no_udp in { type filter hook input priority 0; };"
            + " add chain inet stock_no_udp out { type filter hook output priority 0; };"
            + " add rule inet stock_no_udp in iifname "
            + stockSide
            + " meta l4proto udp drop;"
            + " add rule inet stock_no_udp out oifname "
            + stockSide
            + " meta l4proto udp drop");
  }

  private static void inNamespace(String... command) throws Exception {
    String[] full = new String[command.length + 4];
    full[0] = "ip";
    full[1] = "netns";
    full[2] = "exec";
    full[3] = namespace;
    System.arraycopy(command, 0, full, 4, command.length);
    Shell.check(full);
  }

  /** Kafka, the root (with presence), the controller and the relay, all packaged, all here. */
  private static void startControlPlane() throws Exception {
    KafkaTestBroker kafka = KafkaTestBroker.start();
    toClose.push(kafka);
    int rootUdp = freeUdpPort();
    int rootHttp = freeTcpPort();
    ServiceProcess root =
        ServiceProcess.quarkusApp("root-server")
            .property("quarkus.http.port", rootHttp)
            .property("quarkus.http.host", "127.0.0.1")
            .property("orbital.root.port", rootUdp)
            .property("orbital.root.bind-address", hostAddress)
            .property("orbital.root.data-dir", work.resolve("root"))
            .property("orbital.root.auth-token", TOKEN)
            .property(
                "orbital.root.world.id", ThreadLocalRandom.current().nextLong(1L << 32, 1L << 40))
            .property("orbital.root.world.timestamp", 1)
            .property("orbital.root.world.roots[0].endpoints", hostAddress + "/" + rootUdp)
            .property("kafka.bootstrap.servers", kafka.bootstrapServers())
            .log(work.resolve("root.log"))
            .start();
    toClose.push(root);
    URI planetUri = URI.create("http://127.0.0.1:" + rootHttp + "/world/planet");
    root.awaitHttpOk(planetUri, START);
    Path planet = work.resolve("planet");
    HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(planetUri).build(), HttpResponse.BodyHandlers.ofFile(planet));

    int controllerHttp = freeTcpPort();
    ServiceProcess controllerProcess =
        ServiceProcess.quarkusApp("controller-service")
            .property("quarkus.http.port", controllerHttp)
            .property("quarkus.http.host", "127.0.0.1")
            .property("kafka.bootstrap.servers", kafka.bootstrapServers())
            .property("orbital.controller.data-dir", work.resolve("controller"))
            .property("orbital.controller.auth-token", TOKEN)
            .property("orbital.controller.wire.world-files", planet)
            .property("orbital.controller.wire.port", 0)
            .log(work.resolve("controller.log"))
            .start();
    toClose.push(controllerProcess);
    controllerProcess.awaitHttpOk(
        URI.create("http://127.0.0.1:" + controllerHttp + "/controller?auth=" + TOKEN), START);
    controller = new ControllerClient(controllerHttp, TOKEN);

    relayPort = freeTcpPort();
    relayHttp = freeTcpPort();
    ServiceProcess relay =
        ServiceProcess.quarkusApp("relay-service")
            .property("quarkus.http.port", relayHttp)
            .property("quarkus.http.host", "127.0.0.1")
            .property("orbital.relay.port", relayPort)
            .property("orbital.relay.bind-address", hostAddress)
            .property("orbital.relay.websocket.enabled", false)
            .property("orbital.relay.membership.world-files", planet)
            .property("orbital.relay.auth-token", TOKEN)
            .property("kafka.bootstrap.servers", kafka.bootstrapServers())
            .log(work.resolve("relay.log"))
            .start();
    toClose.push(relay);
    relay.awaitHttpOk(URI.create("http://127.0.0.1:" + relayHttp + "/q/health/ready"), START);
  }

  @AfterAll
  static void stop() throws Exception {
    Exception failure = null;
    while (!toClose.isEmpty()) {
      try {
        toClose.pop().close();
      } catch (Exception e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Test
  void shouldComeOnlineShowAsPendingAndGetItsConfigThroughTheRelayAlone() throws Exception {
    String nwid =
        controller.createNetwork("relayed", "10.147.40.10", "10.147.40.20", "10.147.40.0/24", 2800);
    long started = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              JsonNode info = stock.cliJson("info");
              assertThat(info.path("online").asBoolean()).as(info.toString()).isTrue();
              assertThat(info.path("tcpFallbackActive").asBoolean()).isTrue();
            });
    String address = stock.cliJson("info").path("address").asText();
    System.out.printf(
        "StockThroughRelayIT: stock %s online through the relay after %d ms%n",
        address, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

    stock.cli("join", nwid);
    long joined = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(controller.member(nwid, address).getBoolean("authorized")).isFalse());
    System.out.printf(
        "StockThroughRelayIT: pending member %d ms after join%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - joined));
    assertThat(stock.network(nwid).path("status").asText()).isEqualTo("ACCESS_DENIED");

    controller.authorize(nwid, address);
    long authorized = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              JsonNode network = stock.network(nwid);
              assertThat(network.path("status").asText()).as(network.toString()).isEqualTo("OK");
              assertThat(network.path("assignedAddresses").toString()).contains("10.147.40.");
            });
    System.out.printf(
        "StockThroughRelayIT: config with its address %d ms after the authorization%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - authorized));

    String metrics = relayMetrics();
    assertThat(metrics).containsPattern("orbital_relay_connections_accepted_total [1-9]");
    assertThat(metrics)
        .containsPattern("orbital_relay_packets_total\\{direction=\"to-udp\"} [1-9]");
  }

  private static String relayMetrics() throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + relayHttp + "/q/metrics"))
                .header("X-ZT1-Auth", TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static int freeTcpPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket socket = new DatagramSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
