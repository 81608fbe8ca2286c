package dev.orbital.protocol.world;

import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.crypto.C25519;
import dev.orbital.protocol.identity.Identity;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes worlds (planets and moons).
 *
 * <pre>
 * type(1)                       1 = planet, 127 = moon
 * id(8)
 * timestamp(8)                  revision
 * updatesMustBeSignedBy(64)     C25519 public key that must sign the NEXT revision
 * signature(96)                 by the PREVIOUS revision's update key, over the to-be-signed form
 * rootCount(1)                  ≤ 4
 *   per root: identity(71, binary public form) endpointCount(1) ≤ 32  InetAddress × endpointCount
 * [moon only] extLen(2) ext(extLen)
 *
 * to-be-signed: 7f×8 ‖ type id timestamp updatesMustBeSignedBy rootCount roots… ‖ [moon: 00 00] ‖ f7×8
 * </pre>
 *
 * As in stock, the to-be-signed form of a moon always has an empty extension, whatever the moon
 * carries: the extension is not covered by the signature.
 */
public final class WorldCodec {

  /** ZT_WORLD_MAX_SERIALIZED_LENGTH: no valid world is longer. */
  public static final int MAX_SERIALIZED_LENGTH =
      (1024 + 32 * World.MAX_STABLE_ENDPOINTS) * World.MAX_ROOTS
          + C25519.PUBLIC_KEY_LENGTH
          + C25519.SIGNATURE_LENGTH
          + 128;

  public static final int MAX_EXTENSION_LENGTH = MAX_SERIALIZED_LENGTH;

  private static final int HEAD_LENGTH = 1 + 8 + 8 + C25519.PUBLIC_KEY_LENGTH;
  private static final int MARKER_LENGTH = 8;
  private static final byte SIGN_PREFIX = 0x7f;
  private static final byte SIGN_SUFFIX = (byte) 0xf7;

  private WorldCodec() {}

  /** Decodes one world that fills {@code bytes} exactly (a planet or .moon file). */
  public static World decode(byte[] bytes) throws ProtocolException {
    WireReader in = WireReader.of(bytes, "world");
    World world = read(in);
    in.requireEnd();
    return world;
  }

  /** Reads one world from {@code in}, leaving any bytes after it. */
  public static World read(WireReader in) throws ProtocolException {
    int typeCode = in.u8();
    WorldType type = WorldType.of(typeCode);
    if (type == null) {
      throw new ProtocolException(in.what() + ": unknown world type " + typeCode);
    }
    long id = in.i64();
    long timestamp = in.i64();
    byte[] updateKey = in.bytes(C25519.PUBLIC_KEY_LENGTH);
    byte[] signature = in.bytes(C25519.SIGNATURE_LENGTH);
    int rootCount = in.u8();
    WireReader.checkCount(rootCount, World.MAX_ROOTS, in.what() + ": world root count");
    List<World.Root> roots = new ArrayList<>(rootCount);
    for (int i = 0; i < rootCount; i++) {
      Identity identity = Identity.read(in);
      int endpointCount = in.u8();
      WireReader.checkCount(
          endpointCount, World.MAX_STABLE_ENDPOINTS, in.what() + ": root stable endpoint count");
      List<IpEndpoint> endpoints = new ArrayList<>(endpointCount);
      for (int k = 0; k < endpointCount; k++) {
        endpoints.add(IpEndpoint.read(in));
      }
      roots.add(new World.Root(identity, endpoints));
    }
    byte[] extension = new byte[0];
    if (type == WorldType.MOON) {
      extension = in.bytes(in.u16(), MAX_EXTENSION_LENGTH, in.what() + ": moon extension length");
    }
    return new World(type, id, timestamp, updateKey, signature, roots, extension);
  }

  public static void write(World world, ByteBuffer out) {
    writeHead(world, out);
    out.put(world.rawSignature());
    writeRoots(world, out);
    if (world.type() == WorldType.MOON) {
      out.putShort((short) world.rawExtension().length).put(world.rawExtension());
    }
  }

  public static byte[] encode(World world) {
    ByteBuffer out = ByteBuffer.allocate(encodedLength(world));
    write(world, out);
    return out.array();
  }

  public static int encodedLength(World world) {
    int length = HEAD_LENGTH + C25519.SIGNATURE_LENGTH + rootsLength(world);
    if (world.type() == WorldType.MOON) {
      length += 2 + world.rawExtension().length;
    }
    return length;
  }

  /** The bytes the update key signs: see the class comment. */
  public static byte[] signingInput(World world) {
    int length = 2 * MARKER_LENGTH + HEAD_LENGTH + rootsLength(world);
    if (world.type() == WorldType.MOON) {
      length += 2;
    }
    ByteBuffer out = ByteBuffer.allocate(length);
    putMarker(out, SIGN_PREFIX);
    writeHead(world, out);
    writeRoots(world, out);
    if (world.type() == WorldType.MOON) {
      out.putShort((short) 0);
    }
    putMarker(out, SIGN_SUFFIX);
    return out.array();
  }

  private static void putMarker(ByteBuffer out, byte marker) {
    for (int i = 0; i < MARKER_LENGTH; i++) {
      out.put(marker);
    }
  }

  private static void writeHead(World world, ByteBuffer out) {
    out.put((byte) world.type().code()).putLong(world.id()).putLong(world.timestamp());
    out.put(world.rawUpdateKey());
  }

  private static void writeRoots(World world, ByteBuffer out) {
    out.put((byte) world.roots().size());
    for (World.Root root : world.roots()) {
      root.identity().write(out);
      out.put((byte) root.stableEndpoints().size());
      for (IpEndpoint endpoint : root.stableEndpoints()) {
        endpoint.write(out);
      }
    }
  }

  private static int rootsLength(World world) {
    int length = 1;
    for (World.Root root : world.roots()) {
      length += Identity.PUBLIC_BINARY_LENGTH + 1;
      for (IpEndpoint endpoint : root.stableEndpoints()) {
        length += endpoint.encodedLength();
      }
    }
    return length;
  }
}
