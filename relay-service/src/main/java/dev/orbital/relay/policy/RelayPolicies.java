package dev.orbital.relay.membership;

import dev.orbital.relay.server.RelayConfig;
import dev.orbital.relay.server.RelayPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

/** Makes the configured {@link RelayPolicy} ({@code orbital.relay.policy}). */
@ApplicationScoped
public class RelayPolicies {

  @Produces
  @Singleton
  @Typed(MemberRelayPolicy.class)
  MemberRelayPolicy members(RelayConfig config) {
    return new MemberRelayPolicy(RootAddresses.of(config.membership()));
  }

  @Produces
  @Singleton
  RelayPolicy policy(RelayConfig config, MemberRelayPolicy members) {
    return config.policy() == RelayConfig.PolicyKind.OPEN ? RelayPolicy.OPEN : members;
  }
}
