package dev.orbital.node;

import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.netconf.NetworkAddresses;
import dev.orbital.protocol.world.World;
import dev.orbital.protocol.world.WorldCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The node's home directory, laid out as ZeroTier One lays out its own:
 *
 * <pre>
 * identity.secret, identity.public   generated on first start (secret 0600)
 * authtoken.secret                   the local API token (0600)
 * planet                             the planet world (binary), unless the options name another
 * moons.d/                           moon worlds
 * networks.d/&lt;nwid&gt;.conf            one per joined network (empty marker)
 * networks.d/&lt;nwid&gt;.netconf         the last config dictionary received for it
 * port                               the UDP port in use
 * </pre>
 *
 * Files are written to a temporary file and moved into place, so that a crash never leaves one
 * half-written.
 */
public final class NodeHome {

  static final String IDENTITY_SECRET = "identity.secret";
  static final String IDENTITY_PUBLIC = "identity.public";
  static final String AUTH_TOKEN = "authtoken.secret";
  static final String NETWORKS = "networks.d";
  static final String MOONS = "moons.d";
  static final String PORT = "port";
  static final int AUTH_TOKEN_LENGTH = 24;
  private static final String TOKEN_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  private final Path dir;
  private final SecureRandom random = new SecureRandom();

  public NodeHome(Path dir) {
    this.dir = dir;
  }

  /** Creates the directory and its subdirectories if missing. */
  public static NodeHome open(Path dir) throws IOException {
    Files.createDirectories(dir.resolve(NETWORKS));
    Files.createDirectories(dir.resolve(MOONS));
    return new NodeHome(dir);
  }

  public Path dir() {
    return dir;
  }

  /** The node's identity, generated and saved on first call. */
  public synchronized Identity identity() throws IOException {
    Path secret = dir.resolve(IDENTITY_SECRET);
    if (Files.exists(secret)) {
      Identity identity;
      try {
        identity = Identity.parse(Files.readString(secret, StandardCharsets.US_ASCII).trim());
      } catch (IllegalArgumentException e) {
        throw new IOException(secret + ": " + e.getMessage(), e);
      }
      if (!identity.hasPrivateKey()) {
        throw new IOException(secret + ": holds no private key");
      }
      return identity;
    }
    Identity identity = Identity.generate(random);
    writeSecret(secret, identity.toSecretString());
    write(dir.resolve(IDENTITY_PUBLIC), identity.toString());
    return identity;
  }

  /** The local API token: 24 characters a-z0-9, generated (0600) on first call. */
  public synchronized String authToken() {
    Path file = dir.resolve(AUTH_TOKEN);
    try {
      if (Files.exists(file)) {
        String token = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (!token.isEmpty()) {
          return token;
        }
      }
      StringBuilder token = new StringBuilder(AUTH_TOKEN_LENGTH);
      for (int i = 0; i < AUTH_TOKEN_LENGTH; i++) {
        token.append(TOKEN_ALPHABET.charAt(random.nextInt(TOKEN_ALPHABET.length())));
      }
      writeSecret(file, token.toString());
      return token.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The planet in {@code file}, or empty if there is none. */
  public static Optional<World> readWorld(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(WorldCodec.decode(Files.readAllBytes(file)));
    } catch (ProtocolException e) {
      throw new IOException(file + ": not a world: " + e.getMessage(), e);
    }
  }

  /** Moons in {@code moons.d}; files that do not parse are skipped. */
  public List<World> moons() throws IOException {
    List<World> moons = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir.resolve(MOONS))) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (file.getFileName().toString().endsWith(".moon")) {
          try {
            readWorld(file).ifPresent(moons::add);
          } catch (IOException e) {
            // a broken moon file must not stop the node
            continue;
          }
        }
      }
    }
    return moons;
  }

  /** Networks joined, from {@code networks.d/*.conf}. */
  public List<Long> joinedNetworks() throws IOException {
    List<Long> ids = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir.resolve(NETWORKS))) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.length() == 21 && name.endsWith(".conf")) {
          try {
            ids.add(NetworkAddresses.parse(name.substring(0, 16)));
          } catch (IllegalArgumentException e) {
            continue;
          }
        }
      }
    }
    return ids;
  }

  public void rememberJoined(long networkId) throws IOException {
    write(networkFile(networkId, ".conf"), "");
  }

  /** Forgets a network and its cached config. */
  public void forgetJoined(long networkId) throws IOException {
    Files.deleteIfExists(networkFile(networkId, ".conf"));
    Files.deleteIfExists(networkFile(networkId, ".netconf"));
  }

  /** Forgets a network's cached config (the controller refused us), keeping it joined. */
  public void forgetConfig(long networkId) throws IOException {
    Files.deleteIfExists(networkFile(networkId, ".netconf"));
  }

  public void saveConfig(long networkId, byte[] dictionary) throws IOException {
    writeBytes(networkFile(networkId, ".netconf"), dictionary);
  }

  public Optional<byte[]> cachedConfig(long networkId) throws IOException {
    Path file = networkFile(networkId, ".netconf");
    return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
  }

  public void writePort(int port) throws IOException {
    write(dir.resolve(PORT), Integer.toString(port));
  }

  private Path networkFile(long networkId, String suffix) {
    return dir.resolve(NETWORKS).resolve(NetworkAddresses.format(networkId) + suffix);
  }

  private void write(Path file, String text) throws IOException {
    writeBytes(file, text.getBytes(StandardCharsets.US_ASCII));
  }

  private void writeSecret(Path file, String text) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    Files.createFile(
        temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(temp, text, StandardCharsets.US_ASCII);
    move(temp, file);
  }

  private static void writeBytes(Path file, byte[] bytes) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(temp, bytes);
    move(temp, file);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
