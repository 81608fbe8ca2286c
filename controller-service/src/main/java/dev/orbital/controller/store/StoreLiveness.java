package dev.orbital.controller.store;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live while the store's threads (view follower, command owner) run. A Kafka outage never stops
 * them, so it never makes Kubernetes restart a replica; only a bug that ends one of them does, and
 * then a restart is the cure.
 */
@Liveness
@ApplicationScoped
public class StoreLiveness implements AsyncHealthCheck {

  private final StoreMonitor monitor;

  public StoreLiveness(StoreMonitor monitor) {
    this.monitor = monitor;
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    return Uni.createFrom()
        .item(HealthCheckResponse.named("store-threads").status(monitor.threadsAlive()).build());
  }
}
