package dev.orbital.node.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 5's proof, every part real: a root, the controller (REST API, Kafka store, wire endpoint)
 * and two Orbital nodes, each in its own network namespace, on one private network created and
 * authorized through the controller's REST API. The tests run in order on the same deployment: a
 * network's life from join to a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesIT {

  private static final Duration CONFIG_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration DIRECT_PATH_TIMEOUT = Duration.ofSeconds(120);

  private static OrbitalLab lab;
  private static NodeProcess a;
  private static NodeProcess b;
  private static String nwid;

  @BeforeAll
  static void startDeployment() throws Exception {
    lab = OrbitalLab.startDirect("n2", "a", "b");
    a = lab.startNode("a");
    b = lab.startNode("b");
    nwid =
        lab.controller()
            .createNetwork("e2e", "10.147.20.10", "10.147.20.200", "10.147.20.0/24", 2800);
  }

  @AfterAll
  static void stopDeployment() throws Exception {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  @Order(1)
  void shouldAnswerTheCliOnBothNodesOnceOnline() throws Exception {
    for (NodeProcess node : List.of(a, b)) {
      await("node " + node.name() + " online")
          .atMost(Duration.ofSeconds(30))
          .until(() -> node.cli("info").output().strip().endsWith(" ONLINE"));
      assertThat(node.cli("info").output().strip())
          .matches("200 info " + node.address() + " \\d+\\.\\d+\\.\\d+ ONLINE");
    }
  }

  @Test
  @Order(2)
  void shouldGetAddressesAndPingBothWaysOnceAuthorizedThroughRest() throws Exception {
    // Direct traffic between the hosts is blocked at first: everything goes through the root.
    lab.network().blockDirect("a", "b");
    for (NodeProcess node : List.of(a, b)) {
      Shell.Result joined = node.cli("join", nwid);
      assertThat(joined.output().strip()).isEqualTo("200 join OK");
    }
    await("an unauthorized member is refused")
        .atMost(CONFIG_TIMEOUT)
        .until(
            () -> a.network(nwid).orElseThrow().path("status").asText(), "ACCESS_DENIED"::equals);

    lab.controller().authorize(nwid, a.address());
    lab.controller().authorize(nwid, b.address());

    String ipA = awaitAddress(a);
    String ipB = awaitAddress(b);
    assertThat(ipA).isNotEqualTo(ipB).startsWith("10.147.20.");
    assertThat(a.cli("listnetworks").output())
        .contains("200 listnetworks " + nwid + " e2e ")
        .contains(" OK PRIVATE ")
        .contains(ipA + "/24");
    await("a pings b").atMost(Duration.ofSeconds(30)).until(() -> lab.ping("a", ipB));
    await("b pings a").atMost(Duration.ofSeconds(30)).until(() -> lab.ping("b", ipA));
  }

  @Test
  @Order(3)
  void shouldMoveFromTheRootToADirectPath() throws Exception {
    String ipB = a.assignedIpv4(nwid).orElseThrow();
    assertThat(lab.ping("a", ipB)).as("relayed through the root").isTrue();
    assertThat(a.directPathTo(b.address())).as("no direct path while blocked").isEmpty();

    lab.network().allowDirect();

    await("a direct path from a to b")
        .atMost(DIRECT_PATH_TIMEOUT)
        .until(() -> a.directPathTo(b.address()).isPresent() && lab.ping("a", ipB));
    assertThat(a.directPathTo(b.address()).orElseThrow())
        .isEqualTo(lab.network().publicAddress("b") + "/" + LabNetwork.NODE_PORT);
    await("a direct path from b to a")
        .atMost(DIRECT_PATH_TIMEOUT)
        .until(() -> b.directPathTo(a.address()).isPresent());
    assertThat(a.cli("listpeers").output())
        .contains("200 listpeers " + b.address() + " " + lab.network().publicAddress("b") + "/");
  }

  @Test
  @Order(4)
  void shouldComeBackOnTheSameAddressAfterARestart() throws Exception {
    String address = b.address();
    String ip = b.assignedIpv4(nwid).orElseThrow();

    b.restart();

    assertThat(b.address()).isEqualTo(address);
    assertThat(awaitAddress(b)).isEqualTo(ip);
    await("a pings the restarted b").atMost(Duration.ofSeconds(60)).until(() -> lab.ping("a", ip));
  }

  /**
   * Last: a deauthorized b that ignores its refusal (here it never gets it: its namespace drops
   * every packet from the controller) keeps its config, COM and address and keeps pinging. a got
   * the controller's revocation of b's COM: within the 2 s it drops b's frames, counted as
   * not-member drops, and b's pings go unanswered.
   */
  @Test
  @Order(5)
  void shouldDropTheFramesOfADeauthorizedMemberThatIgnoresItsRefusal() throws Exception {
    String ipA = a.assignedIpv4(nwid).orElseThrow();
    await("b pings a").atMost(Duration.ofSeconds(60)).until(() -> lab.ping("b", ipA));
    String namespaceB = lab.network().namespace("b");
    // The ZeroTier header's source address (bytes 13..17 of the UDP payload, bit 168 of the
    // transport header) is the controller's (the network ID's top 40 bits) on all it sends.
    Shell.checkWithInput(
        "table inet revoke {\n"
            + "  chain in {\n"
            + "    type filter hook input priority 0;\n"
            + "    meta l4proto udp @th,168,40 0x"
            + nwid.substring(0, 10)
            + " drop\n"
            + "  }\n"
            + "}\n",
        "ip",
        "netns",
        "exec",
        namespaceB,
        "nft",
        "-f",
        "-");
    try (PingRecorder pings = new PingRecorder(namespaceB, ipA)) {
      await("b's pings answered")
          .atMost(Duration.ofSeconds(10))
          .until(() -> !pings.answers().isEmpty());
      long droppedBefore = notMemberDrops(a);
      long deauthorized = System.currentTimeMillis();
      lab.controller().deauthorize(nwid, b.address());

      await("a drops b's frames")
          .atMost(Duration.ofSeconds(2))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> notMemberDrops(a) > droppedBefore);
      long dropping = System.currentTimeMillis();
      System.out.printf(
          "TwoNodesIT: deauthorized to a dropping b's frames in %d ms%n", dropping - deauthorized);
      assertThat(b.assignedIpv4(nwid)).as("b never got its refusal").isPresent();
      assertThat(lab.ping("b", ipA)).isFalse();
      assertThat(pings.answers()).allMatch(answered -> answered < dropping);
    } finally {
      Shell.check("ip", "netns", "exec", namespaceB, "nft", "delete", "table", "inet", "revoke");
    }
  }

  private static long notMemberDrops(NodeProcess node) throws Exception {
    return node.api("/counters").path("dropped_not_member").asLong();
  }

  private static String awaitAddress(NodeProcess node) {
    return await("node " + node.name() + " gets an address")
        .atMost(CONFIG_TIMEOUT)
        .until(() -> node.assignedIpv4(nwid), java.util.Optional::isPresent)
        .orElseThrow();
  }
}
