package dev.orbital.protocol.verb;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * An OK whose in-re verb this codec does not give a body to (none is sent by stock nodes besides
 * the ones with their own records); the body is kept as bytes.
 *
 * <pre>
 * inReVerb(1) inRePacketId(8) body(…)
 * </pre>
 */
public record OkUnknown(int inReVerb, long inRePacketId, byte[] body) implements Ok {

  public OkUnknown {
    Blobs.checkU8(inReVerb, "in-re verb");
    Objects.requireNonNull(body, "body");
  }

  @Override
  public int encodedLength() {
    return HEADER_LENGTH + body.length;
  }

  @Override
  public void write(ByteBuffer out) {
    out.put((byte) inReVerb).putLong(inRePacketId).put(body);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof OkUnknown
        && inReVerb == ((OkUnknown) other).inReVerb
        && inRePacketId == ((OkUnknown) other).inRePacketId
        && Arrays.equals(body, ((OkUnknown) other).body);
  }

  @Override
  public int hashCode() {
    return (inReVerb * 31 + Long.hashCode(inRePacketId)) * 31 + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "OkUnknown[inReVerb="
        + inReVerb
        + ", inRe="
        + Long.toHexString(inRePacketId)
        + ", "
        + Blobs.describe(body)
        + "]";
  }
}
