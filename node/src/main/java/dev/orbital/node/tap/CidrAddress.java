package dev.orbital.node.tap;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IP address with a prefix length, as {@code ip} writes it: {@code 10.147.17.5/24}, {@code
 * fd80::1/88}. As an interface address it keeps its host bits; as a route target see {@link
 * #network()}.
 */
public record CidrAddress(InetAddress address, int prefixLength) {

  public CidrAddress {
    if (address == null) {
      throw new IllegalArgumentException("address is required");
    }
    int bits = bits(address);
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException(
          "prefix length of "
              + address.getHostAddress()
              + " must be 0-"
              + bits
              + ": "
              + prefixLength);
    }
  }

  /** Parses {@code address/prefix}; a bare address gets the full-length prefix. Literals only. */
  public static CidrAddress parse(String text) {
    int slash = text.indexOf('/');
    String host = slash < 0 ? text : text.substring(0, slash);
    InetAddress address = literal(host, text);
    int prefix;
    try {
      prefix = slash < 0 ? bits(address) : Integer.parseInt(text.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an address/prefix: " + text, e);
    }
    return new CidrAddress(address, prefix);
  }

  /** Parses an IPv4 or IPv6 literal without ever resolving a name. */
  static InetAddress literal(String host, String context) {
    boolean looksLikeIp =
        !host.isEmpty()
            && (host.indexOf(':') >= 0 || host.matches("[0-9.]+"))
            && !host.contains("%");
    if (!looksLikeIp) {
      throw new IllegalArgumentException("not an IP literal: " + context);
    }
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP literal: " + context, e);
    }
  }

  public boolean isIpv6() {
    return address instanceof Inet6Address;
  }

  /** IPv6 link-local (fe80::/10): the kernel manages these itself. */
  public boolean isLinkLocal() {
    return isIpv6() && address.isLinkLocalAddress();
  }

  /**
   * The same prefix with the host bits cleared: {@code 10.147.17.5/24} gives {@code
   * 10.147.17.0/24}.
   */
  public CidrAddress network() {
    byte[] bytes = address.getAddress();
    for (int i = 0; i < bytes.length; i++) {
      int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
      bytes[i] &= (byte) (0xff00 >>> keep);
    }
    try {
      return new CidrAddress(InetAddress.getByAddress(bytes), prefixLength);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are always an address", e);
    }
  }

  @Override
  public String toString() {
    return address.getHostAddress() + "/" + prefixLength;
  }

  private static int bits(InetAddress address) {
    return address instanceof Inet4Address ? 32 : 128;
  }
}
