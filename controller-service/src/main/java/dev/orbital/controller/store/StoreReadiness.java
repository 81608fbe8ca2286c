package dev.orbital.controller.store;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when a write could succeed now (Kafka reachable, every command partition owned) and the
 * membership this replica serves is current. Reads the background check's last finding, on the
 * event loop: it answers at once whatever Kafka does and whatever the worker threads are doing.
 */
@Readiness
@ApplicationScoped
public class StoreReadiness implements AsyncHealthCheck {

  private final StoreMonitor monitor;

  public StoreReadiness(StoreMonitor monitor) {
    this.monitor = monitor;
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    StoreStatus status = monitor.status();
    var response = HealthCheckResponse.named("store").status(status.ready());
    status.details().forEach((k, v) -> response.withData(k, String.valueOf(v)));
    return Uni.createFrom().item(response.build());
  }
}
