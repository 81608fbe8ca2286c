package dev.orbital.protocol.verb;

import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.packet.Verb;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * USER_MESSAGE (0x14): an application message over VL1. No reply.
 *
 * <pre>
 * typeId(8) payload(…)     type IDs up to 65535 are reserved for ZeroTier
 * </pre>
 */
public record UserMessage(long typeId, byte[] payload) implements Message {

  public UserMessage {
    Objects.requireNonNull(payload, "payload");
  }

  @Override
  public int verbCode() {
    return Verb.USER_MESSAGE.code();
  }

  @Override
  public int encodedLength() {
    return 8 + payload.length;
  }

  @Override
  public void write(ByteBuffer out) {
    out.putLong(typeId).put(payload);
  }

  static UserMessage read(WireReader in) throws ProtocolException {
    return new UserMessage(in.i64(), in.rest());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof UserMessage
        && typeId == ((UserMessage) other).typeId
        && Arrays.equals(payload, ((UserMessage) other).payload);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(typeId) * 31 + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "UserMessage[type=" + Long.toHexString(typeId) + ", " + Blobs.describe(payload) + "]";
  }
}
