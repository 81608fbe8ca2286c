package dev.orbital.controller.ipam;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;

/**
 * An IP network in CIDR form, {@code 10.147.20.0/24}. The address is kept as written (stock keeps
 * "10.147.20.5/24" too); containment compares the masked bits only.
 */
public record IpNetwork(InetAddress address, int bits) {

  public IpNetwork {
    int max = address instanceof Inet4Address ? 32 : 128;
    if (bits < 0 || bits > max) {
      throw new IllegalArgumentException("prefix length must be 0.." + max + ": " + bits);
    }
  }

  /** Parses {@code ip/bits}; empty if either part is malformed or the prefix is too long. */
  public static Optional<IpNetwork> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    int slash = text.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    Optional<InetAddress> ip = IpAddresses.parse(text.substring(0, slash));
    String digits = text.substring(slash + 1);
    if (ip.isEmpty()
        || digits.isEmpty()
        || digits.length() > 3
        || !digits.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    int bits = Integer.parseInt(digits);
    if (bits > (ip.get() instanceof Inet4Address ? 32 : 128)) {
      return Optional.empty();
    }
    return Optional.of(new IpNetwork(ip.get(), bits));
  }

  public boolean isV4() {
    return address instanceof Inet4Address;
  }

  public boolean contains(InetAddress ip) {
    byte[] mine = address.getAddress();
    byte[] theirs = ip.getAddress();
    if (mine.length != theirs.length) {
      return false;
    }
    int full = bits / 8;
    if (!Arrays.equals(mine, 0, full, theirs, 0, full)) {
      return false;
    }
    int rest = bits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (mine[full] & mask) == (theirs[full] & mask);
  }

  @Override
  public String toString() {
    return IpAddresses.format(address) + "/" + bits;
  }
}
