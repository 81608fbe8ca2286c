package dev.orbital.controller.store;

import dev.orbital.controller.ControllerConfig;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Kafka as the controller's store, this replica's side of it:
 *
 * <ul>
 *   <li>a thread follows (read_committed, every partition) the compacted {@code <prefix>.networks}
 *       and {@code <prefix>.members} and {@code <prefix>.presence} from the beginning into a {@link
 *       StoreView}, and {@code <prefix>.controller-replies} from the end for the outcomes of this
 *       replica's commands;
 *   <li>{@link #submit} appends a write to {@code <prefix>.controller-commands}, waits for its
 *       outcome, and then until this replica's view holds the change.
 * </ul>
 *
 * The owner of the command's partition applies it ({@link CommandProcessor}).
 */
@Startup
@ApplicationScoped
public class KafkaStore {

  private static final Logger LOG = Logger.getLogger(KafkaStore.class);
  private static final Duration POLL = Duration.ofMillis(100);

  /**
   * How much longer than a command's deadline a caller waits for its outcome: the owner refuses a
   * command past its deadline, so no outcome by then means it was not applied.
   */
  private static final Duration OUTCOME_GRACE = Duration.ofSeconds(3);

  @Inject ControllerConfig config;

  @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
  String bootstrapServers;

  private final StoreView view = new StoreView();
  private final Map<TopicPartition, Long> applied = new HashMap<>();
  private final Map<String, CompletableFuture<Outcome>> pending = new ConcurrentHashMap<>();
  private KafkaProducer<String, byte[]> commands;
  private KafkaConsumer<String, byte[]> consumer;
  private Admin admin;
  private Thread follower;
  private volatile boolean running = true;
  private Topics topics;

  @PostConstruct
  void start() {
    topics = new Topics(config.topicPrefix());
    admin = Admin.create(adminProperties());
    createTopics();
    consumer = new KafkaConsumer<>(consumerProperties());
    List<TopicPartition> fromStart = partitions(topics.states());
    fromStart.addAll(partitions(List.of(topics.presence())));
    List<TopicPartition> replies = partitions(List.of(topics.replies()));
    List<TopicPartition> all = new ArrayList<>(fromStart);
    all.addAll(replies);
    consumer.assign(all);
    consumer.seekToBeginning(fromStart);
    consumer.seekToEnd(replies);
    // Resolve the reply positions now: an outcome written after this point is never missed.
    replies.forEach(consumer::position);
    Map<TopicPartition, Long> ends = consumer.endOffsets(fromStart);
    commands = new KafkaProducer<>(commandProducerProperties());
    follower = new Thread(this::follow, "orbital-store-follower");
    follower.setDaemon(true);
    follower.start();
    awaitApplied(ends);
    LOG.infof(
        "store ready: %d networks from %s, following %d partitions",
        view.networks().size(), topics.networks(), all.size());
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
    if (commands != null) {
      commands.close(Duration.ofSeconds(5));
    }
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
    }
  }

  /** The replica's view of the stored state. */
  public StoreView view() {
    return view;
  }

  Topics topics() {
    return topics;
  }

  /**
   * Appends {@code command} to the commands topic and waits for its outcome; on success also until
   * this replica's view holds the change.
   *
   * @throws StoreException if Kafka does not take the command or no outcome comes by the command's
   *     deadline (the owner then refuses it: it is not applied)
   */
  public Outcome submit(Command command) {
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    pending.put(command.requestId(), outcome);
    try {
      long waitMs = command.deadline() - System.currentTimeMillis() + OUTCOME_GRACE.toMillis();
      commands
          .send(new ProducerRecord<>(topics.commands(), command.key(), command.toBytes()))
          .get(waitMs, TimeUnit.MILLISECONDS);
      Outcome result =
          outcome.get(
              command.deadline() - System.currentTimeMillis() + OUTCOME_GRACE.toMillis(),
              TimeUnit.MILLISECONDS);
      if (result.ok()) {
        try {
          awaitApplied(result.targets());
        } catch (StoreException e) {
          throw new StoreException(
              "the write was applied, but this replica has not read it back yet: " + e.getMessage(),
              e);
        }
      }
      return result;
    } catch (TimeoutException e) {
      throw new StoreException(
          "no outcome within " + config.writeTimeout() + "; the write was not applied", e);
    } catch (ExecutionException | KafkaException e) {
      throw new StoreException("the write was not applied: Kafka refused it: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted", e);
    } finally {
      pending.remove(command.requestId());
    }
  }

  /** Waits until the view has read every partition up to the given offsets. */
  void awaitApplied(Map<TopicPartition, Long> targets) {
    awaitApplied(targets, config.writeTimeout());
  }

  /** As above, giving up after {@code timeout}. */
  void awaitApplied(Map<TopicPartition, Long> targets, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
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

  /** Where the state topics' committed records end now (their last stable offsets). */
  Map<TopicPartition, Long> committedStateEnds() {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions(topics.states()).forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    Map<TopicPartition, Long> ends = new HashMap<>();
    try {
      admin
          .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
          .all()
          .get(config.writeTimeout().toMillis(), TimeUnit.MILLISECONDS)
          .forEach((tp, info) -> ends.put(tp, info.offset()));
    } catch (ExecutionException | TimeoutException e) {
      throw new StoreException("cannot read the state topics' ends: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted", e);
    }
    return ends;
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
      if (r.topic().equals(topics.networks())) {
        long id = NetworkAddresses.parse(r.key());
        view.putNetwork(id, r.value() == null ? null : StoredJson.network(r.value()));
      } else if (r.topic().equals(topics.members())) {
        MemberKey key = MemberKey.parse(r.key());
        view.putMember(
            key.networkId(),
            key.address(),
            r.value() == null ? null : StoredJson.member(r.value()));
      } else if (r.topic().equals(topics.replies())) {
        Outcome outcome = Outcome.fromBytes(r.value());
        CompletableFuture<Outcome> waiting = pending.get(outcome.requestId());
        if (waiting != null) {
          waiting.complete(outcome);
        }
      } else if (r.value() != null) {
        view.putPresence(StoredJson.presence(r.value()));
      }
    } catch (RuntimeException e) {
      LOG.errorf(e, "skipping unreadable record %s-%d@%d", r.topic(), r.partition(), r.offset());
    }
  }

  private List<TopicPartition> partitions(List<String> names) {
    List<TopicPartition> partitions = new ArrayList<>();
    try {
      admin
          .describeTopics(names)
          .allTopicNames()
          .get(config.writeTimeout().toMillis(), TimeUnit.MILLISECONDS)
          .forEach(
              (name, description) ->
                  description
                      .partitions()
                      .forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
    } catch (ExecutionException | TimeoutException e) {
      throw new StoreException("cannot describe " + names + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted", e);
    }
    return partitions;
  }

  private void createTopics() {
    try {
      Map<String, String> compacted = Map.of("cleanup.policy", "compact");
      Map<String, String> log = Map.of("cleanup.policy", "delete");
      // Outcomes matter for seconds only; commands must outlive an owner's failover.
      Map<String, String> shortLog = Map.of("cleanup.policy", "delete", "retention.ms", "3600000");
      List<NewTopic> wanted =
          List.of(
              topic(topics.networks()).configs(compacted),
              topic(topics.members()).configs(compacted),
              topic(topics.events()).configs(log),
              topic(topics.commands()).configs(Map.of("cleanup.policy", "delete")),
              topic(topics.replies()).configs(shortLog),
              topic(topics.presence()).configs(compacted));
      Set<String> existing = admin.listTopics().names().get();
      ensureCompacted(existing);
      List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
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
  private void ensureCompacted(Set<String> existing)
      throws ExecutionException, InterruptedException {
    AlterConfigOp compact =
        new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.SET);
    Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
    for (String topic : topics.states()) {
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

  private Properties adminProperties() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return p;
  }

  Properties consumerProperties() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }

  private Properties commandProducerProperties() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
    p.put(ProducerConfig.CLIENT_ID_CONFIG, config.topicPrefix() + ".commands-" + UUID.randomUUID());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }

  /** A transactional producer for the owner of one command partition. */
  KafkaProducer<String, byte[]> transactionalProducer(String transactionalId) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) config.transactionTimeout().toMillis());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(p);
  }

  /** The store's topic names under one prefix. */
  record Topics(String prefix) {

    String networks() {
      return prefix + ".networks";
    }

    String members() {
      return prefix + ".members";
    }

    String events() {
      return prefix + ".membership-events";
    }

    String commands() {
      return prefix + ".controller-commands";
    }

    String replies() {
      return prefix + ".controller-replies";
    }

    String presence() {
      return prefix + ".presence";
    }

    /** The compacted topics the view is built from. */
    List<String> states() {
      return List.of(networks(), members());
    }
  }
}
