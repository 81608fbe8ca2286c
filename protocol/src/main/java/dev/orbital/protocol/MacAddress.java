package dev.orbital.protocol;

import java.util.Locale;

/** A 48-bit Ethernet MAC address; six bytes on the wire, "aa:bb:cc:dd:ee:ff" as text. */
public record MacAddress(long value) {

  public static final int LENGTH = 6;
  public static final long MASK = 0xffff_ffff_ffffL;
  public static final MacAddress BROADCAST = new MacAddress(MASK);

  public MacAddress {
    if ((value & ~MASK) != 0) {
      throw new IllegalArgumentException("MAC wider than 48 bits: " + Long.toHexString(value));
    }
  }

  public static MacAddress parse(String text) {
    String hex = text.replace(":", "").replace("-", "");
    if (hex.length() != 12) {
      throw new IllegalArgumentException("MAC must be six hex bytes: " + text);
    }
    try {
      return new MacAddress(Long.parseUnsignedLong(hex, 16));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("MAC must be six hex bytes: " + text, e);
    }
  }

  public static MacAddress read(byte[] bytes, int offset) {
    return new MacAddress(readLong(bytes, offset));
  }

  public static long readLong(byte[] bytes, int offset) {
    long v = 0;
    for (int i = 0; i < LENGTH; i++) {
      v = (v << 8) | (bytes[offset + i] & 0xff);
    }
    return v;
  }

  public static void writeLong(long mac, byte[] bytes, int offset) {
    for (int i = LENGTH - 1; i >= 0; i--) {
      bytes[offset + i] = (byte) mac;
      mac >>>= 8;
    }
  }

  public void write(byte[] bytes, int offset) {
    writeLong(value, bytes, offset);
  }

  public byte[] toBytes() {
    byte[] bytes = new byte[LENGTH];
    write(bytes, 0);
    return bytes;
  }

  public boolean isMulticast() {
    return ((value >>> 40) & 0x01) != 0;
  }

  public boolean isBroadcast() {
    return value == MASK;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(17);
    for (int shift = 40; shift >= 0; shift -= 8) {
      if (shift != 40) {
        text.append(':');
      }
      text.append(String.format(Locale.ROOT, "%02x", (value >>> shift) & 0xff));
    }
    return text.toString();
  }
}
