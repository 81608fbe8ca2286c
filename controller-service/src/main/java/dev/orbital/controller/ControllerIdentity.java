package dev.orbital.controller;

import dev.orbital.auth.SecretFiles;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.identity.Identity;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.jboss.logging.Logger;

/**
 * The controller's identity: its address begins every network ID it owns. Taken from configuration,
 * else from {@code identity.secret} in the data directory, else generated there.
 */
@ApplicationScoped
public class ControllerIdentity {

  private static final Logger LOG = Logger.getLogger(ControllerIdentity.class);

  @Inject ControllerConfig config;

  private Identity identity;

  @PostConstruct
  void load() {
    try {
      if (config.identity().isPresent()) {
        identity = Identity.parse(config.identity().get().trim());
      } else {
        Path file = Path.of(config.dataDir(), "identity.secret");
        if (Files.exists(file)) {
          identity = Identity.parse(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } else {
          identity = Identity.generate(new SecureRandom());
          SecretFiles.write(file, identity.toSecretString());
          LOG.infof("generated controller identity %s into %s", identity.address(), file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Identity identity() {
    return identity;
  }

  public Address address() {
    return identity.address();
  }
}
