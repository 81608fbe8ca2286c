package dev.orbital.relay.membership;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Under the {@code members} policy, ready once the members topic has been read up to where it was
 * at start: before that, members would be refused.
 */
@Readiness
@ApplicationScoped
public class MembershipReadiness implements HealthCheck {

  private final MembersTopicFollower follower;

  public MembershipReadiness(MembersTopicFollower follower) {
    this.follower = follower;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("relay-members")
        .status(!follower.enabled() || follower.caughtUp())
        .withData("policy", follower.enabled() ? "members" : "open")
        .withData("topic", follower.topic())
        .build();
  }
}
