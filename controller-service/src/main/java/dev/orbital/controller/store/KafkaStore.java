package dev.orbital.controller.store;

import dev.orbital.controller.ControllerConfig;
import dev.orbital.protocol.netconf.NetworkAddresses;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
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
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
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
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.RetriableException;
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

  /** How often a waiting write looks whether the background check found Kafka gone. */
  private static final long WAIT_SLICE_MS = 200;

  @Inject ControllerConfig config;

  /** The background check; null in a bare instance that only builds a view (tests). */
  @Inject StoreMonitor monitor;

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
  private volatile long lastPolled = System.nanoTime();
  private Topics topics;
  private Semaphore waiting;
  private int commandPartitions;

  /** The state topics' partitions, as the view follows them (fixed at start). */
  private List<TopicPartition> statePartitions;

  @PostConstruct
  void start() {
    topics = new Topics(config.topicPrefix());
    waiting = new Semaphore(config.maxWaitingWrites());
    admin = Admin.create(adminProperties());
    createTopics();
    commandPartitions = partitions(List.of(topics.commands())).size();
    consumer = new KafkaConsumer<>(consumerProperties());
    statePartitions = partitions(topics.states());
    List<TopicPartition> fromStart = new ArrayList<>(statePartitions);
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
   * this replica's view holds the change. Fails fast, saying what became of the write ({@link
   * StoreException#fate()}): at once while the background check finds Kafka unreachable or {@code
   * max-waiting-writes} writes wait already, after {@code append-timeout} if Kafka does not take
   * the command, and as soon as Kafka is found gone while waiting for the outcome.
   *
   * @throws StoreException if the write did not go through; no outcome by the command's deadline
   *     means it was not applied (the owner refuses it past then)
   */
  public Outcome submit(Command command) {
    StoreStatus status = status();
    if (!status.reachable()) {
      throw new StoreException(
          StoreException.Fate.NOT_APPLIED, "the write was not applied: " + status.problem(), null);
    }
    if (!waiting.tryAcquire()) {
      throw new StoreException(
          StoreException.Fate.NOT_APPLIED,
          "the write was not applied: " + config.maxWaitingWrites() + " writes wait already",
          null);
    }
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    pending.put(command.requestId(), outcome);
    try {
      append(command);
      Outcome result = awaitOutcome(command, outcome);
      if (result.ok()) {
        try {
          awaitApplied(result.targets(), config.writeTimeout(), true);
        } catch (StoreException e) {
          throw new StoreException(
              StoreException.Fate.APPLIED,
              "the write was applied, but this replica has not read it back yet: " + e.getMessage(),
              e);
        }
      }
      return result;
    } finally {
      pending.remove(command.requestId());
      waiting.release();
    }
  }

  /** Hands the command to Kafka and waits, up to {@code append-timeout}, until Kafka has it. */
  private void append(Command command) {
    long appendBy = System.nanoTime() + config.appendTimeout().toNanos();
    Future<RecordMetadata> sent;
    try {
      // Blocks up to max.block.ms (= append-timeout) for metadata and buffer space.
      sent =
          commands.send(new ProducerRecord<>(topics.commands(), command.key(), command.toBytes()));
    } catch (KafkaException e) {
      throw new StoreException(
          StoreException.Fate.NOT_APPLIED,
          "the write was not applied: Kafka did not take it: " + e.getMessage(),
          e);
    }
    // Failed already: the producer refused it before buffering it (no metadata in time...).
    boolean refusedAtOnce = sent.isDone();
    try {
      sent.get(Math.max(0, appendBy - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw maybeApplied(command, "Kafka did not confirm it within " + config.appendTimeout(), e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (!refusedAtOnce && cause instanceof RetriableException) {
        // Possibly a request that reached Kafka whose answer did not come back.
        throw maybeApplied(command, "Kafka did not confirm it: " + cause.getMessage(), e);
      }
      throw new StoreException(
          StoreException.Fate.NOT_APPLIED,
          "the write was not applied: Kafka refused it: " + cause.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw maybeApplied(command, "interrupted", e);
    }
  }

  /**
   * Waits for the command's outcome until its deadline (plus grace), or until the background check
   * finds Kafka gone.
   */
  private Outcome awaitOutcome(Command command, CompletableFuture<Outcome> outcome) {
    long until = command.deadline() + OUTCOME_GRACE.toMillis();
    while (true) {
      long left = until - System.currentTimeMillis();
      if (left <= 0) {
        throw new StoreException(
            StoreException.Fate.NOT_APPLIED,
            "no outcome within " + config.writeTimeout() + "; the write was not applied",
            null);
      }
      try {
        return outcome.get(Math.min(left, WAIT_SLICE_MS), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        StoreStatus status = status();
        if (!status.reachable()) {
          throw maybeApplied(
              command, "Kafka took it, then became unreachable (" + status.problem() + ")", null);
        }
      } catch (ExecutionException e) {
        throw new IllegalStateException("outcomes are never completed exceptionally", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw maybeApplied(command, "interrupted", e);
      }
    }
  }

  /** Kafka may hold the command: its owner applies it before its deadline, or never. */
  private static StoreException maybeApplied(Command command, String why, Throwable cause) {
    return new StoreException(
        StoreException.Fate.MAYBE_APPLIED,
        why
            + "; the write may still be applied, before "
            + Instant.ofEpochMilli(command.deadline())
            + " or never: read it before retrying",
        cause);
  }

  private StoreStatus status() {
    return monitor == null ? StoreStatus.unchecked() : monitor.status();
  }

  /** Waits until the view has read every partition up to the given offsets. */
  void awaitApplied(Map<TopicPartition, Long> targets) {
    awaitApplied(targets, config.writeTimeout());
  }

  /** As above, giving up after {@code timeout}. */
  void awaitApplied(Map<TopicPartition, Long> targets, Duration timeout) {
    awaitApplied(targets, timeout, false);
  }

  /** As above; with {@code whileReachable}, also giving up once Kafka is found unreachable. */
  private void awaitApplied(
      Map<TopicPartition, Long> targets, Duration timeout, boolean whileReachable) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (applied) {
      while (!reached(targets)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new StoreException("the store view did not catch up with " + targets, null);
        }
        if (whileReachable && !status().reachable()) {
          throw new StoreException(
              "the store view did not catch up with " + targets + ": " + status().problem(), null);
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
    return committedStateEnds(config.writeTimeout());
  }

  /** As above, giving up after {@code timeout}. */
  Map<TopicPartition, Long> committedStateEnds(Duration timeout) {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    statePartitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    Map<TopicPartition, Long> ends = new HashMap<>();
    try {
      admin
          .listOffsets(
              latest,
              new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)
                  .timeoutMs((int) timeout.toMillis()))
          .all()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .forEach((tp, info) -> ends.put(tp, info.offset()));
    } catch (ExecutionException | TimeoutException e) {
      throw new StoreException("cannot read the state topics' ends: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted", e);
    }
    return ends;
  }

  /** Whether the view has read every partition up to the given offsets. */
  boolean holds(Map<TopicPartition, Long> targets) {
    synchronized (applied) {
      return reached(targets);
    }
  }

  /** Whether the view follower has polled Kafka within {@code period} (it polls every 100 ms). */
  boolean followerPolledWithin(Duration period) {
    return System.nanoTime() - lastPolled <= period.toNanos();
  }

  boolean followerThreadAlive() {
    return follower != null && follower.isAlive();
  }

  Admin admin() {
    return admin;
  }

  /** How many partitions the commands topic has: the owners there are to be. */
  int commandPartitions() {
    return commandPartitions;
  }

  /**
   * The largest {@code group.min.session.timeout.ms} of the brokers; 0 if they do not say (a
   * cluster that does not let us describe its brokers).
   */
  int brokersMinSessionTimeoutMs() {
    try {
      Duration timeout = config.writeTimeout();
      List<ConfigResource> brokers =
          admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).stream()
              .map(n -> new ConfigResource(ConfigResource.Type.BROKER, n.idString()))
              .toList();
      int max = 0;
      for (Config c :
          admin
              .describeConfigs(brokers)
              .all()
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .values()) {
        ConfigEntry entry = c.get("group.min.session.timeout.ms");
        if (entry != null && entry.value() != null) {
          max = Math.max(max, Integer.parseInt(entry.value()));
        }
      }
      return max;
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      LOG.warnf("cannot read the brokers' group.min.session.timeout.ms: %s", e.toString());
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
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
        lastPolled = System.nanoTime();
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
    // A write waits for Kafka append-timeout at most, and the producer gives its record up then
    // too rather than deliver it long after its caller was answered.
    int appendMs = (int) config.appendTimeout().toMillis();
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, appendMs);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, appendMs);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, appendMs - 1);
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
