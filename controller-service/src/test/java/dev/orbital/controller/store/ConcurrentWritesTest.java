package dev.orbital.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.Network;
import dev.orbital.controller.network.ValidationException;
import dev.orbital.protocol.Address;
import dev.orbital.testing.kafka.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Writes to one network are serialized within a replica: checks see every earlier write. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class ConcurrentWritesTest {

  private static final int WRITERS = 16;

  @Inject NetworkStore store;

  @Test
  void shouldGiveAContestedAddressToExactlyOneMemberAndLoseNoWrite() throws Exception {
    Network n = store.createNetwork(Map.of(), 1);
    List<Callable<Boolean>> tasks = new ArrayList<>();
    for (int i = 0; i < WRITERS; i++) {
      Address address = new Address(0x1000000000L + i);
      tasks.add(
          () -> {
            store.putMember(n.id(), address, Map.of("authorized", true), 2);
            try {
              store.putMember(n.id(), address, Map.of("ipAssignments", List.of("10.7.0.1")), 3);
              return true;
            } catch (ValidationException e) {
              return false;
            }
          });
    }
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    int winners = 0;
    try {
      for (Future<Boolean> f : pool.invokeAll(tasks)) {
        winners += result(f) ? 1 : 0;
      }
    } finally {
      pool.shutdownNow();
    }

    List<Member> members = store.view().members(n.id());
    assertThat(winners).isEqualTo(1);
    assertThat(members).hasSize(WRITERS).allSatisfy(m -> assertThat(m.authorized()).isTrue());
    assertThat(members.stream().filter(m -> !m.ipAssignments().isEmpty())).hasSize(1);
  }

  private static boolean result(Future<Boolean> f) throws InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    }
  }
}
