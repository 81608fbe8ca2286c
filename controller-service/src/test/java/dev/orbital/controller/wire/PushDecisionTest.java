package dev.orbital.controller.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.controller.Corpus;
import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.Network;
import dev.orbital.controller.network.NetworkService;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PushDecisionTest {

  private static final long NOW = 1_795_528_000_000L;

  private final NetworkService networks = new NetworkService();

  private Member member(Member current, Map<String, ?> body) {
    return networks.updateMember(
        Corpus.NETWORK_ID, Corpus.identity("B").address(), current, body, NOW, Set.of());
  }

  @Test
  void shouldPushOnAuthorize() {
    Member requested = member(null, Map.of());
    assertThat(PushDecision.forMember(requested, member(requested, Map.of("authorized", true))))
        .isEqualTo(PushDecision.PUSH);
  }

  @Test
  void shouldPushAndRevokeOnDeauthorizeOrDelete() {
    Member authorized = member(null, Map.of("authorized", true));
    assertThat(PushDecision.forMember(authorized, member(authorized, Map.of("authorized", false))))
        .isEqualTo(PushDecision.PUSH_AND_REVOKE);
    assertThat(PushDecision.forMember(authorized, null)).isEqualTo(PushDecision.PUSH_AND_REVOKE);
  }

  @Test
  void shouldPushOnAddressChange() {
    Member authorized = member(null, Map.of("authorized", true));
    Member moved = member(authorized, Map.of("ipAssignments", List.of("10.1.2.3")));
    assertThat(PushDecision.forMember(authorized, moved)).isEqualTo(PushDecision.PUSH);
  }

  @Test
  void shouldNotPushForAnUnauthorizedNewcomerOrNoChange() {
    Member requested = member(null, Map.of());
    assertThat(PushDecision.forMember(null, requested)).isEqualTo(PushDecision.NONE);
    assertThat(PushDecision.forMember(requested, requested)).isEqualTo(PushDecision.NONE);
    assertThat(PushDecision.forMember(requested, null)).isEqualTo(PushDecision.NONE);
  }

  @Test
  void shouldPushEveryoneOnANetworkChangeOrDeletionButNotOnCreation() {
    Network created = networks.create(Corpus.NETWORK_ID, Map.of("name", "a"), NOW);
    Network changed = networks.update(created, Map.of("mtu", 1400));
    assertThat(PushDecision.forNetwork(null, created)).isEqualTo(PushDecision.NONE);
    assertThat(PushDecision.forNetwork(created, changed)).isEqualTo(PushDecision.PUSH);
    assertThat(PushDecision.forNetwork(changed, null)).isEqualTo(PushDecision.PUSH);
  }
}
