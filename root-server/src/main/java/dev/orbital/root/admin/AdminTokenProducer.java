package dev.orbital.root.admin;

import dev.orbital.auth.AdminToken;
import dev.orbital.root.config.RootConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/**
 * The root's admin token ({@code orbital.root.auth-token}, else {@code
 * orbital.root.auth-token-file}, else {@code authtoken.secret} in the data directory, generated on
 * first start).
 */
public class AdminTokenProducer {

  @Produces
  @Singleton
  AdminToken adminToken(RootConfig config) {
    Path file = config.authTokenFile().orElse(config.dataDir().resolve("authtoken.secret"));
    return AdminToken.load(config.authToken(), file, true).orElseThrow();
  }
}
