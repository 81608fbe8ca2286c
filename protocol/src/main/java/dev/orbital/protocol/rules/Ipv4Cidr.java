package dev.orbital.protocol.rules;

/**
 * The value of an IPv4 source/dest match: an address and a prefix length. {@code bits} is the raw
 * byte from the wire (0..255); stock clamps it to 32 only when parsing JSON, so a value above 32 is
 * kept and matched as /32. Text form is CIDR, "10.1.0.0/16".
 */
public record Ipv4Cidr(int address, int bits) {

  public static final int MAX_BITS = 32;

  public Ipv4Cidr {
    RuleChecks.u8(bits, "bits");
  }

  /** Parses "a.b.c.d/n" with n in 0..32; the prefix is required. */
  public static Ipv4Cidr parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("missing /prefix in " + text);
    }
    int bits = IpText.parsePrefix(text.substring(slash + 1), MAX_BITS, text);
    return new Ipv4Cidr(IpText.parseIpv4(text.substring(0, slash), text), bits);
  }

  /**
   * Whether the four bytes at {@code offset} fall in this prefix. As stock, the rule's own host
   * bits are ignored and /0 contains everything.
   */
  public boolean contains(byte[] bytes, int offset) {
    int prefix = Math.min(bits, MAX_BITS);
    if (prefix == 0) {
      return true;
    }
    int other =
        ((bytes[offset] & 0xff) << 24)
            | ((bytes[offset + 1] & 0xff) << 16)
            | ((bytes[offset + 2] & 0xff) << 8)
            | (bytes[offset + 3] & 0xff);
    int shift = MAX_BITS - prefix;
    return (other >>> shift) == (address >>> shift);
  }

  public byte[] addressBytes() {
    return new byte[] {
      (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address
    };
  }

  @Override
  public String toString() {
    return IpText.formatIpv4(address) + "/" + bits;
  }
}
