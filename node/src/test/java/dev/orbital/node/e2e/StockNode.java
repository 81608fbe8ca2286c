package dev.orbital.node.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A stock ZeroTier One daemon (the binary {@code ../shared/stock/} holds, found through the
 * environment) in a network namespace with its own home, and its CLI ({@code zerotier-one -q},
 * which is {@code zerotier-cli}). {@link #close()} stops the process it started, by its handle.
 */
final class StockNode implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Stock's default port, for its UDP and its local API. */
  static final int DEFAULT_PORT = 9993;

  private final Path binary;
  private final String namespace;
  private final Path home;
  private final int port;
  private final Process process;

  private StockNode(Path binary, String namespace, Path home, int port, Process process) {
    this.binary = binary;
    this.namespace = namespace;
    this.home = home;
    this.port = port;
    this.process = process;
  }

  /**
   * Starts the daemon with {@code planet} as its planet; with {@code tcpRelay} ({@code ip/port}) it
   * sends everything through that TCP relay and nothing by UDP ({@code forceTcpRelay}).
   */
  static StockNode start(Path binary, String namespace, Path home, Path planet, String tcpRelay)
      throws IOException {
    return start(binary, namespace, home, planet, tcpRelay, DEFAULT_PORT);
  }

  /** As above, on {@code port} (UDP and the local API): several daemons share one namespace. */
  static StockNode start(
      Path binary, String namespace, Path home, Path planet, String tcpRelay, int port)
      throws IOException {
    Files.createDirectories(home);
    Files.copy(planet, home.resolve("planet"));
    String settings =
        "\"portMappingEnabled\": false, \"allowSecondaryPort\": false"
            + (tcpRelay == null
                ? ""
                : ", \"allowTcpFallbackRelay\": true, \"forceTcpRelay\": true,"
                    + " \"tcpFallbackRelay\": \""
                    + tcpRelay
                    + "\"");
    Files.writeString(home.resolve("local.conf"), "{\"settings\": {" + settings + "}}\n");
    Process process =
        new ProcessBuilder(
                "ip",
                "netns",
                "exec",
                namespace,
                binary.toString(),
                "-U",
                "-p" + port,
                home.toString())
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(home.resolve("zerotier-one.log").toFile()))
            .start();
    return new StockNode(binary, namespace, home, port, process);
  }

  /** {@code zerotier-cli <args>}: its output, failing on a non-zero exit. */
  String cli(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    command.add(binary.toString());
    command.add("-q");
    command.add("-D" + home);
    command.add("-p" + port);
    command.addAll(List.of(args));
    Shell.Result result = Shell.run(command, null, 30);
    if (!result.ok()) {
      throw new IOException("zerotier-cli " + String.join(" ", args) + ": " + result.output());
    }
    return result.output();
  }

  /** {@code zerotier-cli -j <args>}, parsed. */
  JsonNode cliJson(String... args) throws IOException, InterruptedException {
    String[] json = new String[args.length + 1];
    json[0] = "-j";
    System.arraycopy(args, 0, json, 1, args.length);
    return JSON.readTree(cli(json));
  }

  /** The network as {@code listnetworks -j} shows it, or a missing node. */
  JsonNode network(String nwid) throws IOException, InterruptedException {
    for (JsonNode network : cliJson("listnetworks")) {
      if (nwid.equals(network.path("nwid").asText())) {
        return network;
      }
    }
    return JSON.missingNode();
  }

  /** Whether {@code info} says it is online (it has heard from a root). */
  boolean online() throws IOException, InterruptedException {
    return cliJson("info").path("online").asBoolean();
  }

  /** Its ZeroTier address ({@code info}). */
  String address() throws IOException, InterruptedException {
    return cliJson("info").path("address").asText();
  }

  /** The IPv4 address the network's config gave it, without its prefix length. */
  Optional<String> assignedIpv4(String nwid) throws IOException, InterruptedException {
    for (JsonNode assigned : network(nwid).path("assignedAddresses")) {
      String text = assigned.asText();
      if (text.contains(".")) {
        return Optional.of(text.substring(0, text.indexOf('/')));
      }
    }
    return Optional.empty();
  }

  /** The revision of the config it applies to that network ({@code netconfRevision}), or 0. */
  long netconfRevision(String nwid) throws IOException, InterruptedException {
    return network(nwid).path("netconfRevision").asLong();
  }

  /** Every address the network's config gave it, with its prefix length. */
  List<String> assignedAddresses(String nwid) throws IOException, InterruptedException {
    List<String> addresses = new ArrayList<>();
    for (JsonNode assigned : network(nwid).path("assignedAddresses")) {
      addresses.add(assigned.asText());
    }
    return addresses;
  }

  /** The name of its virtual interface for that network ({@code portDeviceName}). */
  String device(String nwid) throws IOException, InterruptedException {
    return network(nwid).path("portDeviceName").asText();
  }

  /** The MAC it has on that network. */
  String mac(String nwid) throws IOException, InterruptedException {
    return network(nwid).path("mac").asText();
  }

  /**
   * Whether it holds an active path to that peer: stock lists only paths to the peer itself, never
   * the root that relays between them, so any active path is a direct one.
   */
  boolean hasDirectPathTo(String peer) throws IOException, InterruptedException {
    for (JsonNode p : cliJson("listpeers")) {
      if (peer.equals(p.path("address").asText())) {
        for (JsonNode path : p.path("paths")) {
          if (path.path("active").asBoolean()) {
            return true;
          }
        }
      }
    }
    return false;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
