package dev.orbital.controller.store;

import dev.orbital.controller.ControllerConfig;
import dev.orbital.controller.ControllerIdentity;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The single writer per network. The replicas form one consumer group on {@code
 * <prefix>.controller-commands} ({@link CommandGroup}); on this replica's owner thread, the owner
 * of a partition ({@link PartitionOwnership}) applies its commands in order, one transaction per
 * polled batch ({@link BatchTransaction}); after the commit, the next batch waits until this
 * replica's view holds this one.
 *
 * <p>A new owner's {@code initTransactions} fences the old one, and the group generation in the
 * offsets fences an owner that lost the partition in a rebalance. A failed batch is aborted and
 * polled again: nothing of it is visible.
 */
@Startup
@ApplicationScoped
public class CommandProcessor {

  private static final Logger LOG = Logger.getLogger(CommandProcessor.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration CATCH_UP_WAIT = Duration.ofMillis(200);

  private final ControllerConfig config;
  private final ControllerIdentity identity;
  private final KafkaClients clients;
  private final StoreTopics topics;
  private final StoreFollower follower;
  private final CommandGroup group;

  private KafkaConsumer<String, byte[]> consumer;
  private PartitionOwnership ownership;
  private BatchTransaction transaction;
  private Thread thread;
  private volatile boolean running = true;

  /** Set on an assignment: the view must first hold what was committed so far. */
  private boolean needEnds;

  /** Offsets the view must reach before the next batch (this replica's last writes). */
  private Map<TopicPartition, Long> behind = Map.of();

  public CommandProcessor(
      ControllerConfig config,
      ControllerIdentity identity,
      KafkaClients clients,
      StoreTopics topics,
      StoreFollower follower,
      CommandGroup group) {
    this.config = config;
    this.identity = identity;
    this.clients = clients;
    this.topics = topics;
    this.follower = follower;
    this.group = group;
  }

  @PostConstruct
  void start() {
    // The view first: the group sees this replica only once the topics exist and its view has
    // caught up.
    StoreView view = follower.view();
    CommandService commands = new CommandService(identity.address());
    consumer = group.newConsumer();
    ownership =
        new PartitionOwnership(clients, config.topicPrefix(), consumer, () -> needEnds = true);
    transaction = new BatchTransaction(commands, view, topics, consumer);
    thread = new Thread(this::run, "orbital-command-owner");
    thread.setDaemon(true);
    thread.start();
  }

  /** Whether the owner thread runs; it ends only on shutdown or a bug, never for a Kafka outage. */
  boolean threadAlive() {
    return thread != null && thread.isAlive();
  }

  @PreDestroy
  void stop() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ownership.shutdown();
  }

  private void run() {
    try {
      consumer.subscribe(List.of(topics.commands()), ownership);
      while (running) {
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
        if (records.isEmpty()) {
          continue;
        }
        List<TopicPartition> partitions = new ArrayList<>(records.partitions());
        for (int i = 0; i < partitions.size(); i++) {
          if (!catchUp()) {
            // Not applied yet: poll these again.
            for (TopicPartition tp : partitions.subList(i, partitions.size())) {
              consumer.seek(tp, records.records(tp).get(0).offset());
            }
            break;
          }
          process(partitions.get(i), records.records(partitions.get(i)));
        }
      }
    } catch (WakeupException e) {
      if (running) {
        LOG.error("command owner woken up unexpectedly", e);
      }
    } catch (RuntimeException e) {
      LOG.error("command owner failed; this replica stops applying writes", e);
    } finally {
      ownership.closeAll();
      consumer.close();
    }
  }

  /**
   * Before a batch: the view holds everything committed before this replica took its partitions,
   * and its own last batch. Waits briefly only, so the thread keeps polling (and so takes part in
   * rebalances: an old owner's open transaction holds the view back until a new owner's {@code
   * initTransactions} aborts it).
   */
  private boolean catchUp() {
    try {
      if (needEnds) {
        behind = StoreFollower.merge(behind, topics.committedStateEnds());
        needEnds = false;
      }
      if (!behind.isEmpty()) {
        follower.awaitApplied(behind, CATCH_UP_WAIT);
        behind = Map.of();
      }
      return true;
    } catch (StoreException e) {
      LOG.debugf("view not caught up yet, polling again: %s", e.getMessage());
      return false;
    }
  }

  private void process(TopicPartition tp, List<ConsumerRecord<String, byte[]>> batch) {
    KafkaProducer<String, byte[]> producer = ownership.producer(tp);
    long first = batch.get(0).offset();
    if (producer == null) {
      consumer.seek(tp, first);
      consumer.pause(List.of(tp));
      return;
    }
    Map<TopicPartition, Long> targets;
    try {
      targets = transaction.commit(tp, batch, producer);
    } catch (ProducerFencedException | InvalidProducerEpochException | CommitFailedException e) {
      LOG.warnf("lost ownership of %s: %s", tp, e.toString());
      ownership.close(List.of(tp));
      consumer.seek(tp, first);
      consumer.pause(List.of(tp));
      consumer.enforceRebalance();
      return;
    } catch (KafkaException | StoreException e) {
      LOG.warnf("batch of %s aborted, retrying: %s", tp, e.toString());
      abort(tp, producer);
      consumer.seek(tp, first);
      return;
    }
    behind = StoreFollower.merge(behind, targets);
  }

  private void abort(TopicPartition tp, KafkaProducer<String, byte[]> producer) {
    try {
      producer.abortTransaction();
    } catch (KafkaException e) {
      // Not abortable (a fatal producer error): start a fresh producer for the partition we own.
      ownership.reopen(tp);
    }
  }
}
