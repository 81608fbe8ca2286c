package dev.orbital.protocol.verb;

import dev.orbital.protocol.packet.Verb;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * OK(ECHO): a copy of the ECHO's payload.
 *
 * <pre>
 * inReVerb(1)=0x08 inRePacketId(8) payload(…)
 * </pre>
 *
 * A quirk of 1.14.1: a node acknowledges a NETWORK_CONFIG push with an OK whose in-re verb is ECHO,
 * not NETWORK_CONFIG, and payload {@code networkId(8) configUpdateId(8)}. The bytes alone cannot
 * tell the two apart; {@link #asConfigAck()} reads the payload as an ack when it has that shape,
 * and the receiver knows from the in-re packet ID which one it was.
 */
public record OkEcho(long inRePacketId, byte[] payload) implements Ok {

  /** The config acknowledgement read from a 16-byte OK(ECHO) payload. */
  public record ConfigAck(long networkId, long configUpdateId) {
    public static final int LENGTH = 16;
  }

  public OkEcho {
    Objects.requireNonNull(payload, "payload");
  }

  /** The OK a node sends after accepting a NETWORK_CONFIG push. */
  public static OkEcho configAck(long inRePacketId, long networkId, long configUpdateId) {
    return new OkEcho(
        inRePacketId,
        ByteBuffer.allocate(ConfigAck.LENGTH).putLong(networkId).putLong(configUpdateId).array());
  }

  /** This payload read as a config ack, if it has that shape. */
  public Optional<ConfigAck> asConfigAck() {
    if (payload.length != ConfigAck.LENGTH) {
      return Optional.empty();
    }
    ByteBuffer in = ByteBuffer.wrap(payload);
    return Optional.of(new ConfigAck(in.getLong(), in.getLong()));
  }

  @Override
  public int inReVerb() {
    return Verb.ECHO.code();
  }

  @Override
  public int encodedLength() {
    return HEADER_LENGTH + payload.length;
  }

  @Override
  public void write(ByteBuffer out) {
    out.put((byte) inReVerb()).putLong(inRePacketId).put(payload);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof OkEcho
        && inRePacketId == ((OkEcho) other).inRePacketId
        && Arrays.equals(payload, ((OkEcho) other).payload);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(inRePacketId) * 31 + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "OkEcho[inRe=" + Long.toHexString(inRePacketId) + ", " + Blobs.describe(payload) + "]";
  }
}
