package dev.orbital.controller.store;

import dev.orbital.controller.ControllerConfig;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.ObserverMethod;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Checks the store in the background, every {@code health-interval}, so that readiness, {@code
 * databaseReady} and the writes' fast refusal read a recent answer instead of asking Kafka
 * themselves. Each check costs two small admin requests: the command group's description (is Kafka
 * there, does every command partition have an owner, is this replica in the group) and the state
 * topics' last stable offsets (does the view hold what was committed).
 *
 * <p>It starts after the store's other beans (a later startup priority), so its first check finds
 * the topics made, the view caught up and the owner thread started: a check racing the topics'
 * creation made Kafka call a topic just created unknown, and the replica failed to start.
 */
@Startup(ObserverMethod.DEFAULT_PRIORITY + 1)
@ApplicationScoped
public class StoreMonitor {

  private static final Logger LOG = Logger.getLogger(StoreMonitor.class);

  /** How long one admin request of a check may take; Kafka not answering by then is unreachable. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

  /** The view follower polls every 100 ms; silent for this long, it is stuck. */
  private static final Duration FOLLOWER_SILENCE = Duration.ofSeconds(5);

  private final ControllerConfig config;
  private final StoreTopics topics;
  private final StoreFollower follower;
  private final CommandGroup group;
  private final CommandProcessor processor;
  private volatile StoreStatus status = StoreStatus.unchecked();
  private ScheduledExecutorService checks;

  /** The state topics' ends the previous check measured, and when. */
  private Map<TopicPartition, Long> previousEnds = Map.of();

  private long previousEndsAt;

  /** The last time the view held everything committed then. */
  private long caughtUpAt;

  public StoreMonitor(
      ControllerConfig config,
      StoreTopics topics,
      StoreFollower follower,
      CommandGroup group,
      CommandProcessor processor) {
    this.config = config;
    this.topics = topics;
    this.follower = follower;
    this.group = group;
    this.processor = processor;
  }

  @PostConstruct
  void start() {
    checks =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "orbital-store-health");
              t.setDaemon(true);
              return t;
            });
    long every = config.healthInterval().toMillis();
    checks.scheduleWithFixedDelay(this::check, 0, every, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    checks.shutdownNow();
  }

  /** The last check's finding; never blocks. */
  public StoreStatus status() {
    return status;
  }

  /** Whether the store's threads still run: a Kafka outage never stops them, only a bug does. */
  public boolean threadsAlive() {
    return follower.threadAlive() && processor.threadAlive();
  }

  private void check() {
    StoreStatus found;
    try {
      found = measure();
    } catch (RuntimeException e) {
      LOG.errorf(e, "store health check failed");
      found = StoreStatus.unreachable("health check failed: " + e, System.currentTimeMillis());
    }
    StoreStatus before = status;
    status = found;
    if (before.ready() != found.ready() || before.reachable() != found.reachable()) {
      if (found.ready()) {
        LOG.infof("store ready: %s", found.details());
      } else {
        LOG.warnf("store not ready: %s", found.details());
      }
    }
  }

  private StoreStatus measure() {
    long now = System.currentTimeMillis();
    ConsumerGroupDescription description;
    Map<TopicPartition, Long> ends;
    try {
      description = group.describe(REQUEST_TIMEOUT);
      ends = topics.committedStateEnds(REQUEST_TIMEOUT);
    } catch (ExecutionException | TimeoutException | StoreException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      return StoreStatus.unreachable("Kafka did not answer: " + cause, now);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return StoreStatus.unreachable("interrupted", now);
    }

    int partitions = topics.commandPartitions();
    Set<TopicPartition> assigned = new HashSet<>();
    boolean member = false;
    for (MemberDescription m : description.members()) {
      member |= m.clientId().equals(group.clientId());
      for (TopicPartition tp : m.assignment().topicPartitions()) {
        if (tp.topic().equals(topics.commands())) {
          assigned.add(tp);
        }
      }
    }
    GroupState state = description.groupState();
    boolean settled =
        state != GroupState.PREPARING_REBALANCE
            && state != GroupState.COMPLETING_REBALANCE
            && state != GroupState.EMPTY
            && state != GroupState.DEAD;
    boolean owned = settled && assigned.size() >= partitions;

    if (follower.holds(previousEnds)) {
      caughtUpAt = Math.max(caughtUpAt, previousEndsAt);
    }
    if (follower.holds(ends)) {
      caughtUpAt = now;
    }
    previousEnds = ends;
    previousEndsAt = now;
    boolean followerAlive = follower.polledWithin(FOLLOWER_SILENCE);
    boolean current = followerAlive && now - caughtUpAt <= config.maxViewLag().toMillis();

    String problem = null;
    if (!owned) {
      problem =
          settled
              ? assigned.size() + " of " + partitions + " command partitions have an owner"
              : "the command group is " + state + ": owners are being chosen";
    } else if (!followerAlive) {
      problem = "the view follower has not polled for " + FOLLOWER_SILENCE;
    } else if (!current) {
      problem =
          "the view lags: it last held all committed changes " + (now - caughtUpAt) + " ms ago";
    }
    return new StoreStatus(
        true, owned, current, problem, assigned.size() + "/" + partitions, member, now);
  }
}
