package dev.orbital.protocol.verb;

import dev.orbital.protocol.packet.Verb;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * REMOTE_TRACE (0x15): NUL-terminated diagnostic dictionaries, which we ignore; kept as raw bytes.
 */
public record RemoteTrace(byte[] payload) implements Message {

  public RemoteTrace {
    Objects.requireNonNull(payload, "payload");
  }

  @Override
  public int verbCode() {
    return Verb.REMOTE_TRACE.code();
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
    return other instanceof RemoteTrace && Arrays.equals(payload, ((RemoteTrace) other).payload);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "RemoteTrace[" + Blobs.describe(payload) + "]";
  }
}
