package dev.orbital.relay.admin;

import dev.orbital.auth.AdminToken;
import dev.orbital.relay.server.RelayConfig;
import io.quarkus.logging.Log;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The relay's admin token ({@code orbital.relay.auth-token}, else {@code
 * orbital.relay.auth-token-file}). The relay keeps no state of its own, so it generates none: with
 * neither set, its admin endpoints stay closed to everyone.
 */
public class AdminTokenProducer {

  @Produces
  @Singleton
  AdminToken adminToken(RelayConfig config) {
    if (config.authToken().isPresent()) {
      return AdminToken.of(config.authToken().get());
    }
    if (config.authTokenFile().isPresent()) {
      Path file = config.authTokenFile().get();
      if (!Files.isReadable(file)) {
        throw new IllegalArgumentException(
            "orbital.relay.auth-token-file: cannot read " + file.toAbsolutePath());
      }
      return AdminToken.load(Optional.empty(), file, false).orElseThrow();
    }
    Log.warn(
        "no admin token (orbital.relay.auth-token or orbital.relay.auth-token-file):"
            + " /q/metrics answers 401 to everyone");
    return AdminToken.unknown();
  }
}
