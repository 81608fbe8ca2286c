package dev.orbital.relay.membership;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.netconf.NetworkAddresses;
import dev.orbital.relay.server.RelayConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
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
 * Feeds {@link MemberRelayPolicy} from the controller's compacted {@code <prefix>.members} topic
 * (key {@code nwid/address}, value the member's JSON, a tombstone on delete): read from the
 * beginning into memory, then followed. The compacted topic holds every member's latest state, so a
 * restarted relay rebuilds exactly the authorized set; the membership-events log would lose old
 * authorizations to retention. Ready once it has read what the topic held at start.
 */
@ApplicationScoped
public class MembersTopicFollower {

  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration RETRY = Duration.ofSeconds(1);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RelayConfig config;
  private final MemberRelayPolicy policy;
  private final String bootstrapServers;
  private final Counter unreadable;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile Thread thread;
  private volatile boolean running;
  private volatile boolean caughtUp;

  public MembersTopicFollower(
      RelayConfig config,
      MemberRelayPolicy policy,
      MeterRegistry registry,
      @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
          String bootstrapServers) {
    this.config = config;
    this.policy = policy;
    this.bootstrapServers = bootstrapServers;
    this.unreadable = registry.counter("orbital.relay.membership.unreadable");
    registry.gauge("orbital.relay.membership.members", policy, MemberRelayPolicy::memberCount);
  }

  void start(@Observes StartupEvent event) {
    if (config.policy() != RelayConfig.PolicyKind.MEMBERS) {
      return;
    }
    running = true;
    consumer = new KafkaConsumer<>(consumerProperties());
    thread = new Thread(this::follow, "relay-members-follower");
    thread.setDaemon(true);
    thread.start();
  }

  void stop(@Observes ShutdownEvent event) {
    running = false;
    KafkaConsumer<String, byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    Thread current2 = thread;
    if (current2 != null) {
      try {
        current2.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** True once the policy holds every member the topic held when the relay started. */
  public boolean caughtUp() {
    return caughtUp;
  }

  /** Whether the {@code members} policy is in force (otherwise nothing is followed). */
  public boolean enabled() {
    return config.policy() == RelayConfig.PolicyKind.MEMBERS;
  }

  public String topic() {
    return config.membership().topicPrefix() + ".members";
  }

  private void follow() {
    try {
      List<TopicPartition> partitions = awaitPartitions();
      if (partitions == null) {
        return;
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      Log.infof("relay following %s (%d partitions) from the beginning", topic(), ends.size());
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
          apply(r);
        }
        if (!caughtUp && reached(ends)) {
          caughtUp = true;
          Log.infof("relay knows %d members from %s", policy.memberCount(), topic());
        }
      }
    } catch (WakeupException e) {
      if (running) {
        Log.error("members follower woken up unexpectedly", e);
      }
    } catch (RuntimeException e) {
      Log.error("members follower failed; the relay stops seeing membership changes", e);
    } finally {
      consumer.close();
    }
  }

  /** The topic's partitions, once it exists (the controller creates it); null when stopping. */
  private List<TopicPartition> awaitPartitions() {
    while (running) {
      try {
        List<PartitionInfo> infos = consumer.partitionsFor(topic(), RETRY);
        if (infos != null && !infos.isEmpty()) {
          return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        }
        Log.debugf("waiting for topic %s", topic());
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

  private boolean reached(Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void apply(ConsumerRecord<String, byte[]> r) {
    try {
      String key = r.key();
      int slash = key == null ? -1 : key.indexOf('/');
      if (slash < 0) {
        throw new IllegalArgumentException("not a member key: " + key);
      }
      long networkId = NetworkAddresses.parse(key.substring(0, slash));
      long address = Address.parse(key.substring(slash + 1)).value();
      if (r.value() != null && authorized(r.value())) {
        policy.authorize(networkId, address);
      } else {
        policy.deauthorize(networkId, address);
      }
    } catch (IOException | RuntimeException e) {
      unreadable.increment();
      Log.warnf(
          "skipping unreadable member record %s-%d@%d: %s",
          r.topic(), r.partition(), r.offset(), e.getMessage());
    }
  }

  private static boolean authorized(byte[] value) throws IOException {
    JsonNode member = JSON.readTree(value);
    return member != null && member.path("authorized").asBoolean(false);
  }

  private Properties consumerProperties() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // The controller writes in transactions: only committed states count.
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // Never create the controller's topic with broker defaults (it must be compacted).
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }
}
