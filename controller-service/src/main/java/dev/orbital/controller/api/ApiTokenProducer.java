package dev.orbital.controller.api;

import dev.orbital.auth.AdminToken;
import dev.orbital.controller.ControllerConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * The controller's API token, which also opens its admin endpoints: {@code
 * orbital.controller.auth-token}, else {@code authtoken.secret} in the data directory, generated
 * there on first start as stock does.
 */
public class ApiTokenProducer {

  private static final Logger LOG = Logger.getLogger(ApiTokenProducer.class);

  @Produces
  @Singleton
  AdminToken apiToken(ControllerConfig config) {
    Path file = Path.of(config.dataDir(), "authtoken.secret");
    boolean existed = Files.exists(file);
    AdminToken token = AdminToken.load(config.authToken(), file, true).orElseThrow();
    if (config.authToken().isEmpty() && !existed) {
      LOG.infof("generated the API token into %s", file);
    }
    return token;
  }
}
