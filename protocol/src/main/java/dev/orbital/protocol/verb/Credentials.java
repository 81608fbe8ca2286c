package dev.orbital.protocol.verb;

import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.netconf.NetworkCredentials;
import dev.orbital.protocol.packet.Verb;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * NETWORK_CREDENTIALS (0x0A): a member's certificates pushed to a peer before frames, or the
 * controller's revocations.
 *
 * <pre>
 * COM* 0x00  capCount(2) Capability*  tagCount(2) Tag*  revCount(2) Revocation*  cooCount(2) COO*
 * </pre>
 */
public record Credentials(NetworkCredentials credentials) implements Message {

  public Credentials {
    Objects.requireNonNull(credentials, "credentials");
  }

  static Credentials read(WireReader in) throws ProtocolException {
    return new Credentials(NetworkCredentials.read(in));
  }

  @Override
  public int verbCode() {
    return Verb.NETWORK_CREDENTIALS.code();
  }

  @Override
  public int encodedLength() {
    return credentials.encodedLength();
  }

  @Override
  public void write(ByteBuffer out) {
    credentials.write(out);
  }
}
