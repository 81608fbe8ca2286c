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
 * gets its config and address, and pings another stock member (one with UDP) through the relay both
 * ways. A newcomer may use the relay for exactly this and nothing more.
 */
class StockThroughRelayIT {

  private static final Duration START = Duration.ofSeconds(90);
  private static final String TOKEN = UUID.randomUUID().toString().replace("-", "");

  private static final Deque<AutoCloseable> toClose = new ArrayDeque<>();
  private static Path work;
  private static String hostAddress;
  private static Host relayed;
  private static Host direct;
  private static StockNode stock;
  private static StockNode peer;
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
      int base = 8 * ThreadLocalRandom.current().nextInt(1, 30);
      relayed = link(prefix, "stock", base);
      direct = link(prefix, "peer", base + 8);
      dropUdp(relayed);
      hostAddress = relayed.gateway();
      startControlPlane();
      stock =
          StockNode.start(
              Path.of(binary),
              relayed.namespace(),
              work.resolve("stock"),
              work.resolve("planet"),
              hostAddress + "/" + relayPort);
      toClose.push(stock);
      // A member with UDP, for the relayed one to talk to.
      peer =
          StockNode.start(
              Path.of(binary),
              direct.namespace(),
              work.resolve("peer"),
              work.resolve("planet"),
              null);
      toClose.push(peer);
    } catch (Exception | AssertionError e) {
      stop();
      throw e;
    }
  }

  /** A namespace linked to this one by a veth pair; {@code gateway} is this side's address. */
  private record Host(String namespace, String address, String gateway, String link) {}

  /**
   * A host's namespace, linked to this one by a veth pair in its own /29 of TEST-NET-2 (global
   * scope for the stock build used), its default route through this namespace.
   */
  private static Host link(String prefix, String name, int base) throws Exception {
    Host host =
        new Host(
            prefix + "-" + name,
            "198.51.100." + (base + 2),
            "198.51.100." + (base + 1),
            prefix + "-" + name.charAt(0));
    String hostSide = host.link() + "h";
    Shell.check("ip", "netns", "add", host.namespace());
    toClose.push(() -> Shell.run(List.of("ip", "netns", "delete", host.namespace()), null, 30));
    Shell.check("ip", "link", "add", hostSide, "type", "veth", "peer", "name", host.link());
    toClose.push(() -> Shell.run(List.of("ip", "link", "delete", hostSide), null, 30));
    Shell.check("ip", "link", "set", host.link(), "netns", host.namespace());
    Shell.check("ip", "addr", "add", host.gateway() + "/29", "dev", hostSide);
    Shell.check("ip", "link", "set", hostSide, "up");
    in(host, "ip", "addr", "add", host.address() + "/29", "dev", host.link());
    in(host, "ip", "link", "set", host.link(), "up");
    in(host, "ip", "link", "set", "lo", "up");
    in(host, "ip", "route", "add", "default", "via", host.gateway());
    return host;
  }

  /** Drops every UDP datagram on the host's link: only TCP, to the relay, gets through. */
  private static void dropUdp(Host host) throws Exception {
    in(
        host,
        "nft",
        "add table inet stock_no_udp;"
            + " add chain inet stock_no_udp in { type filter hook input priority 0; };"
            + " add chain inet stock_no_udp out { type filter hook output priority 0; };"
            + " add rule inet stock_no_udp in iifname "
            + host.link()
            + " meta l4proto udp drop;"
            + " add rule inet stock_no_udp out oifname "
            + host.link()
            + " meta l4proto udp drop");
  }

  private static String in(Host host, String... command) throws Exception {
    String[] full = new String[command.length + 4];
    full[0] = "ip";
    full[1] = "netns";
    full[2] = "exec";
    full[3] = host.namespace();
    System.arraycopy(command, 0, full, 4, command.length);
    return Shell.check(full);
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
    // The daemon's local API may not answer yet: the CLI fails until it does.
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
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
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              JsonNode network = stock.network(nwid);
              assertThat(network.path("status").asText()).as(network.toString()).isEqualTo("OK");
              assertThat(network.path("assignedAddresses").toString()).contains("10.147.40.");
            });
    System.out.printf(
        "StockThroughRelayIT: config with its address %d ms after the authorization%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - authorized));

    String peerAddress = peer.address();
    peer.cli("join", nwid);
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> !controller.member(nwid, peerAddress).getBoolean("authorized"));
    controller.authorize(nwid, peerAddress);
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(() -> peer.assignedIpv4(nwid).isPresent());
    String relayedIp = stock.assignedIpv4(nwid).orElseThrow();
    String peerIp = peer.assignedIpv4(nwid).orElseThrow();
    long pinging = System.nanoTime();
    await("the relayed member pings the other")
        .atMost(Duration.ofSeconds(60))
        .until(() -> ping(relayed, peerIp));
    await("the other member pings the relayed one")
        .atMost(Duration.ofSeconds(30))
        .until(() -> ping(direct, relayedIp));
    System.out.printf(
        "StockThroughRelayIT: pings both ways through the relay %d ms after the second member's"
            + " config%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pinging));

    String metrics = relayMetrics();
    assertThat(metrics).containsPattern("orbital_relay_connections_accepted_total [1-9]");
    assertThat(metrics)
        .containsPattern("orbital_relay_packets_total\\{direction=\"to-udp\"} [1-9]");
  }

  private static boolean ping(Host from, String address) throws Exception {
    return Shell.run(
            List.of(
                "ip",
                "netns",
                "exec",
                from.namespace(),
                "ping",
                "-n",
                "-c",
                "1",
                "-W",
                "1",
                address),
            null,
            10)
        .ok();
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
