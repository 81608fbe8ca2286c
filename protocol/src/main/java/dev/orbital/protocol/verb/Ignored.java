package dev.orbital.protocol.verb;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A verb Orbital reads but does not act on, kept as raw bytes: the multipath verbs ACK (0x12),
 * QOS_MEASUREMENT (0x13) and PATH_NEGOTIATION_REQUEST (0x16), REMOTE_TRACE (0x15) diagnostics, and
 * verb numbers nobody assigned (0x0F, 0x11, 0x17..0x1F). Stock 1.14.1 ignores them too unless it
 * bonds links; an authenticated unknown verb counts like NOP.
 */
public record Ignored(int verbCode, byte[] payload) implements Message {

  public Ignored {
    if (verbCode < 0 || verbCode > VerbCodec.MAX_VERB_CODE) {
      throw new IllegalArgumentException("verb code out of range: " + verbCode);
    }
    Objects.requireNonNull(payload, "payload");
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
    return other instanceof Ignored
        && verbCode == ((Ignored) other).verbCode
        && Arrays.equals(payload, ((Ignored) other).payload);
  }

  @Override
  public int hashCode() {
    return 31 * verbCode + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "Ignored[verb=" + verbCode + ", " + Blobs.describe(payload) + "]";
  }
}
