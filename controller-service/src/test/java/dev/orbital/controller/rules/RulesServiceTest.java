package dev.orbital.controller.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.controller.Corpus;
import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.Network;
import dev.orbital.controller.network.NetworkService;
import dev.orbital.protocol.identity.Identity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RulesServiceTest {

  private static final Identity A = Corpus.identity("A");
  private static final Identity B = Corpus.identity("B");

  private final RulesService service = new RulesService(A);

  private Network network() {
    return new NetworkService()
        .create(
            Corpus.NETWORK_ID,
            Map.of(
                "rules", List.of(Map.of("type", "ACTION_DROP")),
                "capabilities", List.of(Map.of("id", 1, "default", true), Map.of("id", 2)),
                "tags", List.of(Map.of("id", 7, "default", 70))),
            0);
  }

  @Test
  void shouldGiveDefaultCapabilitiesOnlyToNewMembersButDefaultTagsToAll() {
    Member member = Member.create(Corpus.NETWORK_ID, B.address(), 0);

    Member newcomer = service.withDefaults(network(), member, true);
    Member known = service.withDefaults(network(), member, false);

    assertThat(newcomer.capabilities()).containsExactly(1L);
    assertThat(known.capabilities()).isEmpty();
    assertThat(newcomer.tags()).containsExactly(Map.entry(7L, 70L));
    assertThat(known.tags()).containsExactly(Map.entry(7L, 70L));
  }

  @Test
  void shouldKeepAMembersOwnTagValueOverTheDefault() {
    Member member =
        Member.create(Corpus.NETWORK_ID, B.address(), 0).toBuilder().tags(Map.of(7L, 1L)).build();

    assertThat(service.withDefaults(network(), member, true).tags())
        .containsExactly(Map.entry(7L, 1L));
  }

  @Test
  void shouldGiveTheNetworkRulesOnlyToClientsWithARulesEngine() {
    assertThat(service.rulesFor(network(), 1)).isEqualTo(network().rules());
    assertThat(service.rulesFor(network(), 0)).isEqualTo(RulesService.ACCEPT_ALL);
  }

  @Test
  void shouldSkipCapabilitiesTheNetworkDoesNotDefine() {
    Member member =
        Member.create(Corpus.NETWORK_ID, B.address(), 0).toBuilder()
            .capabilities(List.of(2L, 5L))
            .build();

    assertThat(service.capabilities(network(), member, 1)).hasSize(1);
    assertThat(service.capabilities(network(), member, 1).get(0).id()).isEqualTo(2);
  }
}
