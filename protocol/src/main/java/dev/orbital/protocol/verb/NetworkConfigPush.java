package dev.orbital.protocol.verb;

import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.packet.Verb;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * NETWORK_CONFIG (0x0C): a controller pushes a config chunk (the same body as
 * OK(NETWORK_CONFIG_REQUEST), but the chunking and signature fields are mandatory). A member that
 * accepts a whole config answers with {@link OkEcho#configAck} (in-re verb ECHO, a stock quirk).
 */
public record NetworkConfigPush(ConfigChunk chunk) implements Message {

  public NetworkConfigPush {
    Objects.requireNonNull(chunk, "chunk");
    if (chunk.legacy()) {
      throw new IllegalArgumentException("NETWORK_CONFIG needs the full chunk form");
    }
  }

  @Override
  public int verbCode() {
    return Verb.NETWORK_CONFIG.code();
  }

  @Override
  public int encodedLength() {
    return chunk.encodedLength();
  }

  @Override
  public void write(ByteBuffer out) {
    chunk.write(out);
  }

  static NetworkConfigPush read(WireReader in) throws ProtocolException {
    return new NetworkConfigPush(ConfigChunk.read(in, false));
  }
}
