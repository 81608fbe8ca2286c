package dev.orbital.root;

import dev.orbital.protocol.identity.Identity;
import dev.orbital.root.config.RootConfig;
import dev.orbital.root.identity.RootIdentityStore;
import dev.orbital.root.packet.RootMetrics;
import dev.orbital.root.peer.PeerDirectory;
import dev.orbital.root.presence.PresenceSink;
import dev.orbital.root.world.RootWorlds;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.security.SecureRandom;

/**
 * Turns configuration into the root's identity and world at start: any error here stops the service
 * with a message naming the configuration key.
 */
@ApplicationScoped
public class RootSetup {

  private final SecureRandom random = new SecureRandom();

  @Produces
  @Singleton
  @Startup
  Identity rootIdentity(RootConfig config) {
    Identity identity = RootIdentityStore.load(config.identity(), config.dataDir(), random);
    Log.infof("root identity %s", identity.address());
    return identity;
  }

  @Produces
  @Singleton
  PeerDirectory peerDirectory(RootConfig config, Identity identity, PresenceSink presence) {
    return new PeerDirectory(
        config.limits().maxPeers(),
        config.limits().maxPathsPerPeer(),
        identity.address().toString(),
        presence,
        config.presence().refreshInterval().toMillis());
  }

  @Produces
  @Singleton
  RootMetrics rootMetrics(MeterRegistry registry) {
    return new RootMetrics(registry);
  }

  @Produces
  @Singleton
  @Startup
  RootWorlds rootWorlds(RootConfig config, Identity identity) {
    RootWorlds worlds = RootWorlds.fromConfig(config.world(), identity, config.dataDir(), random);
    Log.infof("serving %s", worlds.world());
    return worlds;
  }
}
