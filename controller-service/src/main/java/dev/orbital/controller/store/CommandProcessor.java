package dev.orbital.controller.store;

import dev.orbital.controller.ControllerConfig;
import dev.orbital.controller.ControllerIdentity;
import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.Network;
import dev.orbital.controller.network.ValidationException;
import dev.orbital.protocol.netconf.NetworkAddresses;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The single writer per network. The replicas form one consumer group on {@code
 * <prefix>.controller-commands}; the owner of a partition applies its commands in order, one
 * transaction per polled batch (consume-transform-produce):
 *
 * <ol>
 *   <li>each command is checked against the view plus the batch so far ({@link Draft}, {@link
 *       CommandService});
 *   <li>new states, membership events and one outcome per command go out in the transaction, with
 *       the consumed offsets ({@code sendOffsetsToTransaction} with the group metadata);
 *   <li>after the commit, the next batch waits until this replica's view holds this one.
 * </ol>
 *
 * Each partition has its own transactional ID ({@code <prefix>.controller-owner-<partition>}): a
 * new owner's {@code initTransactions} aborts whatever the old owner left open and fences it, and
 * the group generation in the offsets fences an owner that lost the partition in a rebalance. A
 * failed batch is aborted and polled again: nothing of it is visible.
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
  private final Map<TopicPartition, KafkaProducer<String, byte[]>> producers = new HashMap<>();

  /** Opens the producers of newly assigned partitions side by side. */
  private final ExecutorService openers =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "orbital-command-owner-init");
            t.setDaemon(true);
            return t;
          });

  private KafkaConsumer<String, byte[]> consumer;
  private CommandService commands;
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
    commands = new CommandService(identity.address());
    consumer = group.newConsumer();
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
    openers.shutdownNow();
  }

  private void run() {
    try {
      consumer.subscribe(List.of(topics.commands()), new Ownership());
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
      closeProducers(new ArrayList<>(producers.keySet()));
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
        behind = merge(behind, topics.committedStateEnds());
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
    KafkaProducer<String, byte[]> producer = producers.get(tp);
    long first = batch.get(0).offset();
    if (producer == null) {
      consumer.seek(tp, first);
      consumer.pause(List.of(tp));
      return;
    }
    Draft draft = new Draft(follower.view());
    List<Applied> applied = new ArrayList<>();
    Map<TopicPartition, Long> targets = new HashMap<>();
    try {
      producer.beginTransaction();
      for (ConsumerRecord<String, byte[]> r : batch) {
        Command c;
        try {
          c = Command.fromBytes(r.value());
        } catch (RuntimeException e) {
          LOG.errorf("skipping unreadable command %s@%d: %s", tp, r.offset(), e.getMessage());
          continue;
        }
        applied.add(apply(c, draft, producer));
      }
      producer.flush();
      long now = System.currentTimeMillis();
      for (Applied a : applied) {
        if (a.refusal() == null && a.command().deadline() < now) {
          // Its caller may have given up and said "not applied": make that true.
          throw new StoreException("command " + a.command().requestId() + " expired", null);
        }
        Outcome outcome = a.outcome();
        targets = merge(targets, outcome.targets());
        producer.send(
            new ProducerRecord<>(topics.replies(), outcome.requestId(), outcome.toBytes()));
      }
      producer.sendOffsetsToTransaction(
          Map.of(tp, new OffsetAndMetadata(batch.get(batch.size() - 1).offset() + 1)),
          consumer.groupMetadata());
      producer.commitTransaction();
    } catch (ProducerFencedException | InvalidProducerEpochException | CommitFailedException e) {
      LOG.warnf("lost ownership of %s: %s", tp, e.toString());
      closeProducers(List.of(tp));
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
    behind = merge(behind, targets);
  }

  private Applied apply(Command c, Draft draft, KafkaProducer<String, byte[]> producer) {
    if (c.deadline() < System.currentTimeMillis()) {
      return Applied.refused(
          c, Outcome.refused(c.requestId(), Outcome.EXPIRED, null, "deadline passed"));
    }
    Change change;
    try {
      change = commands.apply(c, draft);
    } catch (ValidationException e) {
      return Applied.refused(
          c, Outcome.refused(c.requestId(), Outcome.INVALID, e.field(), e.reason()));
    } catch (UnknownObjectException e) {
      return Applied.refused(
          c, Outcome.refused(c.requestId(), Outcome.NOT_FOUND, null, e.getMessage()));
    } catch (ConflictException e) {
      return Applied.refused(
          c, Outcome.refused(c.requestId(), Outcome.CONFLICT, null, e.getMessage()));
    } catch (IllegalArgumentException e) {
      return Applied.refused(
          c, Outcome.refused(c.requestId(), Outcome.INVALID, "command", e.getMessage()));
    }
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (Map.Entry<Long, Network> n : change.networks().entrySet()) {
      sent.add(
          producer.send(
              new ProducerRecord<>(
                  topics.networks(),
                  NetworkAddresses.format(n.getKey()),
                  n.getValue() == null ? null : StoredJson.network(n.getValue()))));
    }
    for (Map.Entry<MemberKey, Member> m : change.members().entrySet()) {
      sent.add(
          producer.send(
              new ProducerRecord<>(
                  topics.members(),
                  m.getKey().toString(),
                  m.getValue() == null ? null : StoredJson.member(m.getValue()))));
    }
    for (MembershipEvent e : change.events()) {
      producer.send(
          new ProducerRecord<>(topics.events(), e.networkId(), StoredJson.write(e.toJson())));
    }
    return new Applied(c, change, sent, null);
  }

  private static Map<TopicPartition, Long> merge(
      Map<TopicPartition, Long> a, Map<TopicPartition, Long> b) {
    Map<TopicPartition, Long> merged = new HashMap<>(a);
    b.forEach((tp, offset) -> merged.merge(tp, offset, Math::max));
    return merged;
  }

  private void abort(TopicPartition tp, KafkaProducer<String, byte[]> producer) {
    try {
      producer.abortTransaction();
    } catch (KafkaException e) {
      // Not abortable (a fatal producer error): start a fresh producer for the partition we own.
      closeProducers(List.of(tp));
      try {
        openProducer(tp);
      } catch (KafkaException again) {
        LOG.errorf("cannot reopen the producer of %s: %s", tp, again);
        consumer.pause(List.of(tp));
        consumer.enforceRebalance();
      }
    }
  }

  private void openProducer(TopicPartition tp) {
    producers.put(tp, newProducer(tp));
  }

  /**
   * The partition's transactional producer, initialized: its {@code initTransactions} fences the
   * partition's previous owner and aborts what it left open.
   */
  private KafkaProducer<String, byte[]> newProducer(TopicPartition tp) {
    KafkaProducer<String, byte[]> producer =
        clients.transactionalProducer(config.topicPrefix() + ".controller-owner-" + tp.partition());
    try {
      producer.initTransactions();
    } catch (KafkaException e) {
      producer.close(Duration.ZERO);
      throw e;
    }
    return producer;
  }

  private void closeProducers(Collection<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      KafkaProducer<String, byte[]> producer = producers.remove(tp);
      if (producer != null) {
        try {
          producer.close(Duration.ofSeconds(2));
        } catch (KafkaException e) {
          LOG.debugf("closing the producer of %s: %s", tp, e);
        }
      }
    }
  }

  /** Opens a producer per partition this replica is given, closes those it loses. */
  private final class Ownership implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      closeProducers(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      closeProducers(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      // All partitions' producers at once: after a failover the first writes wait for these
      // round trips to the transaction coordinator, not for one after another.
      Map<TopicPartition, CompletableFuture<KafkaProducer<String, byte[]>>> opening =
          new HashMap<>();
      for (TopicPartition tp : partitions) {
        opening.put(tp, CompletableFuture.supplyAsync(() -> newProducer(tp), openers));
      }
      opening.forEach(
          (tp, producer) -> {
            try {
              producers.put(tp, producer.join());
            } catch (CompletionException e) {
              LOG.errorf("cannot take %s over: %s", tp, e.getCause());
              consumer.pause(List.of(tp));
              consumer.enforceRebalance();
            }
          });
      consumer.resume(producers.keySet());
      needEnds = true;
      if (!partitions.isEmpty()) {
        LOG.infof("owning command partitions %s", partitions);
      }
    }
  }
}
