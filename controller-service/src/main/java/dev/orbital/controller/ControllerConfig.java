package dev.orbital.controller;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The controller's settings, under {@code orbital.controller}. */
@ConfigMapping(prefix = "orbital.controller")
public interface ControllerConfig {

  /** Where {@code identity.secret} and {@code authtoken.secret} live. */
  @WithDefault("data")
  String dataDir();

  /** The API token; when absent it is read from (or generated into) the data directory. */
  Optional<String> authToken();

  /** The controller identity's secret text; when absent it is read from the data directory. */
  Optional<String> identity();

  /** Prefix of the Kafka topic names: {@code <prefix>.networks} and so on. */
  @WithDefault("orbital")
  String topicPrefix();

  /** Partitions of newly created topics. */
  @WithDefault("3")
  int topicPartitions();

  /** Replication factor of newly created topics. */
  @WithDefault("1")
  short topicReplicationFactor();

  /** How long a REST write waits for Kafka and for its own replica's view. */
  @WithDefault("15s")
  Duration writeTimeout();

  /**
   * How long a REST write waits for Kafka to take its command; past it, or at once while the
   * background check finds Kafka unreachable, the write is answered 503 with {@code Retry-After}.
   */
  @WithDefault("3s")
  Duration appendTimeout();

  /** Writes this replica lets wait for Kafka at once; more are answered 503 at once. */
  @WithDefault("64")
  int maxWaitingWrites();

  /** The {@code Retry-After} a 503 carries. */
  @WithDefault("5s")
  Duration retryAfter();

  /** How often the background health checks look at Kafka, the command group and the view. */
  @WithDefault("1s")
  Duration healthInterval();

  /**
   * Readiness says membership is current while the view holds everything committed up to this long
   * ago.
   */
  @WithDefault("5s")
  Duration maxViewLag();

  /**
   * Session timeout of the replicas' consumer group on the commands topic: how long a silent
   * replica keeps its networks before another takes them over. The brokers' {@code
   * group.min.session.timeout.ms} must allow it (Kafka's default, 6000, does not); a replica that
   * finds it larger uses the brokers' minimum and says so in its log.
   */
  @WithDefault("1500ms")
  Duration groupSessionTimeout();

  /** Kafka transaction timeout of the command owners' producers. */
  @WithDefault("30s")
  Duration transactionTimeout();

  /** The controller as a node on the ZeroTier wire. */
  Wire wire();

  /** Settings under {@code orbital.controller.wire}. */
  interface Wire {

    /** Whether to open the UDP endpoint at all. */
    @WithDefault("true")
    boolean enabled();

    /** The UDP port (0: any free one). */
    @WithDefault("9993")
    int port();

    @WithDefault("0.0.0.0")
    String bindAddress();

    /** A planet or moon file (the World binary a root serves at GET /world/planet). */
    Optional<List<String>> worldFiles();

    /** Roots given directly, each {@code <public identity>@<ip>/<port>}. */
    Optional<List<String>> roots();

    /** Changes to one network within this window go out as one push per member. */
    @WithDefault("100ms")
    Duration pushDelay();

    /** Threads that build and sign configs. */
    @WithDefault("2")
    int workers();
  }
}
