package dev.orbital.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.controller.ControllerConfig;
import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.Network;
import dev.orbital.protocol.Address;
import dev.orbital.testing.kafka.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A second view built from the topics alone reproduces what the running replica holds. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class StoreReplayTest {

  @Inject NetworkStore store;
  @Inject ControllerConfig config;
  @Inject KafkaClients clients;
  @Inject StoreTopics topics;

  @Test
  void shouldRebuildTheSameStateFromTheTopicsAfterARestart() {
    long now = 1_795_000_000_000L;
    Network kept = store.createNetwork(Map.of("name", "kept", "mtu", 1500), now);
    Network dropped = store.createNetwork(Map.of("name", "dropped"), now);
    Address a = Address.parse("3a77b41ec3");
    Address b = Address.parse("a4c90e16e5");
    store.putMember(kept.id(), a, Map.of("authorized", true, "name", "alpha"), now);
    store.putMember(kept.id(), b, Map.of("ipAssignments", java.util.List.of("10.4.0.2")), now);
    store.putMember(dropped.id(), a, Map.of(), now);
    store.deleteMember(kept.id(), b, now);
    store.deleteNetwork(dropped.id(), now);

    StoreFollower replica = new StoreFollower(config, clients, topics);
    replica.start();
    try {
      StoreView rebuilt = replica.view();
      assertThat(rebuilt.networks()).isEqualTo(store.view().networks());
      assertThat(rebuilt.network(kept.id())).contains(store.view().network(kept.id()).get());
      assertThat(rebuilt.network(dropped.id())).isEmpty();
      assertThat(rebuilt.members(kept.id()))
          .isEqualTo(store.view().members(kept.id()))
          .extracting(Member::address)
          .containsExactly(a);
      assertThat(rebuilt.members(dropped.id())).isEmpty();
    } finally {
      replica.stop();
    }
  }
}
