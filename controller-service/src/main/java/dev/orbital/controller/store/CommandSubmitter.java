package dev.orbital.controller.store;

import dev.orbital.controller.ControllerConfig;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * This replica's writing side of the store: appends a write to {@code
 * <prefix>.controller-commands}, waits for its outcome, and then until this replica's view holds
 * the change. The owner of the command's partition applies it ({@link CommandProcessor}).
 */
@Startup
@ApplicationScoped
public class CommandSubmitter {

  /**
   * How much longer than a command's deadline a caller waits for its outcome: the owner refuses a
   * command past its deadline, so no outcome by then means it was not applied.
   */
  private static final Duration OUTCOME_GRACE = Duration.ofSeconds(3);

  /** How often a waiting write looks whether the background check found Kafka gone. */
  private static final long WAIT_SLICE_MS = 200;

  private final ControllerConfig config;
  private final KafkaClients clients;
  private final StoreTopics topics;
  private final StoreFollower follower;
  private final StoreMonitor monitor;
  private final Semaphore waiting;
  private KafkaProducer<String, byte[]> commands;

  public CommandSubmitter(
      ControllerConfig config,
      KafkaClients clients,
      StoreTopics topics,
      StoreFollower follower,
      StoreMonitor monitor) {
    this.config = config;
    this.clients = clients;
    this.topics = topics;
    this.follower = follower;
    this.monitor = monitor;
    this.waiting = new Semaphore(config.maxWaitingWrites());
  }

  @PostConstruct
  void start() {
    commands = clients.commandProducer();
  }

  @PreDestroy
  void stop() {
    if (commands != null) {
      commands.close(Duration.ofSeconds(5));
    }
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
    StoreStatus status = monitor.status();
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
    CompletableFuture<Outcome> outcome = follower.expectOutcome(command.requestId());
    try {
      append(command);
      Outcome result = awaitOutcome(command, outcome);
      if (result.ok()) {
        try {
          follower.awaitApplied(result.targets(), config.writeTimeout(), monitor::status);
        } catch (StoreException e) {
          throw new StoreException(
              StoreException.Fate.APPLIED,
              "the write was applied, but this replica has not read it back yet: " + e.getMessage(),
              e);
        }
      }
      return result;
    } finally {
      follower.forgetOutcome(command.requestId());
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
        StoreStatus status = monitor.status();
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
}
