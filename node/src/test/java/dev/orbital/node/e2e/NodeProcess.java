package dev.orbital.node.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbital.testing.process.ServiceProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;

/**
 * One Orbital node: this module's packaged program ({@code target/orbital-node-*.jar}, its
 * libraries in {@code target/lib}) running in a host namespace with its own home directory. Talk to
 * it through its CLI (a separate JVM in the namespace, as a user would) or straight through its
 * local API (from a test thread inside the namespace).
 */
public final class NodeProcess implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final String namespace;
  private final Path home;
  private final Path planet;
  private final NamespaceThread apiThread;
  private ServiceProcess process;

  private NodeProcess(String name, String namespace, Path home, Path planet) throws Exception {
    this.name = name;
    this.namespace = namespace;
    this.home = home;
    this.planet = planet;
    this.apiThread = new NamespaceThread(namespace);
  }

  /** Starts a node in the namespace and waits until its local API answers. */
  public static NodeProcess start(String name, String namespace, Path home, Path planet)
      throws Exception {
    Files.createDirectories(home);
    NodeProcess node = new NodeProcess(name, namespace, home, planet);
    try {
      node.launch();
    } catch (Exception e) {
      node.close();
      throw e;
    }
    return node;
  }

  /** The packaged program: its jar names the libraries through its manifest class path. */
  static Path packagedJar() throws IOException {
    Path target = ServiceProcess.repositoryRoot().resolve("node/target");
    try (var files = Files.list(target)) {
      return files
          .filter(f -> f.getFileName().toString().matches("orbital-node-.*\\.jar"))
          .filter(f -> !f.getFileName().toString().matches(".*-(sources|tests)\\.jar"))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "no packaged node in " + target + ": the package phase builds it"));
    }
  }

  private void launch() throws Exception {
    process =
        ServiceProcess.mainClass("node-" + name, packagedJar().toString(), "dev.orbital.node.Main")
            .wrappedIn("ip", "netns", "exec", namespace)
            .argument("--home")
            .argument(home.toString())
            .argument("--planet")
            .argument(planet.toString())
            .log(home.resolveSibling(name + ".log"))
            .start();
    Awaitility.await("node " + name + "'s local API")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    "node " + name + " exited:\n" + process.logTail(40));
              }
              return api("/status").path("address").asText().length() == 10;
            });
  }

  public String name() {
    return name;
  }

  public String namespace() {
    return namespace;
  }

  public Path home() {
    return home;
  }

  public ServiceProcess process() {
    return process;
  }

  /** The node's 10-hex-digit address. */
  public String address() throws Exception {
    return api("/status").path("address").asText();
  }

  /** GET on the local API from inside the namespace, with the token from the home directory. */
  public JsonNode api(String path) throws Exception {
    String token =
        Files.readString(home.resolve("authtoken.secret"), StandardCharsets.UTF_8).strip();
    int port = Integer.parseInt(Files.readString(home.resolve("zerotier-one.port")).strip());
    return apiThread.call(
        () -> {
          HttpURLConnection http =
              (HttpURLConnection)
                  URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
          http.setConnectTimeout(2000);
          http.setReadTimeout(10_000);
          http.setRequestProperty("X-ZT1-Auth", token);
          // Every node's API is 127.0.0.1:<port> in its own namespace: a pooled keep-alive
          // connection from another namespace must never be reused.
          http.setRequestProperty("Connection", "close");
          int status = http.getResponseCode();
          try (InputStream in = status < 400 ? http.getInputStream() : http.getErrorStream()) {
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (status != 200) {
              throw new IOException(
                  "GET " + path + " on node " + name + ": " + status + " " + body);
            }
            return JSON.readTree(body);
          } finally {
            http.disconnect();
          }
        });
  }

  /** A network as the node shows it, if joined. */
  public Optional<JsonNode> network(String nwid) throws Exception {
    for (JsonNode n : api("/network")) {
      if (n.path("nwid").asText().equals(nwid)) {
        return Optional.of(n);
      }
    }
    return Optional.empty();
  }

  /** The node's IPv4 address on a network, if it has one ({@code 10.147.20.5/24} form). */
  public Optional<String> assignedIpv4(String nwid) throws Exception {
    return network(nwid)
        .flatMap(
            n -> {
              for (JsonNode a : n.path("assignedAddresses")) {
                if (a.asText().matches("\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+")) {
                  return Optional.of(a.asText().substring(0, a.asText().indexOf('/')));
                }
              }
              return Optional.empty();
            });
  }

  /** The peer as the node shows it, if it knows it. */
  public Optional<JsonNode> peer(String address) throws Exception {
    for (JsonNode p : api("/peer")) {
      if (p.path("address").asText().equals(address)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * The peer's direct path in use, if any: active, preferred and not through a relay. A peer
   * reached through a root has none.
   */
  public Optional<String> directPathTo(String address) throws Exception {
    return peer(address)
        .flatMap(
            p -> {
              for (JsonNode path : p.path("paths")) {
                if (path.path("active").asBoolean()
                    && path.path("preferred").asBoolean()
                    && !path.path("relayed").asBoolean()) {
                  return Optional.of(path.path("address").asText());
                }
              }
              return Optional.empty();
            });
  }

  /** Runs the node's CLI in the namespace, as a user would: {@code orbital-node -D<home> args}. */
  public Shell.Result cli(String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "ip",
                "netns",
                "exec",
                namespace,
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                packagedJar().toString(),
                "dev.orbital.node.Main",
                "-D" + home));
    command.addAll(List.of(args));
    return Shell.run(command, null, 60);
  }

  /** Stops the node (SIGTERM) and starts it again on the same home directory. */
  public void restart() throws Exception {
    process.close();
    launch();
  }

  /** Stops the node by its handle, as {@code SIGTERM} would. */
  public void stop() {
    if (process != null) {
      process.close();
    }
  }

  @Override
  public void close() {
    stop();
    apiThread.close();
  }
}
