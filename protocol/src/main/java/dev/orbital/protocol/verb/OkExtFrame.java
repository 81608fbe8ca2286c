package dev.orbital.protocol.verb;

import dev.orbital.protocol.packet.Verb;
import java.nio.ByteBuffer;

/**
 * OK(EXT_FRAME): the ACK an EXT_FRAME with flag 0x10 asks for.
 *
 * <pre>
 * inReVerb(1)=0x07 inRePacketId(8) networkId(8)
 * </pre>
 */
public record OkExtFrame(long inRePacketId, long networkId) implements Ok {

  @Override
  public int inReVerb() {
    return Verb.EXT_FRAME.code();
  }

  @Override
  public int encodedLength() {
    return HEADER_LENGTH + 8;
  }

  @Override
  public void write(ByteBuffer out) {
    out.put((byte) inReVerb()).putLong(inRePacketId).putLong(networkId);
  }
}
