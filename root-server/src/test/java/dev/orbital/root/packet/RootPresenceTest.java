package dev.orbital.root.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.verb.OkHello;
import dev.orbital.root.world.RootWorlds;
import dev.orbital.testing.kafka.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** A node the root learns shows up on the presence topic of the real broker. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class RootPresenceTest {

  private static final InetSocketAddress ROOT = new InetSocketAddress("127.0.0.1", 39993);

  @Inject Identity rootIdentity;
  @Inject RootWorlds worlds;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Test
  void shouldPublishANewNodesPathOnceTheRootHasLearnedIt() throws Exception {
    try (TestNode carol = TestNode.create("127.0.5.1")) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                long id = carol.hello(rootIdentity.toPublic(), ROOT, worlds.world().id(), 0);
                return carol.await(
                        r -> r.message() instanceof OkHello ok && ok.inRePacketId() == id,
                        Duration.ofMillis(500))
                    != null;
              });
      String key = carol.address().toString();
      InetSocketAddress path = carol.localAddress();

      ConsumerRecord<String, String> record = consume(key);

      JsonNode value = new ObjectMapper().readTree(record.value());
      assertThat(value.get("online").asBoolean()).isTrue();
      assertThat(value.get("root").asText()).isEqualTo(rootIdentity.address().toString());
      assertThat(value.get("paths").get(0).asText())
          .isEqualTo(path.getAddress().getHostAddress() + "/" + path.getPort());
      assertThat(value.get("protocolVersion").asInt()).isEqualTo(12);
    }
  }

  @Test
  void shouldRepublishANodeItKeepsHearingSoItsLastSeenStaysCurrent() throws Exception {
    try (TestNode dave = TestNode.create("127.0.5.2")) {
      long first = System.currentTimeMillis();
      long lastHello = 0;
      // A HELLO every 300 ms for 3.5 s: more than three refresh intervals (1 s in tests).
      while (System.currentTimeMillis() - first < 3_500) {
        dave.hello(rootIdentity.toPublic(), ROOT, worlds.world().id(), 0);
        lastHello = System.currentTimeMillis();
        await().pollDelay(Duration.ofMillis(300)).until(() -> true);
      }
      String key = dave.address().toString();

      List<Long> lastSeen = new ArrayList<>();
      for (ConsumerRecord<String, String> r : consumeAll(key, 3)) {
        lastSeen.add(new ObjectMapper().readTree(r.value()).get("lastSeen").asLong());
      }
      System.out.printf(
          "RootPresenceTest: lastSeen published %s ms after the first HELLO; last HELLO at %d ms%n",
          lastSeen.stream().map(t -> String.valueOf(t - first)).toList(), lastHello - first);
      assertThat(lastSeen).hasSizeGreaterThanOrEqualTo(3).isSorted();
      assertThat(lastHello - lastSeen.get(lastSeen.size() - 1)).isLessThan(1_500);
    }
  }

  private ConsumerRecord<String, String> consume(String key) {
    return consumeAll(key, 1).get(0);
  }

  /** The records of {@code key}, once there are at least {@code count}, plus any that follow. */
  private List<ConsumerRecord<String, String>> consumeAll(String key, int count) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.GROUP_ID_CONFIG,
            UUID.randomUUID().toString(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of("test.presence"));
      List<ConsumerRecord<String, String>> found = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                  if (key.equals(r.key())) {
                    found.add(r);
                  }
                }
                return found.size() >= count;
              });
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
        if (key.equals(r.key())) {
          found.add(r);
        }
      }
      return found;
    }
  }
}
