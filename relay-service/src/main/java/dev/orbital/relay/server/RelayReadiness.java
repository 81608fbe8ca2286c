package dev.orbital.relay.server;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the TCP server listens. */
@Readiness
@ApplicationScoped
public class RelayReadiness implements HealthCheck {

  private final RelayEndpoint endpoint;

  public RelayReadiness(RelayEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("relay-tcp")
        .status(endpoint.isListening())
        .withData("port", endpoint.port())
        .build();
  }
}
