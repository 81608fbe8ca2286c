package dev.orbital.node.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.packet.PacketHeader;
import dev.orbital.protocol.verb.OkHello;
import dev.orbital.testing.kafka.KafkaTestBroker;
import dev.orbital.testing.process.ServiceProcess;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A test node says HELLO to a real root (the packaged root-server) through the packaged relay
 * (production {@code members} policy, following a real broker, the root's endpoint from its planet
 * file), over plain TCP and over WebSocket with TLS pinned to the certificate fingerprint the relay
 * logged, and gets the root's OK(HELLO) back through the relay.
 */
class RootThroughRelayIT {

  private static final long WORLD_ID = 1234567890L;
  private static final long WORLD_TIMESTAMP = 1700000000000L;
  private static final Duration START = Duration.ofSeconds(90);
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Pattern FINGERPRINT =
      Pattern.compile("SHA-256 ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})");

  private static KafkaTestBroker kafka;
  private static ServiceProcess root;
  private static ServiceProcess relay;
  private static Identity rootIdentity;
  private static Identity nodeIdentity;
  private static InetSocketAddress rootEndpoint;
  private static int relayTcpPort;
  private static int relayWssPort;
  private static Path dataDir;

  @BeforeAll
  static void start() throws Exception {
    SecureRandom random = new SecureRandom();
    rootIdentity = Identity.generate(random);
    nodeIdentity = Identity.generate(random);
    kafka = KafkaTestBroker.start();
    createDirectoryTopics(kafka.bootstrapServers());
    dataDir = Files.createTempDirectory("relay-it-root-");

    int rootPort = freeUdpPort();
    int rootHttp = freeTcpPort();
    rootEndpoint = new InetSocketAddress("127.0.0.1", rootPort);
    root =
        ServiceProcess.quarkusApp("root-server")
            .property("quarkus.http.port", rootHttp)
            .property("quarkus.http.host", "127.0.0.1")
            .property("orbital.root.port", rootPort)
            .property("orbital.root.bind-address", "127.0.0.1")
            .property("orbital.root.data-dir", dataDir)
            .property("orbital.root.identity", rootIdentity.toSecretString())
            .property("orbital.root.world.id", WORLD_ID)
            .property("orbital.root.world.timestamp", WORLD_TIMESTAMP)
            .property("orbital.root.world.roots[0].endpoints", "127.0.0.1/" + rootPort)
            .property("orbital.root.presence.enabled", false)
            .property("kafka.bootstrap.servers", kafka.bootstrapServers())
            .start();

    root.awaitHttpOk(URI.create("http://127.0.0.1:" + rootHttp + "/q/health/ready"), START);
    Path planet = dataDir.resolve("planet");
    HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rootHttp + "/world/planet"))
                .build(),
            HttpResponse.BodyHandlers.ofFile(planet));

    relayTcpPort = freeTcpPort();
    relayWssPort = freeTcpPort();
    int relayHttp = freeTcpPort();
    relay =
        ServiceProcess.quarkusApp("relay-service")
            .property("quarkus.http.port", relayHttp)
            .property("quarkus.http.host", "127.0.0.1")
            .property("orbital.relay.port", relayTcpPort)
            .property("orbital.relay.bind-address", "127.0.0.1")
            .property("orbital.relay.websocket.port", relayWssPort)
            .property("orbital.relay.websocket.bind-address", "127.0.0.1")
            .property("orbital.relay.policy", "members")
            .property("orbital.relay.membership.world-files", planet)
            .property("kafka.bootstrap.servers", kafka.bootstrapServers())
            .start();

    relay.awaitHttpOk(URI.create("http://127.0.0.1:" + relayHttp + "/q/health/ready"), START);
  }

  @AfterAll
  static void stop() throws IOException {
    if (relay != null) {
      relay.close();
    }
    if (root != null) {
      root.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    if (dataDir != null) {
      try (var files = Files.walk(dataDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void shouldGetOkHelloFromTheRootThroughTheTcpRelay() throws Exception {
    helloThrough(RelayClientOptions.of(URI.create("tcp://127.0.0.1:" + relayTcpPort)));
  }

  @Test
  void shouldGetOkHelloFromTheRootThroughTheWebSocketRelayPinnedToTheLoggedCertificate()
      throws Exception {
    String log = Files.readString(relay.log(), StandardCharsets.UTF_8);
    Matcher fingerprint = FINGERPRINT.matcher(log);
    assertThat(fingerprint.find()).as("the relay logs its certificate's fingerprint").isTrue();

    helloThrough(
        RelayClientOptions.of(URI.create("wss://127.0.0.1:" + relayWssPort + "/relay"))
            .withPinnedSha256(fingerprint.group(1)));
  }

  private void helloThrough(RelayClientOptions options) throws Exception {
    TestNodeHello node = new TestNodeHello(nodeIdentity, rootIdentity);
    BlockingQueue<OkHello> answers = new LinkedBlockingQueue<>();
    try (RelayClient client =
        RelayClient.start(
            options,
            (from, datagram) -> {
              OkHello ok = node.okHello(datagram);
              if (ok != null && rootEndpoint.equals(from)) {
                answers.add(ok);
              }
            })) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      OkHello answer = null;
      long sentId = 0;
      // HELLO is retried as a node retries it: the first may race the connection or the root's
      // identity check.
      while (answer == null && System.nanoTime() < deadline) {
        if (client.isConnected()) {
          byte[] hello = node.hello(rootEndpoint, WORLD_ID, WORLD_TIMESTAMP);
          sentId = PacketHeader.id(hello);
          client.send(rootEndpoint, hello, 0, hello.length);
        }
        answer = answers.poll(500, TimeUnit.MILLISECONDS);
        while (answer != null && answer.inRePacketId() != sentId) {
          answer = answers.poll(500, TimeUnit.MILLISECONDS);
        }
      }

      assertThat(answer)
          .as("OK(HELLO) from the root through the relay\n" + relay.logTail(20))
          .isNotNull();
      assertThat(answer.inRePacketId()).isEqualTo(sentId);
      assertThat(answer.majorVersion()).isPositive();
    }
  }

  /** The topics the relay follows, as the controller would create them (no controller here). */
  private static void createDirectoryTopics(String bootstrap) throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(p)) {
      admin
          .createTopics(
              List.of("orbital.networks", "orbital.members", "orbital.presence").stream()
                  .map(
                      name ->
                          new NewTopic(name, 1, (short) 1)
                              .configs(Map.of("cleanup.policy", "compact")))
                  .toList())
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  private static int freeTcpPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      return socket.getLocalPort();
    }
  }
}
