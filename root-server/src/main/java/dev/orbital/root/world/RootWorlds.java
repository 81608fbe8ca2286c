package dev.orbital.root.world;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.crypto.C25519;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.verb.Hello;
import dev.orbital.protocol.world.World;
import dev.orbital.protocol.world.WorldCodec;
import dev.orbital.protocol.world.WorldSigningKey;
import dev.orbital.protocol.world.WorldType;
import dev.orbital.root.config.RootConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The world this root serves, built and signed from configuration at start, and the rule for which
 * worlds a HELLO's sender lacks. A configuration error throws {@link IllegalArgumentException}
 * naming the key.
 */
public final class RootWorlds {

  /** A generated signing key is kept here when none is configured (mkworld's 128-byte form). */
  public static final String GENERATED_KEY_FILE = "world-signing.c25519";

  private static final HexFormat HEX = HexFormat.of();

  private final World world;
  private final byte[] encoded;
  private final Optional<World> planet;

  public RootWorlds(World world) {
    this(world, Optional.empty());
  }

  /**
   * @param world the world this root serves
   * @param planet for a moon root, the planet whose roots it registers with
   */
  public RootWorlds(World world, Optional<World> planet) {
    this.world = world;
    this.encoded = world.toBytes();
    this.planet = planet;
  }

  /** Builds and signs the configured world, with {@code self} standing for roots without one. */
  public static RootWorlds fromConfig(
      RootConfig.WorldConfig config, Identity self, Path dataDir, SecureRandom random) {
    WorldSigningKey signingKey = signingKey(config, dataDir, random);
    byte[] nextKey =
        config
            .updatesMustBeSignedBy()
            .map(hex -> hexBytes(hex, C25519.PUBLIC_KEY_LENGTH, "world.updates-must-be-signed-by"))
            .orElse(signingKey.publicKey());
    WorldType type =
        config.type() == RootConfig.WorldKind.PLANET ? WorldType.PLANET : WorldType.MOON;
    long id = worldId(config, type, self);
    List<World.Root> roots = new ArrayList<>();
    for (int i = 0; i < config.roots().size(); i++) {
      RootConfig.RootEntry entry = config.roots().get(i);
      String key = "orbital.root.world.roots[" + i + "]";
      Identity identity = entry.identity().map(text -> publicIdentity(text, key)).orElse(self);
      List<IpEndpoint> endpoints = new ArrayList<>();
      for (String endpoint : entry.endpoints()) {
        endpoints.add(parseEndpoint(endpoint, key + ".endpoints"));
      }
      roots.add(new World.Root(identity.toPublic(), endpoints));
    }
    boolean selfListed =
        roots.stream().anyMatch(r -> r.identity().address().equals(self.address()));
    if (!selfListed) {
      throw new IllegalArgumentException(
          "orbital.root.world.roots: this root ("
              + self.address()
              + ") is not among the world's roots; add an entry without identity for it");
    }
    World world = World.of(type, id, config.timestamp(), nextKey, roots).sign(signingKey);
    return new RootWorlds(world, planet(config, type));
  }

