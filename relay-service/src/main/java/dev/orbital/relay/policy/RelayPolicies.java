package dev.orbital.relay.policy;

import dev.orbital.relay.directory.RelayDirectory;
import dev.orbital.relay.directory.RootEndpoints;
import dev.orbital.relay.server.RelayConfig;
import dev.orbital.relay.server.RelayPolicy;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/** Makes the {@link RelayDirectory} and the configured {@link RelayPolicy}. */
@ApplicationScoped
public class RelayPolicies {

  @Produces
  @Singleton
  RelayDirectory directory(RelayConfig config) {
    RootEndpoints roots = RootEndpoints.read(config.membership().worldFiles().orElse(List.of()));
    if (config.policy() == RelayConfig.PolicyKind.MEMBERS && roots.endpoints().isEmpty()) {
      Log.warn(
          "no root endpoints (orbital.relay.membership.world-files): newcomers cannot reach a"
              + " root through this relay");
    }
    return new RelayDirectory(roots);
  }

  @Produces
  @Singleton
  RelayPolicy policy(RelayConfig config, RelayDirectory directory) {
    return config.policy() == RelayConfig.PolicyKind.OPEN
        ? RelayPolicy.OPEN
        : new MembersPolicy(directory);
  }
}
