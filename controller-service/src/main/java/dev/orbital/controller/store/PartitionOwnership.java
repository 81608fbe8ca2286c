package dev.orbital.controller.store;

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
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The command partitions this replica owns, each with its transactional producer: opened when the
 * group assigns the partition, closed when it is revoked or lost. Each partition has its own
 * transactional ID ({@code <prefix>.controller-owner-<partition>}): a new owner's {@code
 * initTransactions} aborts whatever the old owner left open and fences it. A partition whose
 * producer cannot be opened is paused and handed back to the group. Used on the owner thread only
 * (the group calls the listener from its {@code poll}).
 */
final class PartitionOwnership implements ConsumerRebalanceListener {

  private static final Logger LOG = Logger.getLogger(PartitionOwnership.class);

  private final KafkaClients clients;
  private final String topicPrefix;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Runnable onAssigned;
  private final Map<TopicPartition, KafkaProducer<String, byte[]>> producers = new HashMap<>();

  /** Opens the producers of newly assigned partitions side by side. */
  private final ExecutorService openers =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "orbital-command-owner-init");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param consumer the group consumer whose partitions these are
   * @param onAssigned run after each assignment, once the producers are open
   */
  PartitionOwnership(
      KafkaClients clients,
      String topicPrefix,
      KafkaConsumer<String, byte[]> consumer,
      Runnable onAssigned) {
    this.clients = clients;
    this.topicPrefix = topicPrefix;
    this.consumer = consumer;
    this.onAssigned = onAssigned;
  }

  /** The partition's producer; null if this replica does not own it (any more). */
  KafkaProducer<String, byte[]> producer(TopicPartition tp) {
    return producers.get(tp);
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    close(partitions);
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    close(partitions);
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    // All partitions' producers at once: after a failover the first writes wait for these
    // round trips to the transaction coordinator, not for one after another.
    Map<TopicPartition, CompletableFuture<KafkaProducer<String, byte[]>>> opening = new HashMap<>();
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
    onAssigned.run();
    if (!partitions.isEmpty()) {
      LOG.infof("owning command partitions %s", partitions);
    }
  }

  /**
   * Replaces the partition's producer after a fatal error (one whose transaction cannot even be
   * aborted); hands the partition back to the group if no new one opens.
   */
  void reopen(TopicPartition tp) {
    close(List.of(tp));
    try {
      producers.put(tp, newProducer(tp));
    } catch (KafkaException again) {
      LOG.errorf("cannot reopen the producer of %s: %s", tp, again);
      consumer.pause(List.of(tp));
      consumer.enforceRebalance();
    }
  }

  /** Closes the producers of these partitions: this replica owns them no more. */
  void close(Collection<TopicPartition> partitions) {
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

  /** Closes every producer: the owner thread ends. */
  void closeAll() {
    close(new ArrayList<>(producers.keySet()));
  }

  /** Stops the openers' threads: the replica shuts down. */
  void shutdown() {
    openers.shutdownNow();
  }

  /**
   * The partition's transactional producer, initialized: its {@code initTransactions} fences the
   * partition's previous owner and aborts what it left open.
   */
  private KafkaProducer<String, byte[]> newProducer(TopicPartition tp) {
    KafkaProducer<String, byte[]> producer =
        clients.transactionalProducer(topicPrefix + ".controller-owner-" + tp.partition());
    try {
      producer.initTransactions();
    } catch (KafkaException e) {
      producer.close(Duration.ZERO);
      throw e;
    }
    return producer;
  }
}