  private static Optional<World> planet(RootConfig.WorldConfig config, WorldType type) {
    if (config.planetFile().isEmpty()) {
      return Optional.empty();
    }
    String key = "orbital.root.world.planet-file";
    if (type != WorldType.MOON) {
      throw new IllegalArgumentException(key + ": only a moon root registers with a planet");
    }
    Path file = config.planetFile().get();
    World planet;
    try {
      planet = WorldCodec.decode(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(key + ": cannot read " + file, e);
    } catch (ProtocolException e) {
      throw new IllegalArgumentException(key + ": " + file + ": " + e.getMessage(), e);
    }
    if (planet.type() != WorldType.PLANET) {
      throw new IllegalArgumentException(key + ": " + file + " holds a " + planet.type());
    }
    return Optional.of(planet);
  }

  private static long worldId(RootConfig.WorldConfig config, WorldType type, Identity self) {
    if (type == WorldType.MOON) {
      return config.id().orElse(self.address().value());
    }
    long id =
        config
            .id()
            .orElseThrow(
                () -> new IllegalArgumentException("orbital.root.world.id: a planet needs an ID"));
    if (id == World.EARTH_ID) {
      throw new IllegalArgumentException(
          "orbital.root.world.id: 149604618 is ZeroTier's Earth planet; a private planet needs"
              + " another ID");
    }
    return id;
  }

  private static WorldSigningKey signingKey(
      RootConfig.WorldConfig config, Path dataDir, SecureRandom random) {
    if (config.signingKey().isPresent()) {
      return keyPair(
          hexBytes(config.signingKey().get().strip(), 128, "world.signing-key"),
          "orbital.root.world.signing-key");
    }
    try {
      if (config.signingKeyFile().isPresent()) {
        return readKeyFile(config.signingKeyFile().get(), "orbital.root.world.signing-key-file");
      }
      Path generated = dataDir.resolve(GENERATED_KEY_FILE);
      if (Files.exists(generated)) {
        return readKeyFile(generated, generated.toString());
      }
      WorldSigningKey key = WorldSigningKey.generate(random);
      Files.createDirectories(dataDir);
      Files.createFile(
          generated,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      byte[] raw = new byte[128];
      System.arraycopy(key.publicKey(), 0, raw, 0, 64);
      System.arraycopy(key.privateKey(), 0, raw, 64, 64);
      Files.write(generated, raw);
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the world signing key", e);
    }
  }

  private static WorldSigningKey readKeyFile(Path file, String key) throws IOException {
    byte[] raw = Files.readAllBytes(file);
    if (raw.length != 128) {
      raw = hexBytes(new String(raw, StandardCharsets.US_ASCII).strip(), 128, key);
    }
    return keyPair(raw, key);
  }

  private static WorldSigningKey keyPair(byte[] raw, String key) {
    byte[] publicKey = new byte[64];
    byte[] privateKey = new byte[64];
    System.arraycopy(raw, 0, publicKey, 0, 64);
    System.arraycopy(raw, 64, privateKey, 0, 64);
    try {
      return WorldSigningKey.of(publicKey, privateKey);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }

  private static byte[] hexBytes(String hex, int length, String key) {
    if (hex.length() != 2 * length) {
      throw new IllegalArgumentException(
          "orbital.root." + key + ": expected " + 2 * length + " hex digits, got " + hex.length());
    }
    try {
      return HEX.parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("orbital.root." + key + ": not hex", e);
    }
  }

  private static Identity publicIdentity(String text, String key) {
    try {
      Identity identity = Identity.parse(text).toPublic();
      if (!identity.locallyValidate()) {
        throw new IllegalArgumentException(key + ".identity: the identity does not validate");
      }
      return identity;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ".identity: " + e.getMessage(), e);
    }
  }

  /** Parses {@code ip/port} with a literal IPv4 or IPv6 address (never a host name). */
  public static IpEndpoint parseEndpoint(String text, String key) {
    try {
      return IpEndpoint.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }

  public World world() {
    return world;
  }

  /** For a moon root: the planet whose roots it registers with (HELLO and keepalive). */
  public Optional<World> planet() {
    return planet;
  }

  /** The world's wire form: the content of a {@code planet} or {@code <id>.moon} file. */
  public byte[] encoded() {
    return encoded.clone();
  }

  /** The file name a stock client expects: {@code planet} or {@code <16 hex>.moon}. */
  public String fileName() {
    return world.type() == WorldType.PLANET ? "planet" : String.format("%016x.moon", world.id());
  }

  /** Whether {@code address} is one of this world's roots. */
  public boolean isRoot(Address address) {
    return world.roots().stream().anyMatch(r -> r.identity().address().equals(address));
  }

  /**
   * The worlds a node lacks: ours if the node holds the same world (ID and type) at an older
   * revision, or asks for our moon with timestamp 0 (orbit).
   *
   * @param planetId the node's planet ID
   * @param planetTimestamp its revision
   * @param moons the moons the node orbits, with their revisions (0 = wanted, not yet fetched)
   */
  public Optional<World> updateFor(long planetId, long planetTimestamp, List<Hello.Moon> moons) {
    if (world.type() == WorldType.PLANET) {
      return planetId == world.id() && planetTimestamp < world.timestamp()
          ? Optional.of(world)
          : Optional.empty();
    }
    for (Hello.Moon moon : moons) {
      if (moon.worldId() == world.id() && moon.timestamp() < world.timestamp()) {
        return Optional.of(world);
      }
    }
    return Optional.empty();
  }
}
