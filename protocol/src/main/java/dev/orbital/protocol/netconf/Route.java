package dev.orbital.protocol.netconf;

import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import java.nio.ByteBuffer;

/**
 * A managed route, as carried in the netconf {@code RT} blob.
 *
 * <pre>
 * target(InetAddress, port = prefix bits)  via(InetAddress, or type 0 for "on link")
 * flags(2) metric(2)
 * </pre>
 */
public record Route(IpEndpoint target, IpEndpoint via, int flags, int metric) {

  public Route {
    if (target == null || target.isNone()) {
      throw new IllegalArgumentException("route target must be an IP network");
    }
    via = via == null ? IpEndpoint.NONE : via;
  }

  public int encodedLength() {
    return target.encodedLength() + via.encodedLength() + 4;
  }

  public void write(ByteBuffer out) {
    target.write(out);
    via.write(out);
    out.putShort((short) flags).putShort((short) metric);
  }

  public static Route read(WireReader in) throws ProtocolException {
    IpEndpoint target = IpEndpoint.read(in);
    if (target.isNone()) {
      throw new ProtocolException(in.what() + ": route without a target network");
    }
    return new Route(target, IpEndpoint.read(in), in.u16(), in.u16());
  }
}
