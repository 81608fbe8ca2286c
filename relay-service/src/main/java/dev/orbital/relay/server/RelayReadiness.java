package dev.orbital.relay.server;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the TCP server (and the WebSocket server, when enabled) listens. */
@Readiness
@ApplicationScoped
public class RelayReadiness implements HealthCheck {

  private final RelayEndpoint endpoint;
  private final RelayWebSocketEndpoint webSocket;
  private final RelayConfig config;

  public RelayReadiness(
      RelayEndpoint endpoint, RelayWebSocketEndpoint webSocket, RelayConfig config) {
    this.endpoint = endpoint;
    this.webSocket = webSocket;
    this.config = config;
  }

  @Override
  public HealthCheckResponse call() {
    boolean webSocketUp = !config.websocket().enabled() || webSocket.isListening();
    return HealthCheckResponse.named("relay-tcp")
        .status(endpoint.isListening() && webSocketUp)
        .withData("port", endpoint.port())
        .withData("websocket-port", webSocket.port())
        .build();
  }
}
