package dev.orbital.protocol.verb;

import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.packet.Verb;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * HELLO (0x01), sent with cipher 0 (authenticated, not encrypted) so that a peer that does not know
 * us yet can learn our identity and agree a key.
 *
 * <pre>
 * protoVersion(1) swMajor(1) swMinor(1) swRevision(2) timestamp(8)
 * identity(71)                the sender's public identity
 * destination(1|7|19)         InetAddress this packet is sent TO
 * planetWorldId(8) planetWorldTimestamp(8)
 * ---- cryptField: from here to the end, Salsa20/12-encrypted before armoring ----
 * moonCount(2) moonCount × { worldType(1)=127 worldId(8) worldTimestamp(8) }
 * </pre>
 *
 * This codec works on plaintext: the armor code decrypts the tail from {@link
 * #cryptFieldOffset(byte[], int, int)} before decoding and encrypts it from {@link
 * #cryptFieldOffset()} after encoding. Like a stock receiver, decoding accepts old HELLOs that end
 * after the identity, after the destination, or after the planet; missing fields read as none/0.
 */
public record Hello(
    int protocolVersion,
    int majorVersion,
    int minorVersion,
    int revision,
    long timestamp,
    Identity identity,
    IpEndpoint destination,
    long planetId,
    long planetTimestamp,
    List<Moon> moons)
    implements Message {

  /** World type of a moon in the moon list. */
  public static final int MOON_WORLD_TYPE = 127;

  static final int FIXED_LENGTH = 13;
  static final int PLANET_LENGTH = 16;

  /** Each moon entry takes 17 bytes; no payload holds more than this many. */
  public static final int MAX_MOONS = VerbCodec.MAX_PAYLOAD / Moon.LENGTH;

  /** A moon the sender orbits (or wants to: timestamp 0), so an upstream can send updates. */
  public record Moon(int worldType, long worldId, long timestamp) {

    public static final int LENGTH = 17;

    public Moon {
      Blobs.checkU8(worldType, "world type");
    }

    public static Moon of(long worldId, long timestamp) {
      return new Moon(MOON_WORLD_TYPE, worldId, timestamp);
    }
  }

  public Hello {
    Blobs.checkU8(protocolVersion, "protocol version");
    Blobs.checkU8(majorVersion, "major version");
    Blobs.checkU8(minorVersion, "minor version");
    Blobs.checkU16(revision, "revision");
    identity = Objects.requireNonNull(identity, "identity").toPublic();
    Objects.requireNonNull(destination, "destination");
    moons = List.copyOf(moons);
    if (moons.size() > MAX_MOONS) {
      throw new IllegalArgumentException("too many moons: " + moons.size());
    }
  }

  @Override
  public int verbCode() {
    return Verb.HELLO.code();
  }

  /** Where the encrypted moon list starts in the encoded payload. */
  public int cryptFieldOffset() {
    return FIXED_LENGTH
        + Identity.PUBLIC_BINARY_LENGTH
        + destination.encodedLength()
        + PLANET_LENGTH;
  }

  @Override
  public int encodedLength() {
    return cryptFieldOffset() + 2 + moons.size() * Moon.LENGTH;
  }

  @Override
  public void write(ByteBuffer out) {
    out.put((byte) protocolVersion)
        .put((byte) majorVersion)
        .put((byte) minorVersion)
        .putShort((short) revision)
        .putLong(timestamp);
    identity.write(out);
    destination.write(out);
    out.putLong(planetId).putLong(planetTimestamp).putShort((short) moons.size());
    for (Moon moon : moons) {
      out.put((byte) moon.worldType()).putLong(moon.worldId()).putLong(moon.timestamp());
    }
  }

  /**
   * Where the encrypted tail starts in a received HELLO payload ({@code length} if there is none),
   * counted from {@code offset}. A stock receiver decrypts from the end of the planet fields, or
   * from wherever the clear fields it found end.
   */
  public static int cryptFieldOffset(byte[] payload, int offset, int length)
      throws ProtocolException {
    WireReader in = WireReader.of(payload, offset, length, "HELLO");
    in.skip(FIXED_LENGTH);
    Identity.read(in);
    if (in.hasRemaining()) {
      IpEndpoint.read(in);
    }
    if (in.remaining() >= PLANET_LENGTH) {
      in.skip(PLANET_LENGTH);
    }
    return in.position();
  }

  static Hello read(WireReader in) throws ProtocolException {
    int protocolVersion = in.u8();
    int major = in.u8();
    int minor = in.u8();
    int revision = in.u16();
    long timestamp = in.i64();
    Identity identity = Identity.read(in);
    IpEndpoint destination = in.hasRemaining() ? IpEndpoint.read(in) : IpEndpoint.NONE;
    long planetId = 0;
    long planetTimestamp = 0;
    if (in.remaining() >= PLANET_LENGTH) {
      planetId = in.i64();
      planetTimestamp = in.i64();
    }
    List<Moon> moons = List.of();
    if (in.remaining() >= 2) {
      int count = in.u16();
      WireReader.checkCount(count, MAX_MOONS, "HELLO moon count");
      in.require(count * Moon.LENGTH);
      moons = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        moons.add(new Moon(in.u8(), in.i64(), in.i64()));
      }
    }
    return new Hello(
        protocolVersion,
        major,
        minor,
        revision,
        timestamp,
        identity,
        destination,
        planetId,
        planetTimestamp,
        moons);
  }
}
