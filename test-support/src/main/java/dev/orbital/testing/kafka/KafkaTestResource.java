package dev.orbital.testing.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Runs a {@link KafkaTestBroker} for a {@code @QuarkusTest} and points the Kafka clients at it
 * ({@code kafka.bootstrap.servers}).
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

  private KafkaTestBroker broker;

  @Override
  public Map<String, String> start() {
    broker = KafkaTestBroker.start();
    return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
  }

  @Override
  public void stop() {
    if (broker != null) {
      broker.close();
      broker = null;
    }
  }
}
