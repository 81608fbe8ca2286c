package dev.orbital.protocol.verb;

import dev.orbital.protocol.packet.Verb;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * OK(NETWORK_CONFIG_REQUEST): one config chunk; a large config takes one OK per chunk.
 *
 * <pre>
 * inReVerb(1)=0x0b inRePacketId(8) chunk(…)   see {@link ConfigChunk}; may be the legacy form
 * </pre>
 */
public record OkNetworkConfigRequest(long inRePacketId, ConfigChunk chunk) implements Ok {

  public OkNetworkConfigRequest {
    Objects.requireNonNull(chunk, "chunk");
  }

  @Override
  public int inReVerb() {
    return Verb.NETWORK_CONFIG_REQUEST.code();
  }

  @Override
  public int encodedLength() {
    return HEADER_LENGTH + chunk.encodedLength();
  }

  @Override
  public void write(ByteBuffer out) {
    out.put((byte) inReVerb()).putLong(inRePacketId);
    chunk.write(out);
  }
}
