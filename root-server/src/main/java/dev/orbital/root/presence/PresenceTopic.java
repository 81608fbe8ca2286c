package dev.orbital.root.presence;

import dev.orbital.root.config.RootConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Creates the presence topic as a compacted topic (the latest event per node is its state) unless
 * it exists, with the broker's default partition count and replication. Runs in the background at
 * start: a root serves nodes whether Kafka is up or not.
 */
@ApplicationScoped
public class PresenceTopic {

  private static final long TIMEOUT_SECONDS = 30;

  void onStart(
      @Observes StartupEvent event,
      RootConfig config,
      @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
          String bootstrapServers) {
    if (!config.presence().enabled()) {
      return;
    }
    String topic = config.presence().topic();
    Thread thread = new Thread(() -> ensureCompacted(bootstrapServers, topic), "presence-topic");
    thread.setDaemon(true);
    thread.start();
  }

  static void ensureCompacted(String bootstrapServers, String topic) {
    Map<String, Object> adminConfig =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            (int) (TIMEOUT_SECONDS * 1000));
    try (Admin admin = Admin.create(adminConfig)) {
      NewTopic newTopic =
          new NewTopic(topic, Optional.empty(), Optional.empty())
              .configs(
                  Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      admin.createTopics(List.of(newTopic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      Log.infof("created compacted topic %s", topic);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return;
      }
      Log.warnf("cannot create topic %s: %s", topic, e.getCause().toString());
    } catch (TimeoutException e) {
      Log.warnf("cannot create topic %s: Kafka did not answer in %d s", topic, TIMEOUT_SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
