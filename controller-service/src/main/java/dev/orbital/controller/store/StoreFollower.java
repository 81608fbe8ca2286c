package dev.orbital.controller.store;

import dev.orbital.controller.ControllerConfig;
import dev.orbital.protocol.netconf.NetworkAddresses;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * This replica's reading side of the store: a thread follows (read_committed, every partition) the
 * compacted {@code <prefix>.networks} and {@code <prefix>.members} and {@code <prefix>.presence}
 * from the beginning into a {@link StoreView}, and {@code <prefix>.controller-replies} from the end
 * for the outcomes this replica's writes wait for. It knows how far it has read each partition, so
 * a caller can wait until the view holds a change. Ready at start once the view holds what the
 * topics held then.
 */
@Startup
@ApplicationScoped
public class StoreFollower {

  private static final Logger LOG = Logger.getLogger(StoreFollower.class);
  private static final Duration POLL = Duration.ofMillis(100);

  private final ControllerConfig config;
  private final KafkaClients clients;
  private final StoreTopics topics;
  private final StoreView view = new StoreView();
  private final Map<TopicPartition, Long> applied = new HashMap<>();
  private final Map<String, CompletableFuture<Outcome>> pending = new ConcurrentHashMap<>();
  private KafkaConsumer<String, byte[]> consumer;
  private String networks;
  private String members;
  private String replies;
  private Thread follower;
  private volatile boolean running = true;
  private volatile long lastPolled = System.nanoTime();

  public StoreFollower(ControllerConfig config, KafkaClients clients, StoreTopics topics) {
    this.config = config;
    this.clients = clients;
    this.topics = topics;
  }

  @PostConstruct
  void start() {
    networks = topics.networks();
    members = topics.members();
    replies = topics.replies();
    consumer = clients.viewConsumer();
    List<TopicPartition> fromStart = new ArrayList<>(topics.statePartitions());
    fromStart.addAll(topics.presencePartitions());
    List<TopicPartition> outcomes = topics.replyPartitions();
    List<TopicPartition> all = new ArrayList<>(fromStart);
    all.addAll(outcomes);
    consumer.assign(all);
    consumer.seekToBeginning(fromStart);
    consumer.seekToEnd(outcomes);
    // Resolve the reply positions now: an outcome written after this point is never missed.
    outcomes.forEach(consumer::position);
    Map<TopicPartition, Long> ends = consumer.endOffsets(fromStart);
    follower = new Thread(this::follow, "orbital-store-follower");
    follower.setDaemon(true);
    follower.start();
    awaitApplied(ends, config.writeTimeout());
    LOG.infof(
        "store ready: %d networks from %s, following %d partitions",
        view.networks().size(), networks, all.size());
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
  }

  /** The replica's view of the stored state. */
  public StoreView view() {
    return view;
  }

  /**
   * The outcome of the command {@code requestId}, once it arrives; ask before the command goes out.
   * Since this follower started, every outcome written is read.
   */
  CompletableFuture<Outcome> expectOutcome(String requestId) {
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    pending.put(requestId, outcome);
    return outcome;
  }

  /** Stops waiting for the command's outcome. */
  void forgetOutcome(String requestId) {
    pending.remove(requestId);
  }

  /**
   * Waits until the view has read every partition up to the given offsets, up to {@code timeout}.
   */
  void awaitApplied(Map<TopicPartition, Long> targets, Duration timeout) {
    awaitApplied(targets, timeout, StoreStatus::unchecked);
  }

  /** As above, also giving up once {@code status} finds Kafka unreachable. */
  void awaitApplied(
      Map<TopicPartition, Long> targets, Duration timeout, Supplier<StoreStatus> status) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (applied) {
      while (!reached(targets)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new StoreException("the store view did not catch up with " + targets, null);
        }
        if (!status.get().reachable()) {
          throw new StoreException(
              "the store view did not catch up with " + targets + ": " + status.get().problem(),
              null);
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

  /** Whether the view has read every partition up to the given offsets. */
  boolean holds(Map<TopicPartition, Long> targets) {
    synchronized (applied) {
      return reached(targets);
    }
  }

  /** Whether the follower has polled Kafka within {@code period} (it polls every 100 ms). */
  boolean polledWithin(Duration period) {
    return System.nanoTime() - lastPolled <= period.toNanos();
  }

  boolean threadAlive() {
    return follower != null && follower.isAlive();
  }

  /** The offsets of both, each partition's the further. */
  static Map<TopicPartition, Long> merge(Map<TopicPartition, Long> a, Map<TopicPartition, Long> b) {
    Map<TopicPartition, Long> merged = new HashMap<>(a);
    b.forEach((tp, offset) -> merged.merge(tp, offset, Math::max));
    return merged;
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
      if (r.topic().equals(networks)) {
        long id = NetworkAddresses.parse(r.key());
        view.putNetwork(id, r.value() == null ? null : StoredJson.network(r.value()));
      } else if (r.topic().equals(members)) {
        MemberKey key = MemberKey.parse(r.key());
        view.putMember(
            key.networkId(),
            key.address(),
            r.value() == null ? null : StoredJson.member(r.value()));
      } else if (r.topic().equals(replies)) {
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
}
