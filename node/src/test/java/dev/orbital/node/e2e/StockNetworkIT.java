package dev.orbital.node.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Stock ZeroTier One 1.14.1 hosts on Orbital's control plane, every part real: the packaged root
 * and controller, two stock daemons in their own namespaces. They come online with Orbital's root,
 * are refused until authorized through the REST API, get their pool addresses and ping each other
 * over a direct path. The tests run in order on the same deployment.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StockNetworkIT {

  private static final Duration CONFIG_TIMEOUT = Duration.ofSeconds(60);

  private static OrbitalLab lab;
  private static StockNode a;
  private static StockNode b;
  private static String nwid;

  @BeforeAll
  static void startDeployment() throws Exception {
    OrbitalLab.stockBinary();
    lab = OrbitalLab.startDirect("sk", "a", "b");
    a = lab.startStockNode("a");
    b = lab.startStockNode("b");
    nwid =
        lab.controller()
            .createNetwork("stock", "10.147.30.10", "10.147.30.200", "10.147.30.0/24", 2800);
  }

  @AfterAll
  static void stopDeployment() throws Exception {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  @Order(1)
  void shouldComeOnlineWithOrbitalsRoot() throws Exception {
    long started = System.nanoTime();
    for (StockNode node : List.of(a, b)) {
      await("stock node online")
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(node::online);
    }
    System.out.printf(
        "StockNetworkIT: both stock nodes online %d ms after start%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  @Test
  @Order(2)
  void shouldBeRefusedThenAddressedOnceAuthorizedThroughRest() throws Exception {
    for (StockNode node : List.of(a, b)) {
      assertThat(node.cli("join", nwid).strip()).isEqualTo("200 join OK");
    }
    await("an unauthorized stock member is refused")
        .atMost(CONFIG_TIMEOUT)
        .ignoreExceptions()
        .until(() -> a.network(nwid).path("status").asText(), "ACCESS_DENIED"::equals);

    long authorized = System.nanoTime();
    for (StockNode node : List.of(a, b)) {
      lab.controller().authorize(nwid, node.address());
    }
    for (StockNode node : List.of(a, b)) {
      await("stock member configured")
          .atMost(CONFIG_TIMEOUT)
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                JsonNode network = node.network(nwid);
                assertThat(network.path("status").asText()).isEqualTo("OK");
                assertThat(node.assignedIpv4(nwid)).isPresent();
              });
    }
    System.out.printf(
        "StockNetworkIT: both stock members addressed %d ms after the authorization%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - authorized));
    assertThat(lab.controller().member(nwid, a.address()).getList("ipAssignments"))
        .containsExactly(a.assignedIpv4(nwid).orElseThrow());
  }

  @Test
  @Order(3)
  void shouldPingBothWaysOverADirectPath() throws Exception {
    String addressOfA = a.assignedIpv4(nwid).orElseThrow();
    String addressOfB = b.assignedIpv4(nwid).orElseThrow();
    await("a pings b").atMost(Duration.ofSeconds(30)).until(() -> lab.ping("a", addressOfB));
    await("b pings a").atMost(Duration.ofSeconds(30)).until(() -> lab.ping("b", addressOfA));
    await("a direct path between the stock nodes")
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(() -> a.hasDirectPathTo(b.address()) && b.hasDirectPathTo(a.address()));
  }
}
