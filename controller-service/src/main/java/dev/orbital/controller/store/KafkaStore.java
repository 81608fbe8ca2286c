package dev.orbital.controller.store;

import dev.orbital.controller.ControllerConfig;
import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.Network;
import dev.orbital.protocol.netconf.NetworkAddresses;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Kafka as the controller's store. Networks and members live in compacted topics ({@code
 * <prefix>.networks}, key network ID; {@code <prefix>.members}, key {@code nwid/address}); each
 * change also goes to {@code <prefix>.membership-events}. A thread follows the compacted topics
 * (read_committed, every partition) into a {@link StoreView}; {@link #commit} writes states and
 * events in one transaction and returns once that view has read them.
 */
@Startup
@ApplicationScoped
public class KafkaStore {

  private static final Logger LOG = Logger.getLogger(KafkaStore.class);
  private static final Duration POLL = Duration.ofMillis(100);

  @Inject ControllerConfig config;

  @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
  String bootstrapServers;

  private final StoreView view = new StoreView();
  private final Map<TopicPartition, Long> applied = new HashMap<>();
  private KafkaProducer<String, byte[]> producer;
  private KafkaConsumer<String, byte[]> consumer;
  private Thread follower;
  private volatile boolean running = true;
  private String networksTopic;
  private String membersTopic;
  private String eventsTopic;

  @PostConstruct
  void start() {
    networksTopic = config.topicPrefix() + ".networks";
    membersTopic = config.topicPrefix() + ".members";
    eventsTopic = config.topicPrefix() + ".membership-events";
    createTopics();
    consumer = new KafkaConsumer<>(consumerProperties());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(networksTopic, membersTopic)) {
      consumer
          .partitionsFor(topic)
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    producer = new KafkaProducer<>(producerProperties());
    producer.initTransactions();
    follower = new Thread(this::follow, "orbital-store-follower");
    follower.setDaemon(true);
    follower.start();
    awaitApplied(ends);
    LOG.infof(
        "store ready: %d networks from %s, following %d partitions",
        view.networks().size(), networksTopic, partitions.size());
  }

  @PreDestroy
  void stop() {
    running = false;
    if (consumer != null) {
      consumer.wakeup();
    }
    try {
      if (follower != null) {
        follower.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }

  /** The replica's view of the stored state. */
  public StoreView view() {
    return view;
  }

  /**
   * Writes new states (null for a delete) and their events in one Kafka transaction, then waits
   * until this replica's view holds them. Callers serialize their read-check-write (see {@link
   * NetworkStore}).
   */
  public synchronized void commit(
      Map<Long, Network> networks, Map<MemberKey, Member> members, List<MembershipEvent> events) {
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    try {
      producer.beginTransaction();
      networks.forEach(
          (id, n) ->
              sent.add(
                  producer.send(
                      new ProducerRecord<>(
                          networksTopic,
                          NetworkAddresses.format(id),
                          n == null ? null : StoredJson.network(n)))));
      members.forEach(
          (key, m) ->
              sent.add(
                  producer.send(
                      new ProducerRecord<>(
                          membersTopic, key.toString(), m == null ? null : StoredJson.member(m)))));
      for (MembershipEvent e : events) {
        producer.send(
            new ProducerRecord<>(eventsTopic, e.networkId(), StoredJson.write(e.toJson())));
      }
      producer.commitTransaction();
    } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
      // Fatal for this producer: nothing of the transaction is visible; start a fresh one.
      replaceProducer();
      throw new StoreException("Kafka write failed: " + e.getMessage(), e);
    } catch (KafkaException e) {
      abort();
      throw new StoreException("Kafka write failed: " + e.getMessage(), e);
    }
    Map<TopicPartition, Long> targets = new HashMap<>();
    try {
      for (Future<RecordMetadata> f : sent) {
        RecordMetadata md = f.get(config.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        targets.merge(new TopicPartition(md.topic(), md.partition()), md.offset() + 1, Math::max);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new StoreException("Kafka write not acknowledged: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted", e);
    }
    awaitApplied(targets);
  }

  private void replaceProducer() {
    try {
      producer.close(Duration.ZERO);
    } catch (KafkaException ignored) {
      // Closing a broken producer may fail as well; the new one replaces it regardless.
    }
    producer = new KafkaProducer<>(producerProperties());
    producer.initTransactions();
  }

  private void abort() {
    try {
      producer.abortTransaction();
    } catch (KafkaException ignored) {
      // A fenced or failed producer cannot abort; the transaction times out on the broker.
    }
  }

  private void awaitApplied(Map<TopicPartition, Long> targets) {
    long deadline = System.nanoTime() + config.writeTimeout().toNanos();
    synchronized (applied) {
      while (!reached(targets)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new StoreException("the store view did not catch up with " + targets, null);
        }
        try {
          applied.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new StoreException("interrupted", e);
        }
      }
    }
  }

  private boolean reached(Map<TopicPartition, Long> targets) {
    for (Map.Entry<TopicPartition, Long> t : targets.entrySet()) {
      if (applied.getOrDefault(t.getKey(), 0L) < t.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void follow() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
          apply(r);
        }
        synchronized (applied) {
          for (TopicPartition tp : consumer.assignment()) {
            applied.put(tp, consumer.position(tp));
          }
          applied.notifyAll();
        }
      }
    } catch (WakeupException e) {
      if (running) {
        LOG.error("store follower woken up unexpectedly", e);
      }
    } catch (RuntimeException e) {
      LOG.error("store follower failed; this replica stops seeing changes", e);
    } finally {
      consumer.close();
    }
  }

  private void apply(ConsumerRecord<String, byte[]> r) {
    try {
      if (r.topic().equals(networksTopic)) {
        long id = NetworkAddresses.parse(r.key());
        view.putNetwork(id, r.value() == null ? null : StoredJson.network(r.value()));
      } else {
        MemberKey key = MemberKey.parse(r.key());
        view.putMember(
            key.networkId(),
            key.address(),
            r.value() == null ? null : StoredJson.member(r.value()));
      }
    } catch (RuntimeException e) {
      LOG.errorf(e, "skipping unreadable record %s-%d@%d", r.topic(), r.partition(), r.offset());
    }
  }

  private void createTopics() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(p)) {
      Map<String, String> compacted = Map.of("cleanup.policy", "compact");
      List<NewTopic> topics =
          List.of(
              topic(networksTopic).configs(compacted),
              topic(membersTopic).configs(compacted),
              topic(eventsTopic).configs(Map.of("cleanup.policy", "delete")));
      Set<String> existing = admin.listTopics().names().get();
      ensureCompacted(admin, existing);
      List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
      for (var entry : admin.createTopics(missing).values().entrySet()) {
        try {
          entry.getValue().get();
          LOG.infof("created topic %s", entry.getKey());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    } catch (ExecutionException e) {
      throw new StoreException("cannot create the store topics: " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted", e);
    }
  }

  /** Topics that exist already (made by hand, or by an older version) get compaction set. */
  private void ensureCompacted(Admin admin, Set<String> existing)
      throws ExecutionException, InterruptedException {
    AlterConfigOp compact =
        new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.SET);
    Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
    for (String topic : List.of(networksTopic, membersTopic)) {
      if (existing.contains(topic)) {
        changes.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(compact));
      }
    }
    if (!changes.isEmpty()) {
      admin.incrementalAlterConfigs(changes).all().get();
    }
  }

  private NewTopic topic(String name) {
    return new NewTopic(name, config.topicPartitions(), config.topicReplicationFactor());
  }

  private Properties consumerProperties() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }

  private Properties producerProperties() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(
        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
        config.topicPrefix() + ".controller-" + UUID.randomUUID());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }
}
