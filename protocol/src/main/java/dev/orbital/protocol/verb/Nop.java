package dev.orbital.protocol.verb;

import dev.orbital.protocol.packet.Verb;
import java.nio.ByteBuffer;

/** NOP (0x00): no payload and no reply. Any bytes after the verb are ignored. */
public record Nop() implements Message {

  public static final Nop INSTANCE = new Nop();

  @Override
  public int verbCode() {
    return Verb.NOP.code();
  }

  @Override
  public int encodedLength() {
    return 0;
  }

  @Override
  public void write(ByteBuffer out) {
    // nothing on the wire
  }
}
