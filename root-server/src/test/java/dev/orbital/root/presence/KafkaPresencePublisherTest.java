package dev.orbital.root.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbital.testing.kafka.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class KafkaPresencePublisherTest {

  private static final String TOPIC = "test.presence";

  @Inject KafkaPresencePublisher publisher;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Test
  void shouldPublishPresenceKeyedByNodeAddressAsJson() throws Exception {
    PresenceEvent event =
        new PresenceEvent(
            "a4c90e16e5", "e7745d5aa3", true, List.of("127.0.0.9/9993"), 12, "1.14.1", 3, 42L);

    publisher.changed(event);

    List<ConsumerRecord<String, String>> records = consumeUntil("a4c90e16e5");
    JsonNode value = new ObjectMapper().readTree(records.get(records.size() - 1).value());
    assertThat(value.get("root").asText()).isEqualTo("e7745d5aa3");
    assertThat(value.get("online").asBoolean()).isTrue();
    assertThat(value.get("paths").get(0).asText()).isEqualTo("127.0.0.9/9993");
    assertThat(value.get("protocolVersion").asInt()).isEqualTo(12);
    assertThat(value.get("version").asText()).isEqualTo("1.14.1");
    assertThat(value.get("latencyMs").asInt()).isEqualTo(3);
    assertThat(value.get("lastSeen").asLong()).isEqualTo(42L);
  }

  @Test
  void shouldCreateThePresenceTopicCompacted() {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
                assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
              });
    }
  }

  private List<ConsumerRecord<String, String>> consumeUntil(String key) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.GROUP_ID_CONFIG,
            UUID.randomUUID().toString(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest");
    List<ConsumerRecord<String, String>> found = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(TOPIC));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer
                    .poll(Duration.ofMillis(200))
                    .forEach(
                        r -> {
                          if (key.equals(r.key())) {
                            found.add(r);
                          }
                        });
                return !found.isEmpty();
              });
    }
    return found;
  }
}
