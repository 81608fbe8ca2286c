package dev.orbital.controller.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbital.controller.ipam.IpAddresses;
import dev.orbital.protocol.Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemberJsonTest {

  private static final long NWID = 0xe7745d5aa3c51defL;
  private static final Address B = Address.parse("3a77b41ec3");
  private static final long NOW = 1_795_528_000_000L;

  private static Member fresh() {
    return Member.create(NWID, B, NOW);
  }

  private static InetAddress ip(String text) {
    return IpAddresses.parse(text).orElseThrow();
  }

  @Test
  void shouldRenderStockDefaults() {
    Map<String, Object> json = MemberJson.toJson(fresh());

    assertThat(json)
        .containsEntry("id", "3a77b41ec3")
        .containsEntry("address", "3a77b41ec3")
        .containsEntry("nwid", "e7745d5aa3c51def")
        .containsEntry("objtype", "member")
        .containsEntry("authorized", false)
        .containsEntry("activeBridge", false)
        .containsEntry("noAutoAssignIps", false)
        .containsEntry("ipAssignments", List.of())
        .containsEntry("tags", List.of())
        .containsEntry("capabilities", List.of())
        .containsEntry("creationTime", NOW)
        .containsEntry("revision", 0L)
        .containsEntry("lastAuthorizedTime", 0L)
        .containsEntry("lastDeauthorizedTime", 0L)
        .containsEntry("lastAuthorizedCredentialType", null)
        .containsEntry("lastAuthorizedCredential", null)
        .containsEntry("vMajor", -1L)
        .containsEntry("vMinor", -1L)
        .containsEntry("vRev", -1L)
        .containsEntry("vProto", -1L)
        .containsEntry("remoteTraceTarget", null)
        .containsEntry("remoteTraceLevel", 0);
    assertThat(json).doesNotContainKey("identity");
    assertThat(new ArrayList<>(json.keySet())).isSorted();
  }

  @Test
  void shouldStampAuthorizationChangesWithTheApiCredential() {
    Member authorized = MemberJson.applyUpdate(fresh(), Map.of("authorized", true), NOW + 5);

    assertThat(authorized.authorized()).isTrue();
    assertThat(authorized.lastAuthorizedTime()).isEqualTo(NOW + 5);
    assertThat(authorized.lastAuthorizedCredentialType()).isEqualTo("api");

    Member again = MemberJson.applyUpdate(authorized, Map.of("authorized", true), NOW + 9);
    assertThat(again.lastAuthorizedTime()).isEqualTo(NOW + 5);

    Member deauthorized = MemberJson.applyUpdate(authorized, Map.of("authorized", false), NOW + 7);
    assertThat(deauthorized.authorized()).isFalse();
    assertThat(deauthorized.lastDeauthorizedTime()).isEqualTo(NOW + 7);
    assertThat(deauthorized.lastAuthorizedTime()).isEqualTo(NOW + 5);
  }

  @Test
  void shouldNormalizeTagsCapabilitiesAndAddresses() {
    Member m =
        MemberJson.applyUpdate(
            fresh(),
            Map.of(
                "tags",
                List.of(List.of(5, 1), List.of(2, 7), List.of(5, 3)),
                "capabilities",
                List.of(9, 1, 9),
                "ipAssignments",
                List.of("10.147.20.7", "fd00:0:0:0:0:0:0:1", "10.147.20.7"),
                "name",
                "laptop",
                "activeBridge",
                true,
                "noAutoAssignIps",
                true),
            NOW);

    assertThat(m.tags()).containsExactly(Map.entry(2L, 7L), Map.entry(5L, 3L));
    assertThat(m.capabilities()).containsExactly(1L, 9L);
    assertThat(m.ipAssignments()).containsExactly(ip("10.147.20.7"), ip("fd00::1"));
    Map<String, Object> json = MemberJson.toJson(m);
    assertThat(json.get("tags")).isEqualTo(List.of(List.of(2L, 7L), List.of(5L, 3L)));
    assertThat(json.get("ipAssignments")).isEqualTo(List.of("10.147.20.7", "fd00::1"));
    assertThat(json).containsEntry("name", "laptop").containsEntry("activeBridge", true);
  }

  @Test
  void shouldIgnoreKeysThatAreNotPostable() {
    Member m =
        MemberJson.applyUpdate(
            fresh(), Map.of("identity", "x", "vMajor", 9, "revision", 4, "id", "ffffffffff"), NOW);

    assertThat(m).isEqualTo(fresh());
  }

  @Test
  void shouldNameTheFieldAndReasonOfABadValue() {
    assertRejected(Map.of("authorized", 1), "authorized", "must be true or false");
    assertRejected(
        Map.of("ipAssignments", List.of("10.0.0.1", "ten")),
        "ipAssignments[1]",
        "not an IP address");
    assertRejected(Map.of("tags", List.of(List.of(1))), "tags[0]", "must be [id, value]");
    assertRejected(Map.of("tags", List.of(List.of(1, -2))), "tags[0][1]", "must be 0..4294967295");
    assertRejected(
        Map.of("capabilities", List.of("a")), "capabilities[0]", "must be 0..4294967295");
    assertRejected(Map.of("remoteTraceLevel", 300), "remoteTraceLevel", "must be 0..255");
  }

  private static void assertRejected(Map<String, ?> body, String field, String reason) {
    assertThatThrownBy(() -> MemberJson.applyUpdate(fresh(), body, NOW))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.getMessage()).isEqualTo(field + ": " + reason));
  }
}
