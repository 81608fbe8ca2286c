package dev.orbital.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.node.api.FakeNode;
import dev.orbital.node.api.LocalApiEndpoint;
import dev.orbital.node.api.LocalApiService;
import dev.orbital.node.control.NetworkState;
import dev.orbital.node.control.NetworkStatus;
import dev.orbital.node.control.PeerStatus;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeCliTest {

  private static final String TOKEN = "clitoken";
  private static final String NWID = "8056c2e21c000001";

  @TempDir Path home;
  private final FakeNode node = new FakeNode();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private Vertx vertx;
  private LocalApiEndpoint endpoint;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    endpoint = LocalApiEndpoint.start(vertx, new LocalApiService(node, TOKEN), 0);
    Files.writeString(home.resolve("authtoken.secret"), TOKEN);
    Files.writeString(home.resolve("zerotier-one.port"), endpoint.port() + "\n");
  }

  @AfterEach
  void stop() {
    endpoint.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void shouldPrintInfoAsZerotierCliDoes() {
    assertThat(cli("-D" + home, "info")).isZero();
    assertThat(out()).isEqualTo("200 info " + FakeNode.ADDRESS + " 1.14.1 ONLINE\n");
  }

  @Test
  void shouldJoinListAndLeave() {
    assertThat(cli("--home", home.toString(), "join", NWID)).isZero();
    assertThat(out()).isEqualTo("200 join OK\n");
    node.configure(
        new NetworkStatus(
            NWID,
            "lab",
            NetworkState.OK,
            "PRIVATE",
            "32:9d:ab:cd:ef:01",
            2800,
            "zt4ioiavwd",
            List.of("10.147.20.5/24", "fd00::5/88"),
            List.of(),
            3));

    out.reset();
    assertThat(cli("-D" + home, "listnetworks")).isZero();
    assertThat(out())
        .isEqualTo(
            "200 listnetworks <nwid> <name> <mac> <status> <type> <dev> <ZT assigned ips>\n"
                + "200 listnetworks "
                + NWID
                + " lab 32:9d:ab:cd:ef:01 OK PRIVATE zt4ioiavwd 10.147.20.5/24,fd00::5/88\n");

    out.reset();
    assertThat(cli("-D" + home, "leave", NWID)).isZero();
    assertThat(out()).isEqualTo("200 leave OK\n");
    assertThat(node.networks()).isEmpty();
  }

  @Test
  void shouldListPeersWithTheirPreferredPath() {
    long now = System.currentTimeMillis();
    node.addPeer(
        new PeerStatus(
            "deadbeef01",
            "1.14.1",
            3,
            "LEAF",
            List.of(
                new PeerStatus.PathStatus(
                    "10.9.1.2/9993", now - 5000, now - 5000, true, true, false))));
    node.addPeer(new PeerStatus("778cde7190", "-", -1, "PLANET", List.of()));

    assertThat(cli("-D" + home, "listpeers")).isZero();

    String[] lines = out().split("\n");
    assertThat(lines[0]).isEqualTo("200 listpeers <ztaddr> <path> <latency> <version> <role>");
    assertThat(lines[1])
        .matches("200 listpeers deadbeef01 10\\.9\\.1\\.2/9993;5\\d{3};5\\d{3} 3 1\\.14\\.1 LEAF");
    assertThat(lines[2]).isEqualTo("200 listpeers 778cde7190 - -1 - PLANET");
  }

  @Test
  void shouldPrintJsonWithDashJ() throws Exception {
    assertThat(cli("-j", "-D" + home, "info")).isZero();
    assertThat(
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(out())
                .path("address")
                .asText())
        .isEqualTo(FakeNode.ADDRESS);
  }

  @Test
  void shouldRefuseAMalformedNetworkIdBeforeAsking() {
    assertThat(cli("-D" + home, "join", "8056c2e21c")).isEqualTo(2);
    assertThat(err()).contains("invalid network id");
    assertThat(node.networks()).isEmpty();
  }

  @Test
  void shouldPrintTheApiErrorWithItsStatus() {
    assertThat(cli("-D" + home, "leave", NWID)).isEqualTo(1);
    assertThat(out()).startsWith("404 leave {");
  }

  @Test
  void shouldSayClearlyWhenTheNodeIsNotRunning() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Files.writeString(home.resolve("zerotier-one.port"), String.valueOf(closedPort));

    assertThat(cli("-D" + home, "info")).isEqualTo(1);
    assertThat(err()).contains("the node is not running").contains("127.0.0.1:" + closedPort);
  }

  @Test
  void shouldSayWhereItLookedForTheToken(@TempDir Path emptyHome) {
    assertThat(cli("-D" + emptyHome, "info")).isEqualTo(2);
    assertThat(err())
        .contains("no auth token")
        .contains(emptyHome.resolve("authtoken.secret").toString());
  }

  @Test
  void shouldTellCliInvocationsFromTheDaemon() {
    assertThat(NodeCli.isCliInvocation(new String[] {"-D/x", "listpeers"})).isTrue();
    assertThat(NodeCli.isCliInvocation(new String[] {"-j", "info"})).isTrue();
    assertThat(NodeCli.isCliInvocation(new String[] {"--home", "/x", "--port", "9993"})).isFalse();
    assertThat(NodeCli.isCliInvocation(new String[] {"daemon"})).isFalse();
  }

  private int cli(String... args) {
    return new NodeCli(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
