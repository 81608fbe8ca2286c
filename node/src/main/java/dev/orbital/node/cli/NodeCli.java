package dev.orbital.node.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code orbital-node [-j] [-D<home>|--home DIR] [-p<port>] [-T<token>] <command> [nwid]}: the
 * {@code zerotier-cli} commands over the running node's local API. The token comes from {@code
 * <home>/authtoken.secret} and the port from {@code <home>/zerotier-one.port} (both written by the
 * node), so the stock {@code zerotier-cli -D<home>} works against a node too.
 */
public final class NodeCli {

  public static final Set<String> COMMANDS =
      Set.of("info", "status", "join", "leave", "listnetworks", "listpeers", "peers");
  public static final Path DEFAULT_HOME = Path.of("/var/lib/orbital-node");
  public static final String TOKEN_FILE = "authtoken.secret";
  public static final String PORT_FILE = "zerotier-one.port";
  private static final int DEFAULT_PORT = 9993;
  private static final Pattern NETWORK_ID = Pattern.compile("[0-9a-fA-F]{16}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream out;
  private final PrintStream err;

  public NodeCli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Whether these arguments ask for the CLI rather than the daemon. */
  public static boolean isCliInvocation(String[] args) {
    for (String arg : args) {
      if (COMMANDS.contains(arg) || arg.equals("-j")) {
        return true;
      }
    }
    return false;
  }

  /** Runs one command; returns the exit status (0 done, 1 failed, 2 bad usage). */
  public int run(String[] args) {
    boolean json = false;
    Path home = DEFAULT_HOME;
    Integer port = null;
    String token = null;
    List<String> words = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-j")) {
        json = true;
      } else if (a.equals("--home") && i + 1 < args.length) {
        home = Path.of(args[++i]);
      } else if (a.startsWith("-D") && a.length() > 2) {
        home = Path.of(a.substring(2));
      } else if (a.startsWith("-p") && a.length() > 2) {
        port = parsePort(a.substring(2));
        if (port == null) {
          return usage("bad port: " + a.substring(2));
        }
      } else if (a.startsWith("-T") && a.length() > 2) {
        token = a.substring(2);
      } else if (a.startsWith("-")) {
        return usage("unknown option: " + a);
      } else {
        words.add(a);
      }
    }
    if (words.isEmpty() || !COMMANDS.contains(words.get(0))) {
      return usage(words.isEmpty() ? "no command" : "unknown command: " + words.get(0));
    }
    String command = words.get(0);
    if ((command.equals("join") || command.equals("leave"))
        && (words.size() != 2 || !NETWORK_ID.matcher(words.get(1)).matches())) {
      err.println(
          "invalid network id: give the 16 hex digits, e.g. " + command + " 8056c2e21c000001");
      return 2;
    }
    try {
      if (token == null) {
        token = readToken(home);
      }
      if (port == null) {
        port = readPort(home);
      }
    } catch (IOException e) {
      err.println("orbital-node: " + e.getMessage());
      return 2;
    }
    return call(command, words.size() > 1 ? words.get(1).toLowerCase() : null, json, port, token);
  }

  private int call(String command, String nwid, boolean json, int port, String token) {
    String method = "GET";
    String path;
    switch (command) {
      case "info", "status" -> path = "/status";
      case "listnetworks" -> path = "/network";
      case "listpeers", "peers" -> path = "/peer";
      case "join" -> {
        method = "POST";
        path = "/network/" + nwid;
      }
      case "leave" -> {
        method = "DELETE";
        path = "/network/" + nwid;
      }
      default -> throw new IllegalArgumentException(command);
    }
    HttpResponse<String> response;
    try {
      response = send(method, path, port, token);
    } catch (ConnectException e) {
      err.println(
          "orbital-node: the node is not running: nothing answers on 127.0.0.1:"
              + port
              + " (start it with `orbital-node --home <dir>`, or give its home with -D<dir>)");
      return 1;
    } catch (IOException e) {
      err.println("orbital-node: cannot reach the node on 127.0.0.1:" + port + ": " + e);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
    if (response.statusCode() != 200) {
      out.println(response.statusCode() + " " + command + " " + response.body());
      return 1;
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (JsonProcessingException e) {
      out.println("200 " + command + " invalid JSON response: " + e.getOriginalMessage());
      return 1;
    }
    if (json) {
      out.println(body.toPrettyString());
      return 0;
    }
    switch (command) {
      case "info", "status" -> out.println(CliOutput.info(body));
      case "listnetworks" -> CliOutput.listNetworks(body).forEach(out::println);
      case "listpeers", "peers" ->
          CliOutput.listPeers(body, System.currentTimeMillis()).forEach(out::println);
      default -> out.println("200 " + command + " OK");
    }
    return 0;
  }

  private static HttpResponse<String> send(String method, String path, int port, String token)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(60))
            .header("X-ZT1-Auth", token)
            .method(
                method,
                method.equals("POST")
                    ? HttpRequest.BodyPublishers.ofString("{}")
                    : HttpRequest.BodyPublishers.noBody())
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static String readToken(Path home) throws IOException {
    Path file = home.resolve(TOKEN_FILE);
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          "no auth token: "
              + file
              + " does not exist (is the node's home "
              + home
              + "? give it with -D<home>, or the token with -T<token>)");
    }
    String token = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (token.isEmpty()) {
      throw new IOException("no auth token: " + file + " is empty");
    }
    return token;
  }

  private static int readPort(Path home) throws IOException {
    Path file = home.resolve(PORT_FILE);
    if (!Files.isRegularFile(file)) {
      return DEFAULT_PORT;
    }
    Integer port = parsePort(Files.readString(file, StandardCharsets.UTF_8).strip());
    if (port == null) {
      throw new IOException(file + " does not hold a port number");
    }
    return port;
  }

  private static Integer parsePort(String text) {
    try {
      int port = Integer.parseInt(text);
      return port > 0 && port <= 0xffff ? port : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Prints the problem and the usage; returns the bad-usage exit status. */
  public int usage(String problem) {
    err.println("orbital-node: " + problem);
    err.println(
        "usage: orbital-node [-j] [-D<home>|--home DIR] [-p<port>] [-T<token>]"
            + " info|join <nwid>|leave <nwid>|listnetworks|listpeers");
    err.println("       orbital-node [daemon] [--home DIR] [--port N] [--planet FILE]");
    return 2;
  }
}
