package dev.orbital.node.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes each behind a NAT router, one full cone (endpoint-independent mapping and filtering),
 * one port-restricted (only replies get in): after the root introduces them, they still reach a
 * direct path to each other's public (router) address and ping over it.
 */
class NatTraversalIT {

  private static OrbitalLab lab;
  private static NodeProcess a;
  private static NodeProcess b;
  private static String nwid;

  @BeforeAll
  static void startDeployment() throws Exception {
    Map<String, NatMode> hosts = new LinkedHashMap<>();
    hosts.put("a", NatMode.ENDPOINT_INDEPENDENT);
    hosts.put("b", NatMode.PORT_RESTRICTED);
    lab = OrbitalLab.start("nn" + UUID.randomUUID().toString().substring(0, 4), hosts);
    a = lab.startNode("a");
    b = lab.startNode("b");
    nwid =
        lab.controller()
            .createNetwork("nat", "10.147.30.10", "10.147.30.200", "10.147.30.0/24", 2800);
  }

  @AfterAll
  static void stopDeployment() throws Exception {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void shouldReachADirectPathBehindAFullConeAndAPortRestrictedNat() throws Exception {
    for (NodeProcess node : new NodeProcess[] {a, b}) {
      assertThat(node.cli("join", nwid).output().strip()).isEqualTo("200 join OK");
      await("node " + node.name() + " asks to join")
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> node.network(nwid).orElseThrow().path("status").asText(),
              "ACCESS_DENIED"::equals);
      lab.controller().authorize(nwid, node.address());
    }
    String ipA = awaitAddress(a);
    String ipB = awaitAddress(b);
    await("a pings b").atMost(Duration.ofSeconds(30)).until(() -> lab.ping("a", ipB));

    String routerA = lab.network().publicAddress("a") + "/";
    String routerB = lab.network().publicAddress("b") + "/";
    // Traffic flowing both ways while the paths form, as on a network in use.
    try (PingRecorder traffic = new PingRecorder(a.namespace(), ipB)) {
      await("a direct path from a to b's router")
          .atMost(Duration.ofSeconds(120))
          .until(
              () -> a.directPathTo(b.address()),
              p -> p.filter(path -> path.startsWith(routerB)).isPresent());
      await("a direct path from b to a's router")
          .atMost(Duration.ofSeconds(120))
          .until(
              () -> b.directPathTo(a.address()),
              p -> p.filter(path -> path.startsWith(routerA)).isPresent());
      assertThat(traffic.answers()).as("pings answered meanwhile").isNotEmpty();
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + "\n" + diagnostics(), e);
    }
    // Full cone: the mapping is the node's own port, which anyone may use.
    assertThat(b.directPathTo(a.address()).orElseThrow()).isEqualTo(routerA + LabNetwork.NODE_PORT);
    assertThat(lab.ping("b", ipA)).isTrue();
    assertThat(lab.ping("a", ipB)).isTrue();
  }

  /** What each side knows of the other and what each router's conntrack holds. */
  private static String diagnostics() throws Exception {
    StringBuilder out = new StringBuilder();
    out.append("a's peers: ").append(a.api("/peer")).append('\n');
    out.append("b's peers: ").append(b.api("/peer")).append('\n');
    for (String host : new String[] {"a", "b"}) {
      out.append("router of ")
          .append(host)
          .append(":\n")
          .append(
              lab.network()
                  .exec(lab.network().routerNamespace(host), "conntrack", "-L", "-p", "udp")
                  .output());
    }
    return out.toString();
  }

  private static String awaitAddress(NodeProcess node) {
    return await("node " + node.name() + " gets an address")
        .atMost(Duration.ofSeconds(60))
        .until(() -> node.assignedIpv4(nwid), Optional::isPresent)
        .orElseThrow();
  }
}
