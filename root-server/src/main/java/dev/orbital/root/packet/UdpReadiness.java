package dev.orbital.root.packet;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the UDP socket is bound. */
@Readiness
@ApplicationScoped
public class UdpReadiness implements HealthCheck {

  private final RootEndpoint endpoint;

  public UdpReadiness(RootEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("udp")
        .status(endpoint.isListening())
        .withData("port", endpoint.port())
        .build();
  }
}
