package dev.orbital.relay.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.vertx.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/**
 * What every client connection shares, whatever carries it (plain TCP or a WebSocket): the limits,
 * the policy, the meters, the timers' Vert.x and the event loop of the per-connection UDP sockets.
 * The endpoints only accept their transport and hand each client to {@link #open}.
 */
@ApplicationScoped
public class RelayConnections {

  /** How often sources without connections and with a full budget are forgotten. */
  private static final long SWEEP_MILLIS = 10_000;

  private final Vertx vertx;
  private final RelayConfig config;
  private final RelayPolicy policy;
  private final RelayMetrics metrics;
  private final RelayLimits limits;
  private final SourceIps sourceIps;
  private EventLoopGroup udpGroup;
  private long sweepTimer = -1;

  public RelayConnections(
      Vertx vertx, RelayConfig config, RelayPolicy policy, RelayMetrics metrics) {
    this.vertx = vertx;
    this.config = config;
    this.policy = policy;
    this.metrics = metrics;
    this.limits = RelayLimits.of(config);
    this.sourceIps =
        new SourceIps(
            config.maxConnectionsPerIp(),
            config.newcomer().perIpPacketsPerSecond(),
            config.newcomer().perIpBurst());
  }

  @PostConstruct
  void start() {
    udpGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("relay-udp", true));
    sweepTimer = vertx.setPeriodic(SWEEP_MILLIS, id -> sourceIps.sweep(System.currentTimeMillis()));
  }

  @PreDestroy
  void stop() {
    vertx.cancelTimer(sweepTimer);
    udpGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  /** Starts relaying for one accepted client; the connection may close at once (over a limit). */
  RelayConnection open(RelayConnection.Client client) {
    SourceIps.Share share = sourceIps.acquire(client.remoteIp(), System.currentTimeMillis());
    RelayConnection connection = new RelayConnection(this, client, share);
    connection.start();
    return connection;
  }

  Vertx vertx() {
    return vertx;
  }

  RelayConfig config() {
    return config;
  }

  RelayPolicy policy() {
    return policy;
  }

  RelayMetrics metrics() {
    return metrics;
  }

  RelayLimits limits() {
    return limits;
  }

  SourceIps sourceIps() {
    return sourceIps;
  }

  EventLoopGroup udpGroup() {
    return udpGroup;
  }
}
