package dev.orbital.protocol.world;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.crypto.C25519;
import dev.orbital.protocol.identity.Identity;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds and signs a moon the way {@code zerotier-idtool initmoon} + {@code genmoon} do: the moon
 * ID defaults to the seed root's address, the signing key is also the key for the next revision,
 * roots are sorted by address, and the timestamp is the caller's "now".
 *
 * <pre>{@code
 * World moon = MoonBuilder.initMoon(seed, WorldSigningKey.generate(random))
 *     .root(seed, List.of(endpoint))
 *     .build(now);
 * }</pre>
 */
public final class MoonBuilder {

  private final WorldSigningKey signingKey;
  private long id;
  private byte[] updatesMustBeSignedBy;
  private final Map<Address, World.Root> roots = new TreeMap<>();

  private MoonBuilder(WorldSigningKey signingKey, long id) {
    this.signingKey = signingKey;
    this.id = id;
    this.updatesMustBeSignedBy = signingKey.publicKey();
  }

  /** A moon seeded by one root with no stable endpoints yet, as {@code initmoon} prints it. */
  public static MoonBuilder initMoon(Identity seed, WorldSigningKey signingKey) {
    return new MoonBuilder(signingKey, seed.address().value()).root(seed, List.of());
  }

  public MoonBuilder id(long moonId) {
    this.id = moonId;
    return this;
  }

  /** The key for the next revision; defaults to the signing key's public half. */
  public MoonBuilder updatesMustBeSignedBy(byte[] publicKey) {
    if (publicKey.length != C25519.PUBLIC_KEY_LENGTH) {
      throw new IllegalArgumentException("update key must be 64 bytes");
    }
    this.updatesMustBeSignedBy = publicKey.clone();
    return this;
  }

  /** Adds a root, or replaces the root with the same address. */
  public MoonBuilder root(Identity identity, List<IpEndpoint> stableEndpoints) {
    roots.put(identity.address(), new World.Root(identity, stableEndpoints));
    return this;
  }

  /** The signed moon, with revision {@code timestamp}. */
  public World build(long timestamp) {
    return World.of(
            WorldType.MOON, id, timestamp, updatesMustBeSignedBy, List.copyOf(roots.values()))
        .sign(signingKey);
  }
}
