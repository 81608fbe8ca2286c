package dev.orbital.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbital.controller.ControllerConfig;
import dev.orbital.controller.network.Network;
import dev.orbital.protocol.Address;
import dev.orbital.testing.kafka.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Every committed change also appears, in order, on the membership-events topic. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class MembershipEventsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject NetworkStore store;
  @Inject ControllerConfig config;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Test
  void shouldPublishOneEventPerChangeWithRevisionTimeAndActor() throws IOException {
    long now = 1_795_000_000_000L;
    Address member = Address.parse("3a77b41ec3");
    Network n = store.createNetwork(Map.of(), now);
    store.putMember(n.id(), member, Map.of(), now + 1);
    store.putMember(
        n.id(), member, Map.of("authorized", true, "ipAssignments", List.of("10.2.0.9")), now + 2);
    store.putMember(n.id(), member, Map.of("authorized", false), now + 3);
    store.deleteMember(n.id(), member, now + 4);
    store.deleteNetwork(n.id(), now + 5);

    List<JsonNode> events = eventsOf(n.idString(), 7);

    assertThat(events)
        .extracting(e -> e.get("type").asText())
        .containsExactly(
            "network-created",
            "requested",
            "authorized",
            "addresses-changed",
            "deauthorized",
            "deleted",
            "network-deleted");
    assertThat(events.get(2).get("address").asText()).isEqualTo("3a77b41ec3");
    assertThat(events.get(2).get("revision").asLong()).isEqualTo(2);
    assertThat(events.get(2).get("time").asLong()).isEqualTo(now + 2);
    assertThat(events).allSatisfy(e -> assertThat(e.get("actor").asText()).isEqualTo("api"));
  }

  private List<JsonNode> eventsOf(String nwid, int expected) throws IOException {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    String topic = config.topicPrefix() + ".membership-events";
    List<JsonNode> events = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (events.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          if (nwid.equals(r.key())) {
            events.add(JSON.readTree(r.value()));
          }
        }
      }
    }
    return events;
  }
}
