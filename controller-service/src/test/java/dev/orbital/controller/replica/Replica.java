package dev.orbital.controller.replica;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbital.testing.process.ServiceProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** One controller replica: the packaged service in its own JVM, and a client for its API. */
final class Replica implements AutoCloseable {

  static final String TOKEN = "replica-token-0123456789ab";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServiceProcess process;
  private final URI base;
  private final HttpClient http;

  private Replica(ServiceProcess process, URI base) {
    this.process = process;
    this.base = base;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
  }

  /** Starts a replica; call {@link #awaitReady()} before use. */
  static Replica start(String name, String bootstrapServers, String identitySecret, Path dataDir)
      throws IOException {
    return start(name, bootstrapServers, identitySecret, dataDir, Map.of());
  }

  /** As above, with more {@code orbital.controller.*} or other properties. */
  static Replica start(
      String name,
      String bootstrapServers,
      String identitySecret,
      Path dataDir,
      Map<String, Object> properties)
      throws IOException {
    int port = freePort();
    Path log = Path.of("target", "replica-it-" + name + ".log");
    Files.deleteIfExists(log);
    ServiceProcess.Builder builder =
        ServiceProcess.quarkusApp("controller-service")
            .jvmOption("-Xmx256m")
            .jvmOption("-XX:+UseSerialGC")
            .jvmOption("-XX:TieredStopAtLevel=1")
            .property("orbital.controller.transaction-timeout", "10s")
            .property("quarkus.http.host", "127.0.0.1")
            .property("quarkus.http.port", port)
            // Both replicas answer config requests on the wire too, each on its own UDP port.
            .property("orbital.controller.wire.port", 0)
            .property("orbital.controller.wire.bind-address", "127.0.0.1")
            .property("kafka.bootstrap.servers", bootstrapServers)
            .property("orbital.controller.identity", identitySecret)
            .property("orbital.controller.auth-token", TOKEN)
            .property("orbital.controller.data-dir", dataDir.toString())
            .property("orbital.controller.topic-prefix", "replica-it")
            .property("orbital.controller.topic-partitions", 4)
            .property("orbital.controller.write-timeout", "20s")
            .property("quarkus.log.category.\"org.apache.kafka\".level", "WARN")
            .log(log);
    properties.forEach(builder::property);
    return new Replica(builder.start(), URI.create("http://127.0.0.1:" + port));
  }

  Replica awaitReady() throws IOException, InterruptedException {
    process.awaitHttpOk(base.resolve("/q/health/ready"), Duration.ofSeconds(60));
    return this;
  }

  /**
   * The answer to a request: status, body and {@code Retry-After}, or the I/O failure if none came;
   * and when it was sent and answered ({@link System#nanoTime()}).
   */
  record Answer(
      int status, JsonNode body, String retryAfter, IOException failure, long sent, long answered) {
    boolean ok() {
      return status == 200;
    }

    Duration took() {
      return Duration.ofNanos(answered - sent);
    }
  }

  Answer post(String path, String body) throws InterruptedException {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("X-ZT1-Auth", TOKEN)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  Answer get(String path) throws InterruptedException {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("X-ZT1-Auth", TOKEN)
            .timeout(Duration.ofSeconds(60))
            .GET()
            .build());
  }

  private Answer send(HttpRequest request) throws InterruptedException {
    long sent = System.nanoTime();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode body = r.body().isEmpty() ? null : JSON.readTree(r.body());
      String retryAfter = r.headers().firstValue("Retry-After").orElse(null);
      return new Answer(r.statusCode(), body, retryAfter, null, sent, System.nanoTime());
    } catch (IOException e) {
      return new Answer(-1, null, null, e, sent, System.nanoTime());
    }
  }

  /** An unauthenticated GET (health). */
  Answer getPublic(String path) throws InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60)).build());
  }

  /**
   * Another client of the same process, with its own HTTP connections: its requests never queue
   * behind this one's. Closing it would stop the process; leave that to this one.
   */
  Replica anotherClient() {
    return new Replica(process, base);
  }

  /** SIGKILL ({@code kill -9}) of the process this test started, as a crash. */
  void kill() {
    process.kill();
  }

  long pid() {
    return process.pid();
  }

  String logTail() {
    return process.logTail(30);
  }

  @Override
  public void close() {
    process.close();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
