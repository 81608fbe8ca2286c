package dev.orbital.node.tap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.MacAddress;
import dev.orbital.protocol.netconf.NetworkAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link TapConfigurator} on a real TAP device in a namespace of its own, read back with ip -j. */
class TapConfiguratorTest {

  private static final long NETWORK_ID = 0x8056c2e21c000001L;
  private static final MacAddress MAC =
      NetworkAddresses.memberMac(NETWORK_ID, Address.parse("3a77b41ec3"));

  private NetworkNamespace ns;
  private TapDevice tap;
  private final String name = "orbt" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void requireTapSupport() {
    NetworkNamespace.requireTapSupport();
  }

  @BeforeEach
  void openTap() throws Exception {
    ns = NetworkNamespace.create();
    tap = ns.call(() -> TapDevice.open(name));
  }

  @AfterEach
  void cleanUp() throws Exception {
    try {
      tap.close();
    } finally {
      ns.close();
    }
  }

  @Test
  void shouldApplyMacMtuAddressesAndRoutes() throws Exception {
    TapState state =
        new TapState(
            MAC,
            2800,
            Set.of(cidr("10.77.1.5/24"), cidr("fd00:77::5/64")),
            Set.of(
                Route.onLink(cidr("10.77.1.0/24")),
                new Route(cidr("10.77.2.0/24"), ip("10.77.1.254"), 5),
                Route.onLink(cidr("fd00:77::/64")),
                Route.via(cidr("fd00:88::/64"), ip("fd00:77::1"))));

    apply(state);

    JsonNode link = ns.ipJson("link", "show", "dev", name).get(0);
    assertThat(link.path("address").asText()).isEqualTo(MAC.toString());
    assertThat(link.path("mtu").asInt()).isEqualTo(2800);
    assertThat(link.path("flags").toString()).contains("\"UP\"");
    assertThat(addressesSeenByIp()).containsExactly("10.77.1.5/24", "fd00:77::5/64");
    assertThat(
            ns.ipJson("-6", "address", "show", "dev", name, "tentative").get(0).path("addr_info"))
        .as("IPv6 addresses are usable at once (nodad); only the kernel's link-local waits for DAD")
        .extracting(info -> info.path("local").asText())
        .doesNotContain("fd00:77::5");
    assertThat(routesSeenByIp())
        .containsExactly(
            "10.77.1.0/24 metric 0",
            "10.77.2.0/24 via 10.77.1.254 metric 5",
            "fd00:77::/64 metric 1024",
            "fd00:88::/64 via fd00:77::1 metric 1024");
  }

  @Test
  void shouldAddNoPrefixRouteOfTheKernelsOwnSoRoutesComeOnlyFromTheConfig() throws Exception {
    apply(new TapState(MAC, 2800, Set.of(cidr("10.77.1.5/24"), cidr("fd00:77::5/64")), Set.of()));

    assertThat(ns.ipJson("-4", "route", "show", "table", "main", "dev", name)).isEmpty();
    assertThat(ns.ipJson("-6", "route", "show", "dev", name))
        .extracting(route -> route.path("dst").asText())
        .containsExactly("fe80::/64");
  }

  @Test
  void shouldRemoveStaleAddressesAndRoutesAddMissingOnesAndLeaveOthersAlone() throws Exception {
    apply(
        new TapState(
            MAC,
            2800,
            Set.of(cidr("10.77.1.5/24"), cidr("10.77.9.5/24"), cidr("fd00:77::5/64")),
            Set.of(
                Route.onLink(cidr("10.77.1.0/24")),
                Route.onLink(cidr("10.77.9.0/24")),
                Route.onLink(cidr("fd00:77::/64")))));
    NetworkNamespace.run(
        "ip", "-n", ns.name(), "route", "add", "10.99.0.0/16", "dev", name, "proto", "static");
    TapState update =
        new TapState(
            MAC,
            1400,
            Set.of(cidr("10.77.1.5/24"), cidr("10.77.3.5/24"), cidr("fd00:78::5/64")),
            Set.of(
                Route.onLink(cidr("10.77.1.0/24")),
                Route.onLink(cidr("10.77.3.0/24")),
                Route.onLink(cidr("fd00:78::/64"))));

    apply(update);
    apply(update);

    assertThat(ns.ipJson("link", "show", "dev", name).get(0).path("mtu").asInt()).isEqualTo(1400);
    assertThat(addressesSeenByIp())
        .containsExactly("10.77.1.5/24", "10.77.3.5/24", "fd00:78::5/64");
    assertThat(routesSeenByIp())
        .containsExactly(
            "10.77.1.0/24 metric 0", "10.77.3.0/24 metric 0", "fd00:78::/64 metric 1024");
    assertThat(ns.ipJson("-4", "route", "show", "proto", "static", "dev", name))
        .extracting(route -> route.path("dst").asText())
        .containsExactly("10.99.0.0/16");
  }

  @Test
  void shouldReadBackWhatItAppliedAndApplyItAgainUnchanged() throws Exception {
    TapState state =
        new TapState(
            MAC,
            2800,
            Set.of(cidr("10.77.1.5/24"), cidr("169.254.77.5/16"), cidr("fd00:77::5/64")),
            Set.of(
                Route.onLink(cidr("10.77.1.0/24")),
                new Route(cidr("0.0.0.0/0"), ip("10.77.1.1"), 7000),
                Route.onLink(cidr("fd00:77::/64"))));

    apply(state);
    apply(state);

    TapConfigurator configurator = new TapConfigurator(tap);
    assertThat(ns.call(configurator::addresses)).isEqualTo(state.addresses());
    assertThat(ns.call(configurator::routes)).isEqualTo(state.routes());
  }

  @Test
  void shouldNameTheInterfaceAndTheStepWhenARouteCannotBeAdded() {
    TapState state =
        new TapState(
            MAC,
            2800,
            Set.of(cidr("10.77.1.5/24")),
            // The kernel refuses a gateway that is a local address.
            Set.of(Route.via(cidr("10.88.0.0/16"), ip("10.77.1.5"))));

    assertThatThrownBy(() -> apply(state))
        .isInstanceOf(TapException.class)
        .hasMessageStartingWith(name + ": add route 10.88.0.0/16 via 10.77.1.5 metric 0 failed: ")
        .hasMessageContaining("ip -4 route add 10.88.0.0/16 via 10.77.1.5 onlink dev " + name);
  }

  private void apply(TapState state) throws Exception {
    ns.call(
        () -> {
          new TapConfigurator(tap).apply(state);
          return null;
        });
  }

  private List<String> addressesSeenByIp() throws Exception {
    TreeSet<String> seen = new TreeSet<>();
    for (JsonNode info : ns.ipJson("address", "show", "dev", name).get(0).path("addr_info")) {
      if (!info.path("scope").asText().equals("link")) {
        seen.add(info.path("local").asText() + "/" + info.path("prefixlen").asInt());
      }
    }
    return new ArrayList<>(seen);
  }

  private List<String> routesSeenByIp() throws Exception {
    TreeSet<String> seen = new TreeSet<>();
    for (String family : List.of("-4", "-6")) {
      for (JsonNode route : ns.ipJson(family, "route", "show", "dev", name, "proto", "77")) {
        seen.add(
            route.path("dst").asText()
                + (route.has("gateway") ? " via " + route.path("gateway").asText() : "")
                + " metric "
                + route.path("metric").asInt(0));
      }
    }
    return new ArrayList<>(seen);
  }

  private static CidrAddress cidr(String text) {
    return CidrAddress.parse(text);
  }

  private static InetAddress ip(String text) {
    return CidrAddress.literal(text, text);
  }
}
