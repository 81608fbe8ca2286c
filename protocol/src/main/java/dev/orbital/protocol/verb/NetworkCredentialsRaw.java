package dev.orbital.protocol.verb;

import dev.orbital.protocol.packet.Verb;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * NETWORK_CREDENTIALS (0x0A), body not decoded here: the credentials codec reads it.
 *
 * <pre>
 * COM* 0x00  capCount(2) Capability*  tagCount(2) Tag*  revCount(2) Revocation*  cooCount(2) COO*
 * </pre>
 */
public record NetworkCredentialsRaw(byte[] payload) implements Message {

  public NetworkCredentialsRaw {
    Objects.requireNonNull(payload, "payload");
  }

  @Override
  public int verbCode() {
    return Verb.NETWORK_CREDENTIALS.code();
  }

  @Override
  public int encodedLength() {
    return payload.length;
  }

  @Override
  public void write(ByteBuffer out) {
    out.put(payload);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NetworkCredentialsRaw
        && Arrays.equals(payload, ((NetworkCredentialsRaw) other).payload);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "NetworkCredentialsRaw[" + Blobs.describe(payload) + "]";
  }
}
