package dev.orbital.root.identity;

import dev.orbital.protocol.identity.Identity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * Loads the root's identity: the configured secret if there is one, otherwise {@code
 * identity.secret} in the data directory, generated and written (mode 0600) on first start. The
 * same identity after every restart is what lets the planet name this root.
 */
public final class RootIdentityStore {

  public static final String SECRET_FILE = "identity.secret";
  public static final String PUBLIC_FILE = "identity.public";

  private RootIdentityStore() {}

  /**
   * @param configured the secret identity text from configuration, if any
   * @param dataDir created if missing
   * @throws IllegalArgumentException naming the source when an identity is unusable
   */
  public static Identity load(Optional<String> configured, Path dataDir, SecureRandom random) {
    if (configured.isPresent()) {
      return requireSecret(
          parse(configured.get(), "orbital.root.identity"), "orbital.root.identity");
    }
    Path secretFile = dataDir.resolve(SECRET_FILE);
    try {
      if (Files.exists(secretFile)) {
        String text = Files.readString(secretFile, StandardCharsets.US_ASCII);
        return requireSecret(parse(text, secretFile.toString()), secretFile.toString());
      }
      Files.createDirectories(dataDir);
      Identity identity = Identity.generate(random);
      writeSecret(secretFile, identity.toSecretString());
      Files.writeString(
          dataDir.resolve(PUBLIC_FILE), identity.toString(), StandardCharsets.US_ASCII);
      return identity;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + secretFile, e);
    }
  }

  private static Identity parse(String text, String source) {
    try {
      return Identity.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": not an identity: " + e.getMessage(), e);
    }
  }

  private static Identity requireSecret(Identity identity, String source) {
    if (!identity.hasPrivateKey()) {
      throw new IllegalArgumentException(source + ": the identity has no private key");
    }
    if (!identity.locallyValidate()) {
      throw new IllegalArgumentException(source + ": the identity does not validate");
    }
    return identity;
  }

  private static void writeSecret(Path file, String text) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    try {
      Files.createFile(
          temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(temp);
    } catch (FileAlreadyExistsException e) {
      throw new IOException("concurrent identity creation in " + file.getParent(), e);
    }
    Files.writeString(temp, text, StandardCharsets.US_ASCII);
    Files.move(temp, file);
  }
}
