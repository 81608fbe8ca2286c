package dev.orbital.protocol.verb;

import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.packet.Verb;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * OK(HELLO): the responder's versions, how it saw us, and any newer planet or moons.
 *
 * <pre>
 * inReVerb(1)=0x01 inRePacketId(8)
 * timestampEcho(8)             the HELLO's timestamp, for latency
 * protoVersion(1) swMajor(1) swMinor(1) swRevision(2)
 * surface(1|7|19)              InetAddress the HELLO came FROM (our external address)
 * worldUpdatesLength(2) worldUpdates(…)   serialized worlds, decoded by the world codec
 * </pre>
 *
 * Old responders end after the versions or after the surface address; those read as none/empty.
 */
public record OkHello(
    long inRePacketId,
    long timestampEcho,
    int protocolVersion,
    int majorVersion,
    int minorVersion,
    int revision,
    IpEndpoint surface,
    byte[] worldUpdates)
    implements Ok {

  static final int FIXED_LENGTH = 13;

  /** World updates must fit in one packet. */
  public static final int MAX_WORLD_UPDATES_LENGTH = VerbCodec.MAX_PAYLOAD;

  public OkHello {
    Blobs.checkU8(protocolVersion, "protocol version");
    Blobs.checkU8(majorVersion, "major version");
    Blobs.checkU8(minorVersion, "minor version");
    Blobs.checkU16(revision, "revision");
    Objects.requireNonNull(surface, "surface");
    Objects.requireNonNull(worldUpdates, "worldUpdates");
    if (worldUpdates.length > MAX_WORLD_UPDATES_LENGTH) {
      throw new IllegalArgumentException("world updates too long: " + worldUpdates.length);
    }
  }

  @Override
  public int inReVerb() {
    return Verb.HELLO.code();
  }

  @Override
  public int encodedLength() {
    return HEADER_LENGTH + FIXED_LENGTH + surface.encodedLength() + 2 + worldUpdates.length;
  }

  @Override
  public void write(ByteBuffer out) {
    out.put((byte) inReVerb()).putLong(inRePacketId).putLong(timestampEcho);
    out.put((byte) protocolVersion)
        .put((byte) majorVersion)
        .put((byte) minorVersion)
        .putShort((short) revision);
    surface.write(out);
    out.putShort((short) worldUpdates.length).put(worldUpdates);
  }

  static OkHello readBody(long inRePacketId, WireReader in) throws ProtocolException {
    long timestampEcho = in.i64();
    int protocolVersion = in.u8();
    int major = in.u8();
    int minor = in.u8();
    int revision = in.u16();
    IpEndpoint surface = in.hasRemaining() ? IpEndpoint.read(in) : IpEndpoint.NONE;
    byte[] worlds = new byte[0];
    if (in.remaining() >= 2) {
      worlds = in.bytes(in.u16(), MAX_WORLD_UPDATES_LENGTH, "OK(HELLO) world updates length");
    }
    return new OkHello(
        inRePacketId, timestampEcho, protocolVersion, major, minor, revision, surface, worlds);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof OkHello)) {
      return false;
    }
    OkHello that = (OkHello) other;
    return inRePacketId == that.inRePacketId
        && timestampEcho == that.timestampEcho
        && protocolVersion == that.protocolVersion
        && majorVersion == that.majorVersion
        && minorVersion == that.minorVersion
        && revision == that.revision
        && surface.equals(that.surface)
        && Arrays.equals(worldUpdates, that.worldUpdates);
  }

  @Override
  public int hashCode() {
    return Objects.hash(inRePacketId, timestampEcho, surface) * 31 + Arrays.hashCode(worldUpdates);
  }

  @Override
  public String toString() {
    return "OkHello[inRe="
        + Long.toHexString(inRePacketId)
        + ", ts="
        + timestampEcho
        + ", proto="
        + protocolVersion
        + ", ver="
        + majorVersion
        + "."
        + minorVersion
        + "."
        + revision
        + ", surface="
        + surface
        + ", worlds="
        + Blobs.describe(worldUpdates)
        + "]";
  }
}
