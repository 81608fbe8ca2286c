package dev.orbital.protocol.verb;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A verb number this implementation does not know (0x0F, 0x11, 0x17..0x1F). A stock node treats an
 * authenticated unknown verb like NOP; so do we, after counting it.
 */
public record Unknown(int verbCode, byte[] payload) implements Message {

  public Unknown {
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
    return other instanceof Unknown
        && verbCode == ((Unknown) other).verbCode
        && Arrays.equals(payload, ((Unknown) other).payload);
  }

  @Override
  public int hashCode() {
    return 31 * verbCode + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "Unknown[verb=" + verbCode + ", " + Blobs.describe(payload) + "]";
  }
}
