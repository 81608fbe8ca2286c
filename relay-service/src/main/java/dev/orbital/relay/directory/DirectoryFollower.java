package dev.orbital.relay.directory;

import dev.orbital.relay.server.RelayConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the {@link RelayDirectory} current from three compacted topics in one consumer ({@code
 * read_committed}, every partition, from the beginning, then followed): {@code <prefix>.networks}
 * and {@code <prefix>.members} (the controller's) and {@code <prefix>.presence} (the roots'). The
 * compacted topics hold every key's latest state, so a restarted relay rebuilds exactly what it
 * knew. Caught up once it has read what the topics held when it started; in contact while Kafka
 * answers the end-offset query it makes every second. It never creates a topic: it waits for them.
 */
@ApplicationScoped
public class DirectoryFollower {

  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration RETRY = Duration.ofSeconds(1);
  private static final long CONTACT_CHECK_MILLIS = 1_000;

  private final RelayConfig config;
  private final RelayDirectory directory;
  private final DirectoryRecords records;
  private final DirectoryTopics topics;
  private final String bootstrapServers;
  private final Counter unreadable;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile Thread thread;
  private volatile boolean running;
  private volatile boolean caughtUp;
  private volatile long lastContact = Long.MIN_VALUE;

  public DirectoryFollower(
      RelayConfig config,
      RelayDirectory directory,
      MeterRegistry registry,
      @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
          String bootstrapServers) {
    this.config = config;
    this.directory = directory;
    this.records = new DirectoryRecords(directory);
    this.topics = DirectoryTopics.of(config.membership().topicPrefix());
    this.bootstrapServers = bootstrapServers;
    this.unreadable = registry.counter("orbital.relay.membership.unreadable");
    registry.gauge("orbital.relay.membership.members", directory, RelayDirectory::memberCount);
    registry.gauge(
        "orbital.relay.membership.controllers", directory, RelayDirectory::controllerCount);
    registry.gauge(
        "orbital.relay.membership.present.nodes", directory, RelayDirectory::presentCount);
  }

  void start(@Observes StartupEvent event) {
    if (!enabled()) {
      return;
    }
    running = true;
    consumer = new KafkaConsumer<>(consumerProperties());
    thread = new Thread(this::follow, "relay-directory-follower");
    thread.setDaemon(true);
    thread.start();
  }

  void stop(@Observes ShutdownEvent event) {
    running = false;
    KafkaConsumer<String, byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    Thread following = thread;
    if (following != null) {
      try {
        following.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Whether the {@code members} policy is in force (otherwise nothing is followed). */
  public boolean enabled() {
    return config.policy() == RelayConfig.PolicyKind.MEMBERS;
  }

  /** True once the directory holds everything the topics held when the relay started. */
  public boolean caughtUp() {
    return caughtUp;
  }

  /** Milliseconds since Kafka last answered; {@link Long#MAX_VALUE} if it never did. */
  public long sinceContactMillis(long nowMillis) {
    long last = lastContact;
    return last == Long.MIN_VALUE ? Long.MAX_VALUE : nowMillis - last;
  }

  /** The topics followed: networks, members, presence. */
  public List<String> topics() {
    return topics.all();
  }

  private void follow() {
    try {
      List<TopicPartition> partitions = awaitPartitions();
      if (partitions == null) {
        return;
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = awaitEnds(partitions);
      if (ends == null) {
        return;
      }
      Log.infof("relay following %s (%d partitions) from the beginning", topics(), ends.size());
      long nextContactCheck = 0;
      while (running) {
        try {
          for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
            apply(r);
          }
          long now = System.currentTimeMillis();
          if (now >= nextContactCheck) {
            nextContactCheck = now + CONTACT_CHECK_MILLIS;
            consumer.endOffsets(partitions, RETRY);
            lastContact = System.currentTimeMillis();
          }
          if (!caughtUp && reached(ends)) {
            caughtUp = true;
            Log.infof(
                "relay knows %d members, %d controllers, %d present nodes",
                directory.memberCount(), directory.controllerCount(), directory.presentCount());
          }
        } catch (KafkaException e) {
          if (e instanceof WakeupException) {
            throw e;
          }
          // Kafka unreachable (a timeout) or the like: readiness goes DOWN once it lasts.
          Log.debugf("directory follower: %s", e.toString());
        }
      }
    } catch (WakeupException e) {
      if (running) {
        Log.error("directory follower woken up unexpectedly", e);
      }
    } catch (RuntimeException e) {
      Log.error("directory follower failed; the relay stops seeing changes", e);
    } finally {
      consumer.close();
    }
  }

  /** Every topic's partitions, once all three exist; null when stopping. */
  private List<TopicPartition> awaitPartitions() {
    while (running) {
      try {
        List<TopicPartition> all = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String topic : topics()) {
          List<PartitionInfo> infos = consumer.partitionsFor(topic, RETRY);
          if (infos == null || infos.isEmpty()) {
            missing.add(topic);
          } else {
            infos.forEach(p -> all.add(new TopicPartition(p.topic(), p.partition())));
          }
        }
        lastContact = System.currentTimeMillis();
        if (missing.isEmpty()) {
          return all;
        }
        Log.debugf("waiting for topics %s", missing);
        Thread.sleep(RETRY.toMillis());
      } catch (KafkaException e) {
        if (e instanceof WakeupException) {
          throw e;
        }
        Log.debugf("waiting for Kafka: %s", e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  /** Where the topics end now (committed records); null when stopping. */
  private Map<TopicPartition, Long> awaitEnds(List<TopicPartition> partitions) {
    while (running) {
      try {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, RETRY);
        lastContact = System.currentTimeMillis();
        return ends;
      } catch (KafkaException e) {
        if (e instanceof WakeupException) {
          throw e;
        }
        Log.debugf("waiting for Kafka: %s", e.getMessage());
      }
    }
    return null;
  }

  private boolean reached(Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey(), RETRY) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void apply(ConsumerRecord<String, byte[]> r) {
    try {
      records.apply(topics.kind(r.topic()), r.key(), r.value());
    } catch (DirectoryRecords.UnreadableRecordException e) {
      unreadable.increment();
      Log.warnf(
          "skipping unreadable record %s-%d@%d: %s",
          r.topic(), r.partition(), r.offset(), e.getMessage());
    }
  }

  private Properties consumerProperties() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // The controller writes in transactions: only committed states count.
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // Never create the controller's or the roots' topics with broker defaults (they are compacted).
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }
}
