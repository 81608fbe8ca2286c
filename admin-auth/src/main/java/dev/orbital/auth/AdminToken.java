package dev.orbital.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * A service's admin token: what its admin endpoints, and the controller's API, ask for. Compared in
 * constant time; never printed by {@link #toString()}.
 */
public final class AdminToken {

  /** Stock's {@code authtoken.secret}: 24 characters from {@code a-z0-9}. */
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  private static final int LENGTH = 24;

  private final byte[] token;

  private AdminToken(String text) {
    this.token = bytes(text.trim());
    if (token.length == 0) {
      throw new IllegalArgumentException("the admin token is empty");
    }
  }

  /** The token given as text (configuration, a Kubernetes Secret). */
  public static AdminToken of(String text) {
    return new AdminToken(text);
  }

  /**
   * The configured token if there is one, else the one in {@code file}; when the file does not
   * exist and {@code generate} is set, a new stock-style token is written there (mode 0600).
   *
   * @return empty when nothing is configured, the file is missing and nothing may be generated
   */
  public static Optional<AdminToken> load(
      Optional<String> configured, Path file, boolean generate) {
    if (configured.isPresent()) {
      return Optional.of(of(configured.get()));
    }
    try {
      if (Files.exists(file)) {
        return Optional.of(of(Files.readString(file, StandardCharsets.US_ASCII)));
      }
      if (!generate) {
        return Optional.empty();
      }
      String text = generate();
      SecretFiles.write(file, text);
      return Optional.of(of(text));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the admin token " + file, e);
    }
  }

  /** A token nobody knows: what a service without one uses, so its admin endpoints stay closed. */
  public static AdminToken unknown() {
    return of(generate() + generate());
  }

  /** Whether {@code candidate} is the token (constant time). */
  public boolean matches(String candidate) {
    return candidate != null && MessageDigest.isEqual(token, bytes(candidate.trim()));
  }

  @Override
  public String toString() {
    return "[secret]";
  }

  private static String generate() {
    SecureRandom random = new SecureRandom();
    StringBuilder text = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH; i++) {
      text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return text.toString();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
