package dev.orbital.node.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Stock ZeroTier One 1.14.1 beside Orbital's own programs, one deployment for the class: the
 * packaged root and controller, a moon root (root-server as {@code world.type=moon}) on its own
 * host, a stock daemon and an Orbital node on two more. The stock node orbits the Orbital moon with
 * {@code zerotier-cli orbit} and uses its root; the stock node and the Orbital node join one
 * network, ping each other both ways over direct paths and carry TCP both ways; and the stock
 * binary, run as {@code zerotier-cli} against the Orbital node's local API, reads and changes it.
 * The tests run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StockAndOrbitalNodeIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONFIG_TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern RTT = Pattern.compile("= ([\\d.]+)/([\\d.]+)/([\\d.]+)/");
  private static final int TCP_PORT = 7007;
  private static final int TCP_BYTES = 256 * 1024;

  private static OrbitalLab lab;
  private static StockNode stock;
  private static NodeProcess orbital;
  private static String moonRoot;
  private static String nwid;
  private static long started;

  @BeforeAll
  static void startDeployment() throws Exception {
    OrbitalLab.stockBinary();
    lab = OrbitalLab.startDirect("so", "s", "o", "m");
    moonRoot = lab.startMoonRoot("m");
    started = System.nanoTime();
    stock = lab.startStockNode("s");
    orbital = lab.startNode("o");
    nwid =
        lab.controller()
            .createNetwork("interop", "10.147.40.10", "10.147.40.200", "10.147.40.0/24", 2800);
  }

  @AfterAll
  static void stopDeployment() throws Exception {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  @Order(1)
  void shouldBringBothNodesOnline() throws Exception {
    await("stock node online")
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(stock::online);
    long stockOnline = millisSince(started);
    await("Orbital node online")
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(() -> orbital.api("/status").path("online").asBoolean());
    System.out.printf(
        "StockAndOrbitalNodeIT: online after start: stock node %d ms, Orbital node %d ms%n",
        stockOnline, millisSince(started));
  }

  @Test
  @Order(2)
  void shouldLetAStockNodeOrbitAnOrbitalMoonByIdAndSeed() throws Exception {
    String moonId = "000000" + moonRoot;
    await("the moon root registered with the planet root")
        .atMost(Duration.ofSeconds(30))
        .until(() -> Files.readString(lab.workDir().resolve("moon-m.log")).contains("1 of the"));
    long orbit = System.nanoTime();
    // Stock's API takes a moon by its 10-digit ID (/moon/<10 hex>), as its documentation shows.
    assertThat(stock.cli("orbit", moonRoot, moonRoot).strip()).isEqualTo("200 orbit OK");
    await("the stock node holds the moon")
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              JsonNode moons = stock.cliJson("listmoons");
              assertThat(moons).hasSize(1);
              assertThat(moons.get(0).path("id").asText()).isEqualTo(moonId);
              assertThat(moons.get(0).path("roots").get(0).path("identity").asText())
                  .startsWith(moonRoot + ":");
            });
    long fetched = millisSince(orbit);
    String endpoint = lab.network().publicAddress("m") + "/" + LabNetwork.NODE_PORT;
    JsonNode[] moonPeer = new JsonNode[1];
    await("the moon root is the stock node's MOON, on a direct path to its stable endpoint")
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              JsonNode peer = peer(stock.cliJson("listpeers"), moonRoot);
              assertThat(peer.path("role").asText()).isEqualTo("MOON");
              assertThat(peer.path("paths").findValuesAsText("address")).contains(endpoint);
              assertThat(peer.path("latency").asInt(-1)).isGreaterThanOrEqualTo(0);
              moonPeer[0] = peer;
            });
    System.out.printf(
        "StockAndOrbitalNodeIT: orbit -> moon fetched %d ms, moon root used (MOON, %s) %d ms,"
            + " latency %d ms%n",
        fetched, endpoint, millisSince(orbit), moonPeer[0].path("latency").asInt());
  }

  @Test
  @Order(3)
  void shouldJoinTheStockNodeAndTheOrbitalNodeThroughTheStockCli() throws Exception {
    assertThat(stock.cli("join", nwid).strip()).isEqualTo("200 join OK");
    // The Orbital node joins through stock's zerotier-cli against its local API.
    assertThat(stockCliOnOrbital("join", nwid).strip()).isEqualTo("200 join OK");
    long authorized = System.nanoTime();
    lab.controller().authorize(nwid, stock.address());
    lab.controller().authorize(nwid, orbital.address());
    await("stock member addressed")
        .atMost(CONFIG_TIMEOUT)
        .ignoreExceptions()
        .until(() -> stock.assignedIpv4(nwid).isPresent());
    long stockConfigured = millisSince(authorized);
    await("Orbital member addressed")
        .atMost(CONFIG_TIMEOUT)
        .ignoreExceptions()
        .until(() -> orbital.assignedIpv4(nwid).isPresent());
    System.out.printf(
        "StockAndOrbitalNodeIT: addressed after the authorization: stock %d ms, Orbital %d ms%n",
        stockConfigured, millisSince(authorized));
  }

  @Test
  @Order(4)
  void shouldPingBothWaysOverDirectPaths() throws Exception {
    String stockIp = stock.assignedIpv4(nwid).orElseThrow();
    String orbitalIp = orbital.assignedIpv4(nwid).orElseThrow();
    long first = System.nanoTime();
    await("stock pings Orbital")
        .atMost(Duration.ofSeconds(30))
        .until(() -> lab.ping("s", orbitalIp));
    await("Orbital pings stock").atMost(Duration.ofSeconds(30)).until(() -> lab.ping("o", stockIp));
    long answered = millisSince(first);
    await("direct paths both ways")
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(
            () ->
                stock.hasDirectPathTo(orbital.address())
                    && orbital.directPathTo(stock.address()).isPresent());
    System.out.printf(
        "StockAndOrbitalNodeIT: pings answered both ways %d ms, direct paths both ways %d ms;"
            + " RTT stock->Orbital %s ms, Orbital->stock %s ms (min/avg/max of 10)%n",
        answered, millisSince(first), rtt("s", orbitalIp), rtt("o", stockIp));
  }

  @Test
  @Order(5)
  void shouldCarryTcpBothWays() throws Exception {
    String stockIp = stock.assignedIpv4(nwid).orElseThrow();
    String orbitalIp = orbital.assignedIpv4(nwid).orElseThrow();
    long toOrbital = tcpEcho(lab.network().namespace("s"), lab.network().namespace("o"), orbitalIp);
    long toStock = tcpEcho(lab.network().namespace("o"), lab.network().namespace("s"), stockIp);
    System.out.printf(
        "StockAndOrbitalNodeIT: TCP echo of %d KiB: stock->Orbital %d ms, Orbital->stock %d ms%n",
        TCP_BYTES / 1024, toOrbital, toStock);
  }

  @Test
  @Order(6)
  void shouldAnswerStockZerotierCliOnTheOrbitalNode() throws Exception {
    String address = orbital.address();
    String stockAddress = stock.address();

    String info = stockCliOnOrbital("info").strip();
    assertThat(info).matches("200 info " + address + " \\S+ ONLINE");
    assertThat(stockCliJsonOnOrbital("info").path("address").asText()).isEqualTo(address);

    String orbitalIp = orbital.assignedIpv4(nwid).orElseThrow();
    assertThat(stockCliOnOrbital("listnetworks"))
        .containsPattern(
            "200 listnetworks " + nwid + " interop \\S+ OK PRIVATE \\S+ .*" + orbitalIp);
    JsonNode network = stockCliJsonOnOrbital("listnetworks").get(0);
    assertThat(network.path("nwid").asText()).isEqualTo(nwid);
    assertThat(network.path("status").asText()).isEqualTo("OK");

    assertThat(stockCliOnOrbital("listpeers"))
        .containsPattern("200 listpeers " + stockAddress + " \\S+ \\d+ \\S+ LEAF")
        .containsPattern("200 listpeers \\w{10} \\S+ \\d+ \\S+ PLANET");
    assertThat(peer(stockCliJsonOnOrbital("listpeers"), stockAddress).path("role").asText())
        .isEqualTo("LEAF");
    assertThat(stockCliOnOrbital("peers"))
        .containsPattern(stockAddress + "\\s+\\S+\\s+LEAF\\s+\\d+\\s+DIRECT")
        .containsPattern("PLANET");

    String other = "%016x".formatted(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    assertThat(stockCliOnOrbital("join", other).strip()).isEqualTo("200 join OK");
    assertThat(stockCliJsonOnOrbital("listnetworks").findValuesAsText("nwid")).contains(other);
    assertThat(stockCliOnOrbital("leave", other).strip()).isEqualTo("200 leave OK");
    assertThat(stockCliJsonOnOrbital("listnetworks").findValuesAsText("nwid"))
        .containsExactly(nwid);
  }

  /** Stock's binary as {@code zerotier-cli}, in the Orbital node's namespace, on its API. */
  private static String stockCliOnOrbital(String... args) throws Exception {
    int port =
        Integer.parseInt(Files.readString(orbital.home().resolve("zerotier-one.port")).strip());
    List<String> command =
        new ArrayList<>(
            List.of(
                "ip",
                "netns",
                "exec",
                orbital.namespace(),
                OrbitalLab.stockBinary().toString(),
                "-q",
                "-D" + orbital.home(),
                "-p" + port));
    command.addAll(Arrays.asList(args));
    Shell.Result result = Shell.run(command, null, 30);
    assertThat(result.exitCode())
        .as("zerotier-cli %s on the Orbital node: %s", String.join(" ", args), result.output())
        .isZero();
    return result.output();
  }

  private static JsonNode stockCliJsonOnOrbital(String... args) throws Exception {
    String[] json = new String[args.length + 1];
    json[0] = "-j";
    System.arraycopy(args, 0, json, 1, args.length);
    return JSON.readTree(stockCliOnOrbital(json));
  }

  private static JsonNode peer(JsonNode peers, String address) {
    for (JsonNode p : peers) {
      if (address.equals(p.path("address").asText())) {
        return p;
      }
    }
    throw new AssertionError("no peer " + address + " in " + peers);
  }

  /** min/avg/max of ten pings from a host. */
  private static String rtt(String host, String address) throws Exception {
    Shell.Result result =
        lab.network()
            .exec(
                lab.network().namespace(host),
                "ping",
                "-n",
                "-q",
                "-c",
                "10",
                "-i",
                "0.2",
                address);
    Matcher m = RTT.matcher(result.output());
    return m.find() ? m.group(1) + "/" + m.group(2) + "/" + m.group(3) : "?";
  }

  /**
   * A TCP echo: a server socket made in the server's namespace, a client socket made in the
   * client's, {@link #TCP_BYTES} random bytes there and back. Returns the milliseconds it took.
   */
  private static long tcpEcho(String clientNamespace, String serverNamespace, String serverIp)
      throws Exception {
    byte[] data = new byte[TCP_BYTES];
    ThreadLocalRandom.current().nextBytes(data);
    try (NamespaceThread serverSide = new NamespaceThread(serverNamespace);
        NamespaceThread clientSide = new NamespaceThread(clientNamespace);
        ServerSocket server =
            serverSide.call(() -> new ServerSocket(TCP_PORT, 1, InetAddress.getByName(serverIp)))) {
      CompletableFuture<Void> echo =
          CompletableFuture.runAsync(
              () -> {
                try (Socket s = server.accept()) {
                  s.getInputStream().transferTo(s.getOutputStream());
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      long start = System.nanoTime();
      byte[] back =
          clientSide.call(
              () -> {
                try (Socket s = new Socket()) {
                  s.connect(new InetSocketAddress(serverIp, TCP_PORT), 5000);
                  s.setSoTimeout(20_000);
                  OutputStream out = s.getOutputStream();
                  InputStream in = s.getInputStream();
                  CompletableFuture<byte[]> read =
                      CompletableFuture.supplyAsync(
                          () -> {
                            try {
                              return in.readNBytes(TCP_BYTES);
                            } catch (java.io.IOException e) {
                              throw new java.io.UncheckedIOException(e);
                            }
                          });
                  out.write(data);
                  out.flush();
                  s.shutdownOutput();
                  return read.get(25, TimeUnit.SECONDS);
                }
              });
      long took = millisSince(start);
      echo.get(10, TimeUnit.SECONDS);
      assertThat(back).as("echoed over TCP to " + serverIp).isEqualTo(data);
      return took;
    }
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }
}
