package dev.orbital.node.e2e;

import dev.orbital.testing.kafka.KafkaTestBroker;
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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/**
 * A whole Orbital deployment for one end-to-end test class, every part real: the {@link LabNetwork}
 * namespaces; a root (root-server's packaged jar) in the internet namespace, its planet fetched
 * from its {@code /world/planet}; a Kafka broker in this JVM and the controller
 * (controller-service's packaged jar) beside it; and nodes started on demand in the hosts'
 * namespaces, each with its own home under {@code node/target/e2e/<prefix>/}. {@link #close()}
 * stops every process by its handle and deletes the namespaces, whatever failed.
 */
public final class OrbitalLab implements AutoCloseable {

  private static final int ROOT_HTTP_PORT = 8080;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Path workDir;
  private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
  private LabNetwork network;
  private Path planet;
  private ControllerClient controller;

  private OrbitalLab(Path workDir) {
    this.workDir = workDir;
  }

  /**
   * Starts the namespaces, the root and the controller (nodes come with {@link #startNode}).
   *
   * @param prefix the namespaces' prefix, at most 8 characters, unique to the caller
   * @param hosts the host namespaces in order, each with what stands between it and the internet
   */
  public static OrbitalLab start(String prefix, Map<String, NatMode> hosts) throws Exception {
    Path workDir =
        ServiceProcess.repositoryRoot().resolve("node/target/e2e").resolve(prefix + "-" + runId());
    Files.createDirectories(workDir);
    OrbitalLab lab = new OrbitalLab(workDir);
    try {
      lab.network = LabNetwork.create(prefix, hosts);
      lab.toClose.push(lab.network);
      lab.startRoot();
      lab.startController();
      return lab;
    } catch (Exception | AssertionError e) {
      try {
        lab.close();
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /**
   * As {@link #start}, every host directly on the internet (no NAT), the namespaces' prefix {@code
   * tag} (two characters) and four random hex digits.
   */
  public static OrbitalLab startDirect(String tag, String... hosts) throws Exception {
    Map<String, NatMode> direct = new LinkedHashMap<>();
    for (String host : hosts) {
      direct.put(host, NatMode.NONE);
    }
    return start(tag + runId().substring(0, 4), direct);
  }

  private static String runId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private void startRoot() throws Exception {
    String inet = network.internet();
    ServiceProcess root =
        ServiceProcess.quarkusApp("root-server")
            .wrappedIn("ip", "netns", "exec", inet)
            .property("quarkus.http.port", ROOT_HTTP_PORT)
            .property("orbital.root.port", LabNetwork.NODE_PORT)
            // Bound to its planet address, so that its answers leave from the address the nodes
            // sent to: a port-restricted NAT drops anything else.
            .property("orbital.root.bind-address", network.rootAddress())
            .property("orbital.root.data-dir", workDir.resolve("root"))
            .property(
                "orbital.root.world.id", ThreadLocalRandom.current().nextLong(1L << 32, 1L << 40))
            .property("orbital.root.world.timestamp", 1)
            .property(
                "orbital.root.world.roots[0].endpoints",
                network.rootAddress() + "/" + LabNetwork.NODE_PORT)
            .property("orbital.root.presence.enabled", false)
            .log(workDir.resolve("root.log"))
            .start();
    toClose.push(root);
    String base = "http://" + network.rootAddress() + ":" + ROOT_HTTP_PORT;
    // Its world answers once the UDP socket is bound (readiness also waits for Kafka, not used).
    root.awaitHttpOk(URI.create(base + "/world/planet"), START_TIMEOUT);
    planet = workDir.resolve("planet");
    HttpResponse<Path> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/world/planet")).build(),
                HttpResponse.BodyHandlers.ofFile(planet));
    if (response.statusCode() != 200) {
      throw new IllegalStateException("the root's /world/planet answered " + response.statusCode());
    }
  }

  private void startController() throws Exception {
    KafkaTestBroker broker = KafkaTestBroker.start();
    toClose.push(broker);
    int httpPort = freePort();
    String token = UUID.randomUUID().toString().replace("-", "");
    ServiceProcess process =
        ServiceProcess.quarkusApp("controller-service")
            .property("quarkus.http.port", httpPort)
            .property("kafka.bootstrap.servers", broker.bootstrapServers())
            .property("orbital.controller.data-dir", workDir.resolve("controller"))
            .property("orbital.controller.auth-token", token)
            .property("orbital.controller.wire.world-files", planet)
            .property("orbital.controller.wire.port", 0)
            .log(workDir.resolve("controller.log"))
            .start();
    toClose.push(process);
    process.awaitHttpOk(
        URI.create("http://127.0.0.1:" + httpPort + "/controller?auth=" + token), START_TIMEOUT);
    controller = new ControllerClient(httpPort, token);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  public LabNetwork network() {
    return network;
  }

  public ControllerClient controller() {
    return controller;
  }

  public Path planet() {
    return planet;
  }

  public Path workDir() {
    return workDir;
  }

  /**
   * Starts a moon root (root-server's packaged jar, {@code world.type=moon}) in that host's
   * namespace at its public address, registered with this lab's planet root through {@code
   * world.planet-file}; returns its address, which is also the moon's ID.
   */
  public String startMoonRoot(String host) throws Exception {
    String address = network.publicAddress(host);
    Path dataDir = workDir.resolve("moon-" + host);
    ServiceProcess moon =
        ServiceProcess.quarkusApp("root-server")
            .wrappedIn("ip", "netns", "exec", network.namespace(host))
            .property("quarkus.http.port", ROOT_HTTP_PORT)
            .property("orbital.root.port", LabNetwork.NODE_PORT)
            .property("orbital.root.bind-address", address)
            .property("orbital.root.data-dir", dataDir)
            .property("orbital.root.world.type", "moon")
            .property("orbital.root.world.timestamp", 1)
            .property("orbital.root.world.planet-file", planet)
            .property("orbital.root.world.roots[0].endpoints", address + "/" + LabNetwork.NODE_PORT)
            .property("orbital.root.presence.enabled", false)
            .log(workDir.resolve("moon-" + host + ".log"))
            .start();
    toClose.push(moon);
    // This JVM has no route to a host's address: the moon's log says when its socket is bound.
    Awaitility.await("the moon root's UDP socket")
        .atMost(START_TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              if (!moon.isAlive()) {
                throw new IllegalStateException("the moon root exited:\n" + moon.logTail(40));
              }
              return moon.logTail(200).contains("listening on udp");
            });
    String identity = Files.readString(dataDir.resolve("identity.public")).strip();
    return identity.substring(0, identity.indexOf(':'));
  }

  /** Starts the node of that host (its home kept across restarts) and waits for its API. */
  public NodeProcess startNode(String host) throws Exception {
    NodeProcess node =
        NodeProcess.start(host, network.namespace(host), workDir.resolve("home-" + host), planet);
    toClose.push(node);
    return node;
  }

  /**
   * Starts stock ZeroTier One (the binary {@code ZEROTIER_ONE} names) in that host's namespace with
   * this lab's planet, its home under the lab's directory.
   */
  public StockNode startStockNode(String host) throws IOException {
    StockNode node =
        StockNode.start(
            stockBinary(), network.namespace(host), workDir.resolve("stock-" + host), planet, null);
    toClose.push(node);
    return node;
  }

  /** As {@link #startStockNode(String)}, on its own port: several daemons behind one address. */
  public StockNode startStockNode(String host, int port) throws IOException {
    StockNode node =
        StockNode.start(
            stockBinary(),
            network.namespace(host),
            workDir.resolve("stock-" + host + "-" + port),
            planet,
            null,
            port);
    toClose.push(node);
    return node;
  }

  /**
   * The stock binary the environment names ({@code ./orbital test} sets {@code ZEROTIER_ONE} from
   * {@code ../shared/stock/}); a test class that needs it calls this first, so that without it the
   * class is skipped with the reason.
   */
  public static Path stockBinary() {
    String binary = System.getenv("ZEROTIER_ONE");
    Assumptions.assumeTrue(
        binary != null && Files.isExecutable(Path.of(binary)),
        "ZEROTIER_ONE names no stock zerotier-one (./orbital test sets it)");
    return Path.of(binary);
  }

  /** {@code ping -c 1} from a host's namespace: whether an answer came within the timeout. */
  public boolean ping(String fromHost, String address) throws IOException, InterruptedException {
    return network
        .exec(network.namespace(fromHost), "ping", "-n", "-c", "1", "-W", "1", address)
        .ok();
  }

  /** Stops everything started, last first, and deletes the namespaces. */
  @Override
  public void close() throws IOException {
    IOException failure = null;
    while (!toClose.isEmpty()) {
      try {
        toClose.pop().close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IOException("cannot stop the lab cleanly", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
