package dev.orbital.protocol.rules;

/**
 * The value of an IPv6 source/dest match: 128 bits as two big-endian halves and a prefix length
 * ({@code bits} is the raw wire byte, matched as at most /128). Text form is CIDR in the compressed
 * form glibc's {@code inet_ntop} prints, "fd00::/8".
 */
public record Ipv6Cidr(long high, long low, int bits) {

  public static final int MAX_BITS = 128;

  public Ipv6Cidr {
    RuleChecks.u8(bits, "bits");
  }

  public static Ipv6Cidr of(byte[] address, int bits) {
    if (address.length != 16) {
      throw new IllegalArgumentException("IPv6 address must be 16 bytes: " + address.length);
    }
    return new Ipv6Cidr(readLong(address, 0), readLong(address, 8), bits);
  }

  /** Parses "addr/n" with n in 0..128; the prefix is required. */
  public static Ipv6Cidr parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("missing /prefix in " + text);
    }
    int bits = IpText.parsePrefix(text.substring(slash + 1), MAX_BITS, text);
    return of(IpText.parseIpv6(text.substring(0, slash), text), bits);
  }

  /**
   * Whether the 16 bytes at {@code offset} fall in this prefix. Stock masks only the frame's
   * address and compares it with the rule's address as given, so a rule whose host bits are not
   * zero never matches; this keeps that behaviour.
   */
  public boolean contains(byte[] bytes, int offset) {
    int prefix = Math.min(bits, MAX_BITS);
    long maskHigh = prefix >= 64 ? -1L : (prefix == 0 ? 0L : -1L << (64 - prefix));
    long maskLow = prefix <= 64 ? 0L : (prefix == 128 ? -1L : -1L << (128 - prefix));
    return (readLong(bytes, offset) & maskHigh) == high
        && (readLong(bytes, offset + 8) & maskLow) == low;
  }

  public byte[] addressBytes() {
    byte[] out = new byte[16];
    for (int i = 0; i < 8; i++) {
      out[i] = (byte) (high >>> (56 - 8 * i));
      out[8 + i] = (byte) (low >>> (56 - 8 * i));
    }
    return out;
  }

  static long readLong(byte[] bytes, int offset) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (bytes[offset + i] & 0xff);
    }
    return v;
  }

  @Override
  public String toString() {
    return IpText.formatIpv6(addressBytes()) + "/" + bits;
  }
}
