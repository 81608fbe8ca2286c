package dev.orbital.protocol.verb;

import dev.orbital.protocol.packet.Verb;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * QOS_MEASUREMENT (0x13), repeated {@code packetId(8) sojournTime(2)} used only for bonding; kept
 * as raw bytes.
 */
public record QosMeasurement(byte[] payload) implements Message {

  public QosMeasurement {
    Objects.requireNonNull(payload, "payload");
  }

  @Override
  public int verbCode() {
    return Verb.QOS_MEASUREMENT.code();
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
    return other instanceof QosMeasurement
        && Arrays.equals(payload, ((QosMeasurement) other).payload);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "QosMeasurement[" + Blobs.describe(payload) + "]";
  }
}
