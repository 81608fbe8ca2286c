package dev.orbital.protocol.verb;

import dev.orbital.protocol.packet.Verb;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/** ACK (0x12), a multipath measurement that 1.14.1 ignores on receipt; kept as raw bytes. */
public record Ack(byte[] payload) implements Message {

  public Ack {
    Objects.requireNonNull(payload, "payload");
  }

  @Override
  public int verbCode() {
    return Verb.ACK.code();
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
    return other instanceof Ack && Arrays.equals(payload, ((Ack) other).payload);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "Ack[" + Blobs.describe(payload) + "]";
  }
}
