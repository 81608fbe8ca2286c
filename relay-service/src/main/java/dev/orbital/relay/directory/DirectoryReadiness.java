package dev.orbital.relay.directory;

import dev.orbital.relay.server.RelayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Under the {@code members} policy, ready once the three topics have been read up to where they
 * were at start (before that, members and controllers would be refused) and while Kafka answers:
 * DOWN when it has not for {@code membership.kafka-timeout}, since the relay then no longer sees
 * deauthorizations. It keeps relaying on what it knows meanwhile.
 */
@Readiness
@ApplicationScoped
public class DirectoryReadiness implements HealthCheck {

  private final DirectoryFollower follower;
  private final long kafkaTimeoutMillis;

  public DirectoryReadiness(DirectoryFollower follower, RelayConfig config) {
    this.follower = follower;
    this.kafkaTimeoutMillis = config.membership().kafkaTimeout().toMillis();
  }

  @Override
  public HealthCheckResponse call() {
    if (!follower.enabled()) {
      return HealthCheckResponse.named("relay-members").up().withData("policy", "open").build();
    }
    long since = follower.sinceContactMillis(System.currentTimeMillis());
    boolean reachable = since < kafkaTimeoutMillis;
    return HealthCheckResponse.named("relay-members")
        .status(follower.caughtUp() && reachable)
        .withData("policy", "members")
        .withData("topics", String.join(",", follower.topics()))
        .withData("caught-up", follower.caughtUp())
        .withData("kafka-reachable", reachable)
        .build();
  }
}
