package dev.orbital.node;

import dev.orbital.node.api.LocalApiEndpoint;
import dev.orbital.node.api.LocalApiService;
import dev.orbital.node.cli.NodeCli;
import dev.orbital.node.relay.RelayClientOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code orbital-node} program. {@code orbital-node [daemon] [--home DIR] [--port N] [--planet
 * FILE] [--api-port N]} runs the node and its local API; {@code orbital-node [-j] [-D<home>]
 * info|join <nwid>|leave <nwid>|listnetworks|listpeers} asks a running node through that API.
 */
public final class Main {

  private static final System.Logger LOG = System.getLogger("dev.orbital.node");

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (NodeCli.isCliInvocation(args)) {
      System.exit(new NodeCli(System.out, System.err).run(args));
    }
    DaemonArguments parsed;
    try {
      parsed = DaemonArguments.parse(args);
    } catch (IllegalArgumentException e) {
      System.exit(new NodeCli(System.out, System.err).usage(e.getMessage()));
      return;
    }
    runDaemon(parsed);
  }

  private static void runDaemon(DaemonArguments parsed) throws Exception {
    Files.createDirectories(parsed.options().home());
    NodeDaemon node = NodeDaemon.start(parsed.options());
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2));
    LocalApiEndpoint api;
    try {
      String token = new NodeHome(parsed.options().home()).authToken();
      api = LocalApiEndpoint.start(vertx, new LocalApiService(node, token), parsed.apiPort());
    } catch (Exception e) {
      vertx.close();
      node.close();
      throw e;
    }
    Path portFile = parsed.options().home().resolve(NodeCli.PORT_FILE);
    Files.writeString(portFile, api.port() + "\n", StandardCharsets.UTF_8);
    LOG.log(
        Level.INFO,
        "node {0} running, home {1}, local API on 127.0.0.1:{2}",
        node.status().address(),
        parsed.options().home(),
        String.valueOf(api.port()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  api.close();
                  vertx.close();
                  node.close();
                  stopped.countDown();
                },
                "orbital-node-shutdown"));
    stopped.await();
  }

  /** The daemon's command line. */
  record DaemonArguments(NodeOptions options, int apiPort) {

    static DaemonArguments parse(String[] args) {
      Path home = NodeCli.DEFAULT_HOME;
      int port = NodeOptions.DEFAULT_PORT;
      Integer apiPort = null;
      Optional<Path> planet = Optional.empty();
      String bind = "0.0.0.0";
      Optional<URI> relay = Optional.empty();
      Optional<String> relaySha256 = Optional.empty();
      boolean forceTcpRelay = false;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("daemon") && i == 0) {
          continue;
        }
        if (a.equals("--force-tcp-relay")) {
          forceTcpRelay = true;
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("unknown argument or missing value: " + a);
        }
        String value = args[++i];
        switch (a) {
          case "--home" -> home = Path.of(value);
          case "--port" -> port = port(a, value);
          case "--api-port" -> apiPort = port(a, value);
          case "--planet" -> planet = Optional.of(Path.of(value));
          case "--bind" -> bind = value;
          case "--relay" -> relay = Optional.of(relayUri(value));
          case "--relay-sha256" -> relaySha256 = Optional.of(value);
          default -> throw new IllegalArgumentException("unknown argument: " + a);
        }
      }
      if (forceTcpRelay && relay.isEmpty()) {
        throw new IllegalArgumentException("--force-tcp-relay needs --relay");
      }
      Optional<RelayClientOptions> relayOptions = relay.map(RelayClientOptions::of);
      if (relaySha256.isPresent()) {
        String fingerprint = relaySha256.get();
        relayOptions = relayOptions.map(o -> o.withPinnedSha256(fingerprint));
      }
      NodeOptions options = new NodeOptions(home, port, planet, bind, forceTcpRelay, relayOptions);
      // As ZeroTier One: the local API listens on TCP at the node's UDP port unless told otherwise.
      return new DaemonArguments(options, apiPort != null ? apiPort : port);
    }

    /**
     * {@code tcp://host:port} or {@code wss://host:port/path}, as {@link RelayClientOptions} takes.
     */
    private static URI relayUri(String value) {
      try {
        URI uri = new URI(value);
        if (!"tcp".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
          throw new IllegalArgumentException(
              "--relay must be tcp://host:port or wss://host:port/path: " + value);
        }
        return uri;
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("--relay is not a URI: " + value, e);
      }
    }

    private static int port(String option, String value) {
      try {
        int p = Integer.parseInt(value);
        if (p < 0 || p > 0xffff) {
          throw new IllegalArgumentException(option + " out of range: " + value);
        }
        return p;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " is not a number: " + value, e);
      }
    }
  }
}
