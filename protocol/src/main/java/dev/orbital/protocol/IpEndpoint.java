package dev.orbital.protocol;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * ZeroTier's serialized InetAddress: an IP and a 16-bit "port". In network configs (static IPs,
 * routes) the port field holds the netmask bit count instead.
 *
 * <pre>
 * type(1)  0 = none (1 byte in all)
 *          4 = ip(4) port(2)
 *          6 = ip(16) port(2)
 *          1, 2 = skipped as 7 bytes in all; 3 = len(2) data(len)   (forward compatibility)
 * </pre>
 *
 * {@code ip} is null for the "none" form.
 */
public record IpEndpoint(InetAddress ip, int port) {

  public static final IpEndpoint NONE = new IpEndpoint(null, 0);
  public static final int MAX_LENGTH = 19;

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  public IpEndpoint {
    if (port < 0 || port > 0xffff) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  public static IpEndpoint of(InetSocketAddress socketAddress) {
    return new IpEndpoint(socketAddress.getAddress(), socketAddress.getPort());
  }

  public boolean isNone() {
    return ip == null;
  }

  public boolean isV4() {
    return ip instanceof Inet4Address;
  }

  public boolean isV6() {
    return ip instanceof Inet6Address;
  }

  public InetSocketAddress toSocketAddress() {
    return new InetSocketAddress(ip, port);
  }

  /** Bytes this endpoint takes on the wire. */
  public int encodedLength() {
    return isNone() ? 1 : 1 + ip.getAddress().length + 2;
  }

  public void write(ByteBuffer out) {
    if (isNone()) {
      out.put((byte) 0);
      return;
    }
    byte[] raw = ip.getAddress();
    out.put((byte) (raw.length == 4 ? 4 : 6)).put(raw).putShort((short) port);
  }

  public static IpEndpoint read(WireReader in) throws ProtocolException {
    int type = in.u8();
    switch (type) {
      case 0:
        return NONE;
      case 4:
        return new IpEndpoint(address(in.bytes(4)), in.u16());
      case 6:
        return new IpEndpoint(address(in.bytes(16)), in.u16());
      case 1:
      case 2:
        in.skip(6);
        return NONE;
      case 3:
        in.skip(in.u16());
        return NONE;
      default:
        throw new ProtocolException(in.what() + ": unknown address type " + type);
    }
  }

  private static InetAddress address(byte[] raw) {
    try {
      // getByAddress turns an IPv4-mapped IPv6 address into an Inet4Address; ZeroTier keeps it v6.
      if (raw.length == 16) {
        return Inet6Address.getByAddress(null, raw, -1);
      }
      return InetAddress.getByAddress(raw);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("raw address of length " + raw.length, e);
    }
  }

  /** An endpoint from raw address bytes (4 or 16) and a port. */
  public static IpEndpoint of(byte[] raw, int port) {
    if (raw.length != 4 && raw.length != 16) {
      throw new IllegalArgumentException("IP address must be 4 or 16 bytes: " + raw.length);
    }
    return new IpEndpoint(address(Arrays.copyOf(raw, raw.length)), port);
  }

  /**
   * Parses {@code ip/port}, the form {@link #toString} writes (and config files and presence
   * records use), with a literal IPv4 or IPv6 address: never a host name, so never a lookup.
   */
  public static IpEndpoint parse(String text) {
    int slash = text.lastIndexOf('/');
    String ip = slash < 0 ? "" : text.substring(0, slash).strip();
    if (!IPV4.matcher(ip).matches() && !IPV6.matcher(ip).matches()) {
      throw new IllegalArgumentException("'" + text + "' is not ip/port with a literal IP address");
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(slash + 1).strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' has no numeric port", e);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("'" + text + "' port out of range");
    }
    try {
      // A literal (checked above): getByName parses it without a lookup.
      return new IpEndpoint(InetAddress.getByName(ip), port);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address", e);
    }
  }

  @Override
  public String toString() {
    return isNone() ? "none" : ip.getHostAddress() + "/" + port;
  }
}
