package dev.orbital.node.relay;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.netconf.NetworkAddresses;
import dev.orbital.protocol.packet.PacketHeader;
import dev.orbital.protocol.verb.ErrorCode;
import dev.orbital.protocol.verb.ErrorReply;
import dev.orbital.protocol.verb.Message;
import dev.orbital.protocol.verb.NetworkConfigPush;
import dev.orbital.protocol.verb.OkHello;
import dev.orbital.protocol.verb.OkNetworkConfigRequest;
import dev.orbital.testing.kafka.KafkaTestBroker;
import dev.orbital.testing.process.ServiceProcess;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The relay is no open relay (issue 17), and a newcomer can still join through it (issue 16): the
 * packaged relay ({@code members} policy, production defaults) in front of the packaged root
 * (publishing presence) and the packaged controller, on a real broker. A newcomer that reaches them
 * only through the relay tries it as an open relay every way (a root's address as header
 * destination with any UDP endpoint, its source spoofed as the root and as a member, a member's
 * endpoint, a service on loopback), before and after the root has vouched for it; the loopback
 * service and the member receive nothing from it and the relay's refusal counters say why. Its
 * config request reaches the controller through the root: it shows as an unauthorized member, is
 * refused, and gets its config once authorized over REST.
 */
class RelayPolicyIT {

  private static final Duration START = Duration.ofSeconds(90);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String TOKEN = "relay-policy-it-token-0123456789";
  private static final long WORLD_ID = 1234567891L;
  private static final Pattern COUNTER =
      Pattern.compile("^orbital_relay_refusals_total\\{reason=\"([a-z-]+)\"} ([0-9.E+-]+)$");

  private static KafkaTestBroker kafka;
  private static ServiceProcess root;
  private static ServiceProcess controller;
  private static ServiceProcess relay;
  private static Identity rootIdentity;
  private static Identity controllerIdentity;
  private static long networkId;
  private static InetSocketAddress rootEndpoint;
  private static int rootHttp;
  private static int controllerHttp;
  private static int relayHttp;
  private static int relayTcp;
  private static Path work;

  /** A datagram a test socket received. */
  private record Received(InetSocketAddress from, byte[] bytes) {}

  @BeforeAll
  static void start() throws Exception {
    SecureRandom random = new SecureRandom();
    rootIdentity = Identity.generate(random);
    controllerIdentity = Identity.generate(random);
    networkId = NetworkAddresses.networkId(controllerIdentity.address(), 0x0a11ce);
    work = Files.createTempDirectory("relay-policy-it-");
    kafka = KafkaTestBroker.start();

    int rootPort = freeUdpPort();
    rootHttp = freeTcpPort();
    rootEndpoint = new InetSocketAddress("127.0.0.1", rootPort);
    root =
        ServiceProcess.quarkusApp("root-server")
            .property("orbital.root.auth-token", TOKEN)
            .property("quarkus.http.port", rootHttp)
            .property("quarkus.http.host", "127.0.0.1")
            .property("orbital.root.port", rootPort)
            .property("orbital.root.bind-address", "127.0.0.1")
            .property("orbital.root.data-dir", work.resolve("root"))
            .property("orbital.root.identity", rootIdentity.toSecretString())
            .property("orbital.root.world.id", WORLD_ID)
            .property("orbital.root.world.timestamp", 1)
            .property("orbital.root.world.roots[0].endpoints", "127.0.0.1/" + rootPort)
            // Everyone here comes from 127.0.0.0/24: one validation slot per 2 s would be slow.
            .property("orbital.root.limits.identity-validation-interval", "10ms")
            .property("kafka.bootstrap.servers", kafka.bootstrapServers())
            .log(work.resolve("root.log"))
            .start();
    URI planetUri = URI.create("http://127.0.0.1:" + rootHttp + "/world/planet");
    root.awaitHttpOk(planetUri, START);
    Path planet = work.resolve("planet");
    HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(planetUri).build(), HttpResponse.BodyHandlers.ofFile(planet));

