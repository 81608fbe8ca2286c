package dev.orbital.protocol.verb;

import dev.orbital.protocol.packet.Verb;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/** PATH_NEGOTIATION_REQUEST (0x16), {@code utility(2)} used only for bonding; kept as raw bytes. */
public record PathNegotiationRequest(byte[] payload) implements Message {

  public PathNegotiationRequest {
    Objects.requireNonNull(payload, "payload");
  }

  @Override
  public int verbCode() {
    return Verb.PATH_NEGOTIATION_REQUEST.code();
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
    return other instanceof PathNegotiationRequest
        && Arrays.equals(payload, ((PathNegotiationRequest) other).payload);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "PathNegotiationRequest[" + Blobs.describe(payload) + "]";
  }
}
