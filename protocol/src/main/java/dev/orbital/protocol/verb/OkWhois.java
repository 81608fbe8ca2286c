package dev.orbital.protocol.verb;

import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.packet.Verb;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * OK(WHOIS): public identities, one after another.
 *
 * <pre>
 * inReVerb(1)=0x04 inRePacketId(8) identity(71) [identity(71) …]
 * </pre>
 *
 * A stock 1.14.1 node reads only the first and accepts it only from an upstream (root or moon); we
 * decode them all.
 */
public record OkWhois(long inRePacketId, List<Identity> identities) implements Ok {

  public static final int MAX_IDENTITIES = VerbCodec.MAX_PAYLOAD / Identity.PUBLIC_BINARY_LENGTH;

  public OkWhois {
    identities = identities.stream().map(Identity::toPublic).toList();
    if (identities.size() > MAX_IDENTITIES) {
      throw new IllegalArgumentException("too many identities: " + identities.size());
    }
  }

  @Override
  public int inReVerb() {
    return Verb.WHOIS.code();
  }

  @Override
  public int encodedLength() {
    return HEADER_LENGTH + identities.size() * Identity.PUBLIC_BINARY_LENGTH;
  }

  @Override
  public void write(ByteBuffer out) {
    out.put((byte) inReVerb()).putLong(inRePacketId);
    for (Identity identity : identities) {
      identity.write(out);
    }
  }

  static OkWhois readBody(long inRePacketId, WireReader in) throws ProtocolException {
    List<Identity> identities = new ArrayList<>();
    while (in.hasRemaining()) {
      WireReader.checkCount(identities.size() + 1L, MAX_IDENTITIES, "OK(WHOIS) identity count");
      identities.add(Identity.read(in));
    }
    return new OkWhois(inRePacketId, identities);
  }
}
