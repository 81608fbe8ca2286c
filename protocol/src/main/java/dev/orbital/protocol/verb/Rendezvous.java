package dev.orbital.protocol.verb;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.packet.Verb;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * RENDEZVOUS (0x05): an upstream tells us where a peer it relays for can be reached directly.
 *
 * <pre>
 * flags(1)=0 address(5) port(2) addressLength(1)=4|16 ip(addressLength)
 * </pre>
 *
 * No reply. A stock node accepts it only from an upstream, and ignores port 0.
 */
public record Rendezvous(int flags, Address peer, IpEndpoint endpoint) implements Message {

  static final int FIXED_LENGTH = 9;

  public Rendezvous {
    Blobs.checkU8(flags, "flags");
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(endpoint, "endpoint");
    if (endpoint.isNone()) {
      throw new IllegalArgumentException("RENDEZVOUS needs an IP endpoint");
    }
  }

  public static Rendezvous of(Address peer, IpEndpoint endpoint) {
    return new Rendezvous(0, peer, endpoint);
  }

  @Override
  public int verbCode() {
    return Verb.RENDEZVOUS.code();
  }

  @Override
  public int encodedLength() {
    return FIXED_LENGTH + endpoint.ip().getAddress().length;
  }

  @Override
  public void write(ByteBuffer out) {
    byte[] ip = endpoint.ip().getAddress();
    out.put((byte) flags);
    peer.write(out);
    out.putShort((short) endpoint.port()).put((byte) ip.length).put(ip);
  }

  static Rendezvous read(WireReader in) throws ProtocolException {
    int flags = in.u8();
    Address peer = in.address();
    int port = in.u16();
    int length = in.u8();
    if (length != 4 && length != 16) {
      throw new ProtocolException("RENDEZVOUS: bad address length " + length);
    }
    return new Rendezvous(flags, peer, IpEndpoint.of(in.bytes(length), port));
  }
}
