package dev.orbital.protocol.world;

import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.crypto.C25519;
import dev.orbital.protocol.identity.Identity;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A world: the signed list of roots (planet or moon) nodes use as upstreams. Each revision names
 * the key that must sign the next one. Encoding and the signed form are in {@link WorldCodec}.
 */
public final class World {

  /** ZT_WORLD_MAX_ROOTS. */
  public static final int MAX_ROOTS = 4;

  /** ZT_WORLD_MAX_STABLE_ENDPOINTS_PER_ROOT. */
  public static final int MAX_STABLE_ENDPOINTS = 32;

  /** The world ID of ZeroTier's public planet, Earth. A private planet must use another. */
  public static final long EARTH_ID = 149604618L;

  /**
   * A root and the only endpoints nodes accept for it (when the list is not empty).
   *
   * @param identity the root's public identity
   * @param stableEndpoints at most {@link #MAX_STABLE_ENDPOINTS}
   */
  public record Root(Identity identity, List<IpEndpoint> stableEndpoints) {

    public Root {
      identity = Objects.requireNonNull(identity, "identity").toPublic();
      stableEndpoints = List.copyOf(stableEndpoints);
      if (stableEndpoints.size() > MAX_STABLE_ENDPOINTS) {
        throw new IllegalArgumentException(
            "a root has at most 32 stable endpoints: " + stableEndpoints.size());
      }
    }
  }

  private final WorldType type;
  private final long id;
  private final long timestamp;
  private final byte[] updatesMustBeSignedBy;
  private final byte[] signature;
  private final List<Root> roots;
  private final byte[] extension;

  World(
      WorldType type,
      long id,
      long timestamp,
      byte[] updatesMustBeSignedBy,
      byte[] signature,
      List<Root> roots,
      byte[] extension) {
    this.type = Objects.requireNonNull(type, "type");
    if (updatesMustBeSignedBy.length != C25519.PUBLIC_KEY_LENGTH) {
      throw new IllegalArgumentException("update key must be 64 bytes");
    }
    if (signature.length != C25519.SIGNATURE_LENGTH) {
      throw new IllegalArgumentException("signature must be 96 bytes");
    }
    if (roots.size() > MAX_ROOTS) {
      throw new IllegalArgumentException("a world has at most 4 roots: " + roots.size());
    }
    if (type != WorldType.MOON && extension.length != 0) {
      throw new IllegalArgumentException("only moons carry an extension");
    }
    if (extension.length > WorldCodec.MAX_EXTENSION_LENGTH) {
      throw new IllegalArgumentException("extension too long: " + extension.length);
    }
    this.id = id;
    this.timestamp = timestamp;
    this.updatesMustBeSignedBy = updatesMustBeSignedBy.clone();
    this.signature = signature.clone();
    this.roots = List.copyOf(roots);
    this.extension = extension.clone();
  }

  /**
   * An unsigned world (all-zero signature). {@link #sign} it with the previous revision's update
   * key, or, for a first revision, with any key: the first world a node loads is not checked.
   *
   * @param updatesMustBeSignedBy the public key (64 bytes) that must sign the next revision
   */
  public static World of(
      WorldType type, long id, long timestamp, byte[] updatesMustBeSignedBy, List<Root> roots) {
    return new World(
        type,
        id,
        timestamp,
        updatesMustBeSignedBy,
        new byte[C25519.SIGNATURE_LENGTH],
        roots,
        new byte[0]);
  }

  /** A copy signed with {@code key} over the to-be-signed form. */
  public World sign(WorldSigningKey key) {
    return new World(
        type,
        id,
        timestamp,
        updatesMustBeSignedBy,
        key.sign(WorldCodec.signingInput(this)),
        roots,
        extension);
  }

  /** True if the signature over the to-be-signed form was made by this public key. */
  public boolean verifySignature(byte[] signingPublicKey) {
    return C25519.verify(signingPublicKey, WorldCodec.signingInput(this), signature);
  }

  /**
   * Whether a node holding {@code current} (null if none) takes {@code candidate}: always when
   * nothing is loaded (the first world is accepted unsigned); otherwise only a candidate with the
   * same ID and type, a higher timestamp, and a valid signature by current's {@link
   * #updatesMustBeSignedBy()} key.
   */
  public static boolean shouldReplace(World current, World candidate) {
    if (current == null) {
      return true;
    }
    return current.id == candidate.id
        && current.type == candidate.type
        && current.timestamp < candidate.timestamp
        && candidate.verifySignature(current.updatesMustBeSignedBy);
  }

  public static World read(WireReader in) throws ProtocolException {
    return WorldCodec.read(in);
  }

  public byte[] toBytes() {
    return WorldCodec.encode(this);
  }

  /** Writes the wire form into {@code out}. */
  public void write(ByteBuffer out) {
    WorldCodec.write(this, out);
  }

  public int encodedLength() {
    return WorldCodec.encodedLength(this);
  }

  public WorldType type() {
    return type;
  }

  public long id() {
    return id;
  }

  /** The revision: a higher timestamp replaces a lower one. */
  public long timestamp() {
    return timestamp;
  }

  /** The C25519 public key (64 bytes) that must sign the next revision. */
  public byte[] updatesMustBeSignedBy() {
    return updatesMustBeSignedBy.clone();
  }

  public byte[] signature() {
    return signature.clone();
  }

  public List<Root> roots() {
    return roots;
  }

  /** A moon's extension bytes (stock writes none); always empty for a planet. */
  public byte[] extension() {
    return extension.clone();
  }

  byte[] rawUpdateKey() {
    return updatesMustBeSignedBy;
  }

  byte[] rawSignature() {
    return signature;
  }

  byte[] rawExtension() {
    return extension;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof World w
        && type == w.type
        && id == w.id
        && timestamp == w.timestamp
        && Arrays.equals(updatesMustBeSignedBy, w.updatesMustBeSignedBy)
        && Arrays.equals(signature, w.signature)
        && roots.equals(w.roots)
        && Arrays.equals(extension, w.extension);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, id, timestamp, roots);
  }

  @Override
  public String toString() {
    return "World["
        + type
        + " id="
        + Long.toUnsignedString(id, 16)
        + " ts="
        + timestamp
        + " roots="
        + roots.stream().map(r -> r.identity().address().toString()).toList()
        + " next="
        + HexFormat.of().formatHex(updatesMustBeSignedBy, 32, 40)
        + "...]";
  }
}