    controllerHttp = freeTcpPort();
    controller =
        ServiceProcess.quarkusApp("controller-service")
            .property("quarkus.http.port", controllerHttp)
            .property("quarkus.http.host", "127.0.0.1")
            .property("kafka.bootstrap.servers", kafka.bootstrapServers())
            .property("orbital.controller.identity", controllerIdentity.toSecretString())
            .property("orbital.controller.auth-token", TOKEN)
            .property("orbital.controller.data-dir", work.resolve("controller"))
            .property("orbital.controller.wire.port", 0)
            .property("orbital.controller.wire.bind-address", "127.0.0.1")
            .property("orbital.controller.wire.world-files", planet)
            .log(work.resolve("controller.log"))
            .start();
    controller.awaitHttpOk(
        URI.create("http://127.0.0.1:" + controllerHttp + "/controller?auth=" + TOKEN), START);
    admin()
        .body(Map.of("name", "relay-policy", "private", true))
        .post("/controller/network/" + nwid())
        .then()
        .statusCode(200);

    relayTcp = freeTcpPort();
    relayHttp = freeTcpPort();
    relay =
        ServiceProcess.quarkusApp("relay-service")
            .property("orbital.relay.auth-token", TOKEN)
            .property("quarkus.http.port", relayHttp)
            .property("quarkus.http.host", "127.0.0.1")
            .property("orbital.relay.port", relayTcp)
            .property("orbital.relay.bind-address", "127.0.0.1")
            .property("orbital.relay.websocket.enabled", false)
            .property("orbital.relay.membership.world-files", planet)
            .property("kafka.bootstrap.servers", kafka.bootstrapServers())
            .log(work.resolve("relay.log"))
            .start();
    relay.awaitHttpOk(URI.create("http://127.0.0.1:" + relayHttp + "/q/health/ready"), START);
  }

  @AfterAll
  static void stop() throws IOException {
    for (AutoCloseable started : new AutoCloseable[] {relay, controller, root, kafka}) {
      try {
        if (started != null) {
          started.close();
        }
      } catch (Exception e) {
        // the rest must still stop
      }
    }
    if (work != null) {
      try (var files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void shouldRefuseEveryOpenRelayAttemptAndLetANewcomerReachOnlyTheController() throws Exception {
    SecureRandom random = new SecureRandom();
    Identity member = Identity.generate(random);
    Identity newcomer = Identity.generate(random);
    long rootAddress = rootIdentity.address().value();
    try (DatagramSocket memberSocket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        DatagramSocket loopbackService =
            new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      List<Received> atMember = collect(memberSocket);
      List<Received> atService = collect(loopbackService);
      InetSocketAddress memberEndpoint = (InetSocketAddress) memberSocket.getLocalSocketAddress();
      InetSocketAddress serviceEndpoint =
          (InetSocketAddress) loopbackService.getLocalSocketAddress();
      long memberAddress = member.address().value();
      long newcomerAddress = newcomer.address().value();

      // An unrelated member: online at the root over plain UDP (the root reports its path on the
      // presence topic), authorized by the controller.
      helloDirectly(new TestNodeHello(member, rootIdentity), memberSocket, atMember);
      setAuthorized(member, true);
      // The relay knows the controller and the member, and where the root sees them.
      await()
          .atMost(WAIT)
          .until(
              () ->
                  relayGauge("orbital_relay_membership_members") == 1.0
                      && relayGauge("orbital_relay_membership_controllers") == 1.0
                      && relayGauge("orbital_relay_membership_present_nodes") == 2.0);

      TestNodeHello node = new TestNodeHello(newcomer, rootIdentity);
      BlockingQueue<OkHello> okHellos = new LinkedBlockingQueue<>();
      BlockingQueue<Message> fromController = new LinkedBlockingQueue<>();
      try (RelayClient client =
          RelayClient.start(
              RelayClientOptions.of(URI.create("tcp://127.0.0.1:" + relayTcp)),
              (from, datagram) -> {
                OkHello ok = node.okHello(datagram.duplicate());
                if (ok != null) {
                  okHellos.add(ok);
                }
                Message message = node.receive(datagram.duplicate(), controllerIdentity);
                if (message != null) {
                  fromController.add(message);
                }
              })) {
        await().atMost(WAIT).until(client::isConnected);
        Map<String, Double> before = refusals();

        // Unverified: the attack (a root's address as destination, any endpoint), the
        // source spoofed as the root and as the member, a member's endpoint, the root as a
        // stepping stone to the member, a fragment.
        send(client, serviceEndpoint, packet(rootAddress, newcomerAddress));
        send(client, serviceEndpoint, packet(rootAddress, rootAddress));
        send(client, memberEndpoint, packet(memberAddress, newcomerAddress));
        send(client, memberEndpoint, packet(memberAddress, memberAddress));
        send(client, memberEndpoint, packet(memberAddress, rootAddress));
        send(client, memberEndpoint, packet(rootAddress, newcomerAddress));
        send(client, rootEndpoint, packet(memberAddress, newcomerAddress));
        send(client, serviceEndpoint, fragment(rootAddress));
        awaitRefusals(
            before, Map.of("unknown-endpoint", 3.0, "not-member", 3.0, "wrong-destination", 2.0));

        // The newcomer comes online at the root through the relay; the root's OK(HELLO) tells
        // the relay who it is.
        OkHello ok = helloThrough(client, node, okHellos);
        assertThat(ok).as("OK(HELLO) through the relay\n" + relay.logTail(20)).isNotNull();
        assertThat(rootPeers()).contains(newcomer.address().toString());

        // Verified as itself (no member): spoofing now refused as such, the rest as before.
        Map<String, Double> verified = refusals();
        send(client, memberEndpoint, packet(memberAddress, rootAddress));
        send(client, memberEndpoint, packet(memberAddress, memberAddress));
        send(client, serviceEndpoint, packet(rootAddress, newcomerAddress));
        send(client, memberEndpoint, packet(memberAddress, newcomerAddress));
        send(client, rootEndpoint, packet(memberAddress, newcomerAddress));
        awaitRefusals(
            verified,
            Map.of(
                "spoofed-source", 2.0,
                "unknown-endpoint", 1.0,
                "not-member", 1.0,
                "wrong-destination", 1.0));

        // Its config request reaches the controller through the root: recorded, refused.
        ErrorReply refused =
            requestUntil(
                client, node, fromController, ErrorReply.class::isInstance, ErrorReply.class);
        assertThat(refused.code()).isEqualTo(ErrorCode.NETWORK_ACCESS_DENIED);
        assertThat(memberRecord(newcomer).get("authorized")).isEqualTo(false);

        // Authorized over REST, it gets its config.
        setAuthorized(newcomer, true);
        Message config =
            requestUntil(
                client,
                node,
                fromController,
                m -> m instanceof NetworkConfigPush || m instanceof OkNetworkConfigRequest,
                Message.class);
        assertThat(config).isNotNull();
      }

      assertThat(atService).as("the loopback service received").isEmpty();
      assertThat(atMember)
          .as("the member received only the root's own packets")
          .allSatisfy(
              r -> {
                assertThat(r.from()).isEqualTo(rootEndpoint);
                assertThat(PacketHeader.source(r.bytes())).isEqualTo(rootAddress);
              });
    }
  }

  // ---- the newcomer -----------------------------------------------------------------------------

  /** HELLO through the relay, retried as a node retries it, until the root answers. */
  private static OkHello helloThrough(
      RelayClient client, TestNodeHello node, BlockingQueue<OkHello> answers) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      byte[] hello = node.hello(rootEndpoint, WORLD_ID, 1);
      client.send(rootEndpoint, hello, 0, hello.length);
      OkHello answer = answers.poll(1, TimeUnit.SECONDS);
      if (answer != null && answer.inRePacketId() == PacketHeader.id(hello)) {
        return answer;
      }
    }
    return null;
  }

  /** The config request through the root every second, as a node re-polls, until answered. */
  private static <T> T requestUntil(
      RelayClient client,
      TestNodeHello node,
      BlockingQueue<Message> fromController,
      java.util.function.Predicate<Message> wanted,
      Class<T> type)
      throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      byte[] request = node.configRequest(controllerIdentity, networkId);
      client.send(rootEndpoint, request, 0, request.length);
      Message message = fromController.poll(1, TimeUnit.SECONDS);
      while (message != null) {
        if (wanted.test(message)) {
          return type.cast(message);
        }
        message = fromController.poll();
      }
    }
    throw new AssertionError(
        "no answer from the controller\n" + relay.logTail(20) + controller.logTail(20));
  }

  private static void send(RelayClient client, InetSocketAddress to, byte[] datagram) {
    assertThat(client.send(to, datagram, 0, datagram.length)).as("queued to the relay").isTrue();
  }

  /** A packet header and a little payload, as anyone may write one. */
  private static byte[] packet(long destination, long source) {
    byte[] packet = new byte[PacketHeader.PAYLOAD + 16];
    PacketHeader.setId(packet, new SecureRandom().nextLong());
    PacketHeader.setDestination(packet, destination);
    PacketHeader.setSource(packet, source);
    Arrays.fill(packet, PacketHeader.PAYLOAD, packet.length, (byte) 'x');
    return packet;
  }

  /** A fragment: destination, {@code 0xff}, fragment 1 of 2, no source. */
  private static byte[] fragment(long destination) {
    byte[] fragment = new byte[32];
    PacketHeader.setDestination(fragment, destination);
    fragment[13] = (byte) 0xff;
    fragment[14] = 0x21;
    return fragment;
  }

  // ---- the member -------------------------------------------------------------------------------

  private static void helloDirectly(
      TestNodeHello member, DatagramSocket socket, List<Received> received) throws Exception {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              byte[] hello = member.hello(rootEndpoint, WORLD_ID, 1);
              socket.send(new DatagramPacket(hello, hello.length, rootEndpoint));
              Thread.sleep(300);
              return received.stream()
                  .anyMatch(r -> member.okHello(java.nio.ByteBuffer.wrap(r.bytes())) != null);
            });
  }

  /** Everything {@code socket} receives, from a thread of its own, until it is closed. */
  private static List<Received> collect(DatagramSocket socket) throws IOException {
    List<Received> received = new CopyOnWriteArrayList<>();
    socket.setSoTimeout(200);
    Thread reader =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              while (!socket.isClosed()) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                  socket.receive(packet);
                  received.add(
                      new Received(
                          (InetSocketAddress) packet.getSocketAddress(),
                          Arrays.copyOf(packet.getData(), packet.getLength())));
                } catch (SocketTimeoutException e) {
                  // look again
                } catch (IOException e) {
                  return;
                }
              }
            },
            "collect-" + socket.getLocalPort());
    reader.setDaemon(true);
    reader.start();
    return received;
  }

  // ---- REST and metrics -------------------------------------------------------------------------

  private static RequestSpecification admin() {
    return given()
        .baseUri("http://127.0.0.1")
        .port(controllerHttp)
        .header("X-ZT1-Auth", TOKEN)
        .contentType("application/json");
  }

  private static String nwid() {
    return String.format("%016x", networkId);
  }

  private static void setAuthorized(Identity node, boolean authorized) {
    admin()
        .body(Map.of("authorized", authorized))
        .post("/controller/network/" + nwid() + "/member/" + node.address())
        .then()
        .statusCode(200);
  }

  /** The member as the controller recorded it (written to the store after it answered). */
  private static Map<String, Object> memberRecord(Identity node) {
    return await()
        .atMost(WAIT)
        .until(
            () -> {
              var response =
                  admin().get("/controller/network/" + nwid() + "/member/" + node.address());
              return response.statusCode() == 200
                  ? response.jsonPath().<String, Object>getMap("")
                  : null;
            },
            java.util.Objects::nonNull);
  }

  private static List<String> rootPeers() {
    return given()
        .baseUri("http://127.0.0.1")
        .port(rootHttp)
        .header("X-ZT1-Auth", TOKEN)
        .get("/admin/peers")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("address", String.class);
  }

  private static String relayMetrics() {
    return given()
        .baseUri("http://127.0.0.1")
        .port(relayHttp)
        .header("X-ZT1-Auth", TOKEN)
        .get("/q/metrics")
        .asString();
  }

  private static double relayGauge(String name) {
    Matcher m =
        Pattern.compile("^" + Pattern.quote(name) + " ([0-9.E+-]+)$", Pattern.MULTILINE)
            .matcher(relayMetrics());
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  /** The relay's refusal counters by reason. */
  private static Map<String, Double> refusals() {
    Map<String, Double> counts = new java.util.HashMap<>();
    for (String line : relayMetrics().split("\n")) {
      Matcher m = COUNTER.matcher(line);
      if (m.matches()) {
        counts.put(m.group(1), Double.parseDouble(m.group(2)));
      }
    }
    return counts;
  }

  /** Waits until the refusal counters have grown by exactly {@code deltas} since {@code before}. */
  private static void awaitRefusals(Map<String, Double> before, Map<String, Double> deltas) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Map<String, Double> now = refusals();
              for (Map.Entry<String, Double> delta : deltas.entrySet()) {
                assertThat(now.get(delta.getKey()) - before.get(delta.getKey()))
                    .as("refusals " + delta.getKey() + " (now " + now + ")")
                    .isEqualTo(delta.getValue());
              }
            });
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
