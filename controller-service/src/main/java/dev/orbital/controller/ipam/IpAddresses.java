package dev.orbital.controller.ipam;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * IP address text as the controller JSON writes it: dotted IPv4, RFC 5952 IPv6 (lowercase, the
 * longest zero run compressed), as {@code inet_ntop} prints it. Parsing never resolves names.
 */
public final class IpAddresses {

  private IpAddresses() {}

  /** The address written in {@code text}, or empty if it is not a literal IPv4 or IPv6 address. */
  public static Optional<InetAddress> parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 45) {
      return Optional.empty();
    }
    if (text.indexOf(':') < 0) {
      byte[] v4 = parseIpv4(text);
      return v4 == null ? Optional.empty() : Optional.of(fromBytes(v4));
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
        return Optional.empty();
      }
    }
    try {
      // A literal of hex digits, colons and dots: the JDK parses it without any lookup.
      return Optional.of(InetAddress.getByName(text));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static byte[] parseIpv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
        return null;
      }
      int value = Integer.parseInt(part);
      if (value > 255) {
        return null;
      }
      out[i] = (byte) value;
    }
    return out;
  }

  public static InetAddress fromBytes(byte[] raw) {
    try {
      return InetAddress.getByAddress(raw);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("IP address must be 4 or 16 bytes: " + raw.length, e);
    }
  }

  /** IPv4 as an unsigned 32-bit number. */
  public static long toLong(Inet4Address ip) {
    byte[] b = ip.getAddress();
    return ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
  }

  public static Inet4Address ipv4(long value) {
    return (Inet4Address)
        fromBytes(
            new byte[] {
              (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
            });
  }

  public static String format(InetAddress ip) {
    if (ip instanceof Inet6Address) {
      return formatIpv6(ip.getAddress());
    }
    return ip.getHostAddress();
  }

  private static String formatIpv6(byte[] raw) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((raw[2 * i] & 0xff) << 8) | (raw[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }
}
