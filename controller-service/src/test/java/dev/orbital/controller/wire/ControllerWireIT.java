package dev.orbital.controller.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbital.controller.Corpus;
import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.dictionary.Dictionary;
import dev.orbital.protocol.dictionary.DictionaryCodec;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.netconf.CredentialType;
import dev.orbital.protocol.netconf.NetworkConfig;
import dev.orbital.protocol.netconf.NetworkConfigCodec;
import dev.orbital.protocol.netconf.Revocation;
import dev.orbital.protocol.netconf.Route;
import dev.orbital.protocol.verb.ConfigAssembler;
import dev.orbital.protocol.verb.ConfigChunk;
import dev.orbital.protocol.verb.Credentials;
import dev.orbital.protocol.verb.ErrorCode;
import dev.orbital.protocol.verb.ErrorReply;
import dev.orbital.protocol.verb.NetworkConfigPush;
import dev.orbital.protocol.verb.NetworkConfigRequest;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The protocol test: a real broker, the packaged root and controller as processes, and two
 * test nodes that reach the controller only through the root. A node is refused and recorded, then
 * authorized through REST and sent its config unasked; a network change reaches both members
 * unasked; deauthorized, it is pushed its refusal and the other member is told to revoke its COM.
 * Every push is awaited for at most {@link #PUSHED} with no request sent meanwhile: far below the
 * 60 s a member waits before it asks again, so only a push can pass.
 */
class ControllerWireIT {

  private static final String TOKEN = "wire-it-token-0123456789";
  private static final long NETWORK_ID = Corpus.NETWORK_ID;
  private static final String NWID = String.format("%016x", NETWORK_ID);
  private static final Duration ANSWER = Duration.ofSeconds(20);

  /** How long a packaged program may take to start (a minute on a loaded 2-core machine). */
  private static final Duration START = Duration.ofSeconds(90);

  /** How long a push may take (100 ms coalescing plus the store round trip, on a busy machine). */
  private static final Duration PUSHED = Duration.ofSeconds(10);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static final Identity CONTROLLER = Corpus.identity("A");

  private static KafkaTestBroker kafka;
  private static ServiceProcess root;
  private static ServiceProcess controller;
  private static Identity rootIdentity;
  private static InetSocketAddress rootUdp;
  private static URI api;

  @BeforeAll
  static void start() throws Exception {
    Path work = Files.createDirectories(Path.of("target/wire-it"));
    kafka = KafkaTestBroker.start();
    rootIdentity = Identity.generate(new SecureRandom());
    int rootPort = freeUdpPort();
    int rootHttp = freeTcpPort();
    rootUdp = new InetSocketAddress(InetAddress.getLoopbackAddress(), rootPort);
    root =
        ServiceProcess.quarkusApp("root-server")
            .property("quarkus.http.port", rootHttp)
            .property("quarkus.http.host", "127.0.0.1")
            .property("orbital.root.port", rootPort)
            .property("orbital.root.bind-address", "127.0.0.1")
            .property("orbital.root.data-dir", work.resolve("root").toAbsolutePath())
            .property("orbital.root.identity", rootIdentity.toSecretString())
            .property("orbital.root.world.type", "planet")
            .property("orbital.root.world.id", 1234567890)
            .property("orbital.root.world.timestamp", 1700000000000L)
            .property("orbital.root.world.roots[0].endpoints", "127.0.0.1/" + rootPort)
            .property("orbital.root.limits.identity-validation-interval", "1ms")
            .property("orbital.root.presence.enabled", false)
            .property("kafka.bootstrap.servers", kafka.bootstrapServers())
            .log(work.resolve("root.log"))
            .start();
    // Assigned before the wait, so that @AfterAll stops it whatever the wait says.
    root.awaitHttpOk(URI.create("http://127.0.0.1:" + rootHttp + "/world/planet"), START);
    Path planet = work.resolve("planet");
    HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rootHttp + "/world/planet"))
            .build(),
        HttpResponse.BodyHandlers.ofFile(planet));

    int controllerHttp = freeTcpPort();
    api = URI.create("http://127.0.0.1:" + controllerHttp);
    controller =
        ServiceProcess.quarkusApp("controller-service")
            .property("quarkus.http.port", controllerHttp)
            .property("quarkus.http.host", "127.0.0.1")
            .property("kafka.bootstrap.servers", kafka.bootstrapServers())
            .property("orbital.controller.identity", CONTROLLER.toSecretString())
            .property("orbital.controller.auth-token", TOKEN)
            .property("orbital.controller.data-dir", work.resolve("controller").toAbsolutePath())
            .property("orbital.controller.topic-prefix", "wire-it")
            .property("orbital.controller.wire.port", 0)
            .property("orbital.controller.wire.bind-address", "127.0.0.1")
            .property("orbital.controller.wire.world-files", planet.toAbsolutePath())
            .log(work.resolve("controller.log"))
            .start();
    controller.awaitHttpOk(api.resolve("/controller?auth=" + TOKEN), START);
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable closeable : new AutoCloseable[] {controller, root, kafka}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        // Stopping the rest matters more.
      }
    }
  }

  @Test
  void shouldRefuseThenPushTheConfigThenRevokeOnDeauthorization() throws Exception {
    rest(
        "POST",
        "/controller/network/" + NWID,
        "{\"name\":\"wire\",\"private\":true,\"v4AssignMode\":{\"zt\":true},"
            + "\"ipAssignmentPools\":[{\"ipRangeStart\":\"10.77.0.1\",\"ipRangeEnd\":\"10.77.0.254\"}],"
            + "\"routes\":[{\"target\":\"10.77.0.0/24\"}]}");

    try (UdpTestNode first = node(Corpus.identity("B"));
        UdpTestNode second = node(Corpus.identity("C"))) {
      // Refused: the controller learns the node through the root and records it as requested.
      ErrorReply refused = requestUntilAnswered(first, ErrorReply.class);
      assertThat(refused.code()).isEqualTo(ErrorCode.NETWORK_ACCESS_DENIED);
      JsonNode recorded = member(first);
      assertThat(recorded.get("authorized").asBoolean()).isFalse();

      // Authorized through REST: the config arrives without another request.
      int mark = first.mark();
      rest("POST", memberPath(first), "{\"authorized\":true}");
      NetworkConfig config = pushedConfig(first, mark);
      assertThat(config.issuedTo()).isEqualTo(first.identity().address());
      assertThat(config.com().verify(CONTROLLER)).isTrue();
      assertThat(config.com().issuedTo()).isEqualTo(first.identity().address());
      String assigned = member(first).get("ipAssignments").get(0).asText();
      assertThat(assigned).startsWith("10.77.0.");
      assertThat(config.staticIps())
          .extracting(ip -> ip.ip().getHostAddress())
          .containsExactly(assigned);
      assertThat(config.routes())
          .extracting(Route::target)
          .containsExactly(new IpEndpoint(InetAddress.getByName("10.77.0.0"), 24));

      // A second member, authorized and online.
      assertThat(requestUntilAnswered(second, ErrorReply.class).code())
          .isEqualTo(ErrorCode.NETWORK_ACCESS_DENIED);
      int secondMark = second.mark();
      rest("POST", memberPath(second), "{\"authorized\":true}");
      pushedConfig(second, secondMark);

      // A network change: every online member gets the new config unasked.
      int firstMark = first.mark();
      secondMark = second.mark();
      rest(
          "POST",
          "/controller/network/" + NWID,
          "{\"routes\":[{\"target\":\"10.77.0.0/24\"},{\"target\":\"10.78.0.0/16\"}]}");
      for (NetworkConfig changed :
          new NetworkConfig[] {pushedConfig(first, firstMark), pushedConfig(second, secondMark)}) {
        assertThat(changed.routes())
            .extracting(Route::target)
            .containsExactlyInAnyOrder(
                new IpEndpoint(InetAddress.getByName("10.77.0.0"), 24),
                new IpEndpoint(InetAddress.getByName("10.78.0.0"), 16));
      }

      // Deauthorized: the other member gets the revocation, the member its refusal.
      firstMark = first.mark();
      secondMark = second.mark();
      rest("POST", memberPath(first), "{\"authorized\":false}");
      Credentials credentials =
          (Credentials)
              second.await(secondMark, r -> r.message() instanceof Credentials, PUSHED).message();
      Revocation revocation = credentials.credentials().revocations().get(0);
      assertThat(revocation.target()).isEqualTo(first.identity().address());
      assertThat(revocation.credentialType()).isEqualTo(CredentialType.COM);
      assertThat(revocation.networkId()).isEqualTo(NETWORK_ID);
      assertThat(revocation.verify(CONTROLLER)).isTrue();
      ErrorReply pushedRefusal =
          (ErrorReply)
              first.await(firstMark, r -> r.message() instanceof ErrorReply, PUSHED).message();
      assertThat(pushedRefusal.code()).isEqualTo(ErrorCode.NETWORK_ACCESS_DENIED);
      assertThat(pushedRefusal.inRePacketId()).as("unasked: in re packet 0").isZero();

      assertThat(requestUntilAnswered(first, ErrorReply.class).code())
          .isEqualTo(ErrorCode.NETWORK_ACCESS_DENIED);
    }

    String metrics =
        HTTP.send(
                HttpRequest.newBuilder(api.resolve("/q/metrics"))
                    .header("X-ZT1-Auth", TOKEN)
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .contains("orbital_controller_config_requests_total{outcome=\"network_access_denied\"")
        .contains("orbital_controller_config_pushes_total{kind=\"config\"")
        .contains("orbital_controller_config_pushes_total{kind=\"revocation\"")
        .contains("orbital_controller_packets_dropped_total{reason=\"bad-mac\"");
  }

  private static UdpTestNode node(Identity identity) {
    TestPeer peer = new TestPeer(identity);
    peer.know(rootIdentity);
    peer.know(CONTROLLER);
    UdpTestNode node = new UdpTestNode(peer);
    Awaitility.await()
        .atMost(ANSWER)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              node.hello(rootIdentity, rootUdp);
              return node.find(0, r -> r.message() instanceof OkHello).isPresent();
            });
    return node;
  }

  /** Sends the config request every second, as a node re-polls, until the controller answers. */
  private static <T> T requestUntilAnswered(UdpTestNode node, Class<T> type) {
    int mark = node.mark();
    byte[] metadata =
        DictionaryCodec.encode(
            new Dictionary().putU64("v", 7).putU64("revr", 1).putU64("majv", 1).putU64("minv", 14));
    Predicate<TestPeer.Received> fromController =
        r -> r.source() == CONTROLLER.address().value() && type.isInstance(r.message());
    Optional<TestPeer.Received> answer =
        Awaitility.await()
            .atMost(ANSWER)
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> {
                  node.send(
                      CONTROLLER, new NetworkConfigRequest(NETWORK_ID, metadata, 0, 0), rootUdp);
                  return node.find(mark, fromController);
                },
                Optional::isPresent);
    return type.cast(answer.orElseThrow().message());
  }

  /** The config pushed (NETWORK_CONFIG, unasked) after {@code mark}, its chunks verified. */
  private static NetworkConfig pushedConfig(UdpTestNode node, int mark) throws Exception {
    ConfigAssembler assembler = new ConfigAssembler();
    Optional<byte[]> dictionary = Optional.empty();
    Awaitility.await().atMost(PUSHED).until(() -> complete(node, mark).isPresent());
    for (TestPeer.Received r : node.all(mark, r -> r.message() instanceof NetworkConfigPush)) {
      ConfigChunk chunk = ((NetworkConfigPush) r.message()).chunk();
      assertThat(chunk.verify(CONTROLLER)).isTrue();
      Optional<byte[]> done = assembler.add(chunk);
      if (done.isPresent()) {
        dictionary = done;
        break;
      }
    }
    return NetworkConfigCodec.decode(dictionary.orElseThrow());
  }

  private static Optional<byte[]> complete(UdpTestNode node, int mark) throws Exception {
    ConfigAssembler assembler = new ConfigAssembler();
    for (TestPeer.Received r : node.all(mark, r -> r.message() instanceof NetworkConfigPush)) {
      Optional<byte[]> done = assembler.add(((NetworkConfigPush) r.message()).chunk());
      if (done.isPresent()) {
        return done;
      }
    }
    return Optional.empty();
  }

  private static String memberPath(UdpTestNode node) {
    return "/controller/network/" + NWID + "/member/" + node.identity().address();
  }

  private static JsonNode member(UdpTestNode node) throws Exception {
    return Awaitility.await()
        .atMost(ANSWER)
        .until(() -> restOrNull("GET", memberPath(node), null), m -> m != null);
  }

  private static JsonNode rest(String method, String path, String body) throws Exception {
    JsonNode answer = restOrNull(method, path, body);
    assertThat(answer).as("%s %s", method, path).isNotNull();
    return answer;
  }

  private static JsonNode restOrNull(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(api.resolve(path))
            .header("X-ZT1-Auth", TOKEN)
            .header("Content-Type", "application/json");
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static int freeTcpPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
