package dev.orbital.controller.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbital.controller.ipam.AssignModes;
import dev.orbital.controller.ipam.IpAddresses;
import dev.orbital.protocol.rules.Rule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class NetworkJsonTest {

  private static final long NWID = 0xe7745d5aa3c51defL;
  private static final long NOW = 1_795_528_000_000L;

  private static Network fresh() {
    return Network.create(NWID, NOW);
  }

  private static Network apply(Map<String, ?> body) {
    return NetworkJson.applyUpdate(fresh(), body);
  }

  @Test
  void shouldRenderStockDefaults() {
    Map<String, Object> json = NetworkJson.toJson(fresh());

    assertThat(json)
        .containsEntry("id", "e7745d5aa3c51def")
        .containsEntry("nwid", "e7745d5aa3c51def")
        .containsEntry("objtype", "network")
        .containsEntry("name", "")
        .containsEntry("private", true)
        .containsEntry("creationTime", NOW)
        .containsEntry("revision", 0L)
        .containsEntry("enableBroadcast", true)
        .containsEntry("multicastLimit", 32L)
        .containsEntry("mtu", 2800)
        .containsEntry("v4AssignMode", Map.of("zt", false))
        .containsEntry("v6AssignMode", Map.of("rfc4193", false, "zt", false, "6plane", false))
        .containsEntry("ipAssignmentPools", List.of())
        .containsEntry("routes", List.of())
        .containsEntry("rules", List.of(Map.of("type", "ACTION_ACCEPT")))
        .containsEntry("rulesSource", "")
        .containsEntry("capabilities", List.of())
        .containsEntry("tags", List.of())
        .containsEntry("dns", List.of())
        .containsEntry("authTokens", new ArrayList<>(Arrays.asList((Object) null)))
        .containsEntry("remoteTraceTarget", null)
        .containsEntry("remoteTraceLevel", 0)
        .containsEntry("ssoEnabled", false)
        .doesNotContainKey("certificateTimeoutWindowSize");
    assertThat(new ArrayList<>(json.keySet())).isSorted();
  }

  @Test
  void shouldChangeOnlyTheKeysPresent() {
    Network named = apply(Map.of("name", "testnet"));

    assertThat(named.name()).isEqualTo("testnet");
    assertThat(named).isEqualTo(new NetworkBuilderView(fresh()).withName("testnet"));
  }

  @Test
  void shouldApplyEveryPostableKey() {
    Map<String, Object> body =
        Map.ofEntries(
            Map.entry("name", "lab"),
            Map.entry("private", false),
            Map.entry("enableBroadcast", false),
            Map.entry("multicastLimit", 64),
            Map.entry("mtu", 1400),
            Map.entry("remoteTraceTarget", "3a77b41ec3"),
            Map.entry("remoteTraceLevel", 2),
            Map.entry("v4AssignMode", Map.of("zt", true)),
            Map.entry("v6AssignMode", Map.of("rfc4193", true, "6plane", true)),
            Map.entry(
                "routes",
                List.of(
                    Map.of("target", "10.147.20.0/24"),
                    Map.of("target", "0.0.0.0/0", "via", "10.147.20.1"))),
            Map.entry(
                "ipAssignmentPools",
                List.of(Map.of("ipRangeStart", "10.147.20.1", "ipRangeEnd", "10.147.20.254"))),
            Map.entry(
                "rules",
                List.of(
                    Map.of("type", "MATCH_ETHERTYPE", "etherType", 2048, "not", true),
                    Map.of("type", "ACTION_DROP"),
                    Map.of("type", "ACTION_ACCEPT"))),
            Map.entry("authTokens", Map.of("s3cret", 0)),
            Map.entry(
                "capabilities",
                List.of(
                    Map.of(
                        "id",
                        7,
                        "default",
                        true,
                        "rules",
                        List.of(Map.of("type", "ACTION_ACCEPT"))),
                    Map.of("id", 2))),
            Map.entry("tags", List.of(Map.of("id", 3, "default", 9), Map.of("id", 1))),
            Map.entry("dns", Map.of("domain", "lab.example", "servers", List.of("10.147.20.53"))),
            Map.entry("id", "ffffffffffffffff"),
            Map.entry("revision", 99));

    Network n = apply(body);

    assertThat(n.id()).isEqualTo(NWID);
    assertThat(n.revision()).isZero();
    assertThat(n.name()).isEqualTo("lab");
    assertThat(n.isPrivate()).isFalse();
    assertThat(n.enableBroadcast()).isFalse();
    assertThat(n.multicastLimit()).isEqualTo(64);
    assertThat(n.mtu()).isEqualTo(1400);
    assertThat(n.remoteTraceTarget()).hasToString("3a77b41ec3");
    assertThat(n.remoteTraceLevel()).isEqualTo(2);
    assertThat(n.assignModes()).isEqualTo(new AssignModes(true, false, true, true));
    assertThat(n.routes()).hasSize(2);
    assertThat(n.routes().get(1).via()).isEqualTo(IpAddresses.parse("10.147.20.1").orElseThrow());
    assertThat(n.ipAssignmentPools()).hasSize(1);
    assertThat(n.rules()).hasSize(3).first().isInstanceOf(Rule.MatchEtherType.class);
    assertThat(n.authTokens()).containsEntry("s3cret", 0L);
    assertThat(n.capabilities()).extracting(CapabilityDefinition::id).containsExactly(2L, 7L);
    assertThat(n.tags()).extracting(TagDefinition::id).containsExactly(1L, 3L);
    assertThat(n.tags().get(1).defaultValue()).isEqualTo(9L);
    assertThat(n.dns().domain()).isEqualTo("lab.example");

    Map<String, Object> json = NetworkJson.toJson(n);
    assertThat(json.get("routes"))
        .isEqualTo(List.of(route("10.147.20.0/24", null), route("0.0.0.0/0", "10.147.20.1")));
    assertThat(json.get("v6AssignMode"))
        .isEqualTo(Map.of("rfc4193", true, "zt", false, "6plane", true));
    assertThat(json.get("dns"))
        .isEqualTo(Map.of("domain", "lab.example", "servers", List.of("10.147.20.53")));
  }

  @Test
  void shouldRoundTripItsOwnRendering() {
    Network n =
        apply(
            Map.of(
                "routes", List.of(Map.of("target", "fd00:1::/64")),
                "ipAssignmentPools",
                    List.of(Map.of("ipRangeStart", "fd00:1::1", "ipRangeEnd", "fd00:1::ffff")),
                "tags", List.of(Map.of("id", 1, "default", 2)),
                "capabilities", List.of(Map.of("id", 1, "rules", List.of()))));
    Map<String, Object> json = NetworkJson.toJson(n);

    assertThat(NetworkJson.applyUpdate(fresh(), json)).isEqualTo(n);
    assertThat(json.get("ipAssignmentPools"))
        .isEqualTo(List.of(Map.of("ipRangeStart", "fd00:1::1", "ipRangeEnd", "fd00:1::ffff")));
  }

  @Test
  void shouldAcceptTheLegacyAssignModeStrings() {
    assertThat(apply(Map.of("v4AssignMode", "zt")).assignModes().v4Zt()).isTrue();
    assertThat(apply(Map.of("v4AssignMode", "none")).assignModes().v4Zt()).isFalse();
    assertThat(apply(Map.of("v6AssignMode", "rfc4193,zt")).assignModes())
        .isEqualTo(new AssignModes(false, true, true, false));
    assertThat(apply(Map.of("v6AssignMode", "")).assignModes()).isEqualTo(AssignModes.NONE);
  }

  @Test
  void shouldNameTheFieldAndReasonOfABadValue() {
    assertRejected(Map.of("mtu", 100), "mtu", "must be 1280..10000");
    assertRejected(Map.of("mtu", 1400.5), "mtu", "must be 1280..10000");
    assertRejected(Map.of("private", "yes"), "private", "must be true or false");
    assertRejected(Map.of("multicastLimit", -1), "multicastLimit", "must be 0..4294967295");
    assertRejected(
        Map.of(
            "ipAssignmentPools",
            List.of(Map.of("ipRangeStart", "10.0.0.300", "ipRangeEnd", "10.0.0.9"))),
        "ipAssignmentPools[0].ipRangeStart",
        "not an IP address");
    assertRejected(
        Map.of(
            "ipAssignmentPools",
            List.of(Map.of("ipRangeStart", "10.0.0.9", "ipRangeEnd", "10.0.0.1"))),
        "ipAssignmentPools[0].ipRangeEnd",
        "must not be below ipRangeStart");
    assertRejected(
        Map.of(
            "ipAssignmentPools",
            List.of(Map.of("ipRangeStart", "10.0.0.1", "ipRangeEnd", "fd00::1"))),
        "ipAssignmentPools[0].ipRangeEnd",
        "must be of the start's family");
    assertRejected(
        Map.of("routes", List.of(Map.of("target", "10.0.0.0/33"))),
        "routes[0].target",
        "must be a network in CIDR form");
    assertRejected(
        Map.of("routes", List.of(Map.of("target", "example.com/24"))),
        "routes[0].target",
        "must be a network in CIDR form");
    assertRejected(
        Map.of("routes", List.of(Map.of("target", "10.0.0.0/8", "via", "fd00::1"))),
        "routes[0].via",
        "must be of the target's address family");
    assertRejected(
        Map.of("rules", List.of(Map.of("type", "MATCH_ETHERTYPE", "etherType", 70000))),
        "rules[0].etherType",
        "must be an integer 0..65535");
    assertRejected(
        Map.of("rules", List.of(Map.of("type", "NO_SUCH_RULE"))),
        "rules[0].type",
        "unknown rule type \"NO_SUCH_RULE\"");
    assertRejected(
        Map.of("capabilities", List.of(Map.of("id", 1, "rules", List.of(Map.of("type", "X"))))),
        "capabilities[0].rules[0].type",
        "unknown rule type \"X\"");
    assertRejected(
        Map.of("authTokens", Map.of("t", -5)), "authTokens.t", "must be 0..9223372036854775807");
    assertRejected(
        Map.of("v6AssignMode", "rfc4193,7plane"),
        "v6AssignMode",
        "unknown mode \"7plane\" (zt, rfc4193, 6plane)");
    assertRejected(
        Map.of("remoteTraceTarget", "xyz"),
        "remoteTraceTarget",
        "must be a 10-digit hex address or null");
    assertRejected(
        Map.of(
            "dns",
            Map.of("servers", List.of("1.1.1.1", "1.0.0.1", "8.8.8.8", "8.8.4.4", "9.9.9.9"))),
        "dns.servers",
        "at most 4 entries (got 5)");
    assertRejected(
        Map.of("tags", List.of(Map.of("id", 1L << 32))), "tags[0].id", "must be 0..4294967295");
  }

  @Test
  void shouldIgnoreKeysThatAreNotPostable() {
    Network n =
        apply(Map.of("rulesSource", "drop", "objtype", "x", "creationTime", 5, "ssoEnabled", true));

    assertThat(n).isEqualTo(fresh());
  }

  private static void assertRejected(Map<String, ?> body, String field, String reason) {
    assertThatThrownBy(() -> apply(body))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e).hasMessage(field + ": " + reason);
            });
  }

  private static Map<String, Object> route(String target, String via) {
    Map<String, Object> route = new TreeMap<>();
    route.put("target", target);
    route.put("via", via);
    return route;
  }

  /** Builds the expected network of a name-only update by hand. */
  private record NetworkBuilderView(Network base) {
    Network withName(String name) {
      return new Network(
          base.id(),
          name,
          base.isPrivate(),
          base.creationTime(),
          base.revision(),
          base.enableBroadcast(),
          base.multicastLimit(),
          base.mtu(),
          base.assignModes(),
          base.ipAssignmentPools(),
          base.routes(),
          base.rules(),
          base.rulesSource(),
          base.capabilities(),
          base.tags(),
          base.dns(),
          base.authTokens(),
          base.remoteTraceTarget(),
          base.remoteTraceLevel(),
          base.ssoEnabled(),
          base.clientId(),
          base.authorizationEndpoint(),
          base.certificateTimeoutWindowSize());
    }
  }
}
