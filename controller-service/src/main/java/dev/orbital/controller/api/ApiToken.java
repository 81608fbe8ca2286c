package dev.orbital.controller.api;

import dev.orbital.controller.ControllerConfig;
import dev.orbital.controller.SecretFiles;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import org.jboss.logging.Logger;

/**
 * The API token: from configuration, else {@code authtoken.secret} in the data directory, else 24
 * random characters from {@code a-z0-9} generated there on first start (as stock does) and printed
 * once.
 */
@ApplicationScoped
public class ApiToken {

  private static final Logger LOG = Logger.getLogger(ApiToken.class);
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final int LENGTH = 24;

  @Inject ControllerConfig config;

  private byte[] token;

  @PostConstruct
  void load() {
    try {
      if (config.authToken().isPresent()) {
        token = bytes(config.authToken().get().trim());
        return;
      }
      Path file = Path.of(config.dataDir(), "authtoken.secret");
      if (Files.exists(file)) {
        token = bytes(Files.readString(file, StandardCharsets.US_ASCII).trim());
        return;
      }
      SecureRandom random = new SecureRandom();
      StringBuilder text = new StringBuilder(LENGTH);
      for (int i = 0; i < LENGTH; i++) {
        text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      SecretFiles.write(file, text.toString());
      token = bytes(text.toString());
      LOG.infof("generated API token into %s: %s", file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether {@code candidate} is the token (constant time). */
  public boolean matches(String candidate) {
    return candidate != null && MessageDigest.isEqual(token, bytes(candidate.trim()));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
