package dev.orbital.protocol.verb;

import dev.orbital.protocol.packet.Verb;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * ECHO (0x08): any payload, answered by OK(ECHO) with a copy of it. Stock nodes send an empty ECHO
 * as the path keepalive to peers of protocol 5 and later.
 */
public record Echo(byte[] payload) implements Message {

  public Echo {
    Objects.requireNonNull(payload, "payload");
  }

  @Override
  public int verbCode() {
    return Verb.ECHO.code();
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
    return other instanceof Echo && Arrays.equals(payload, ((Echo) other).payload);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "Echo[" + Blobs.describe(payload) + "]";
  }
}
