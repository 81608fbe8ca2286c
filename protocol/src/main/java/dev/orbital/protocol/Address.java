package dev.orbital.protocol;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * A 40-bit ZeroTier address, the last five bytes of an identity's memory-hard hash. On the wire it
 * is five bytes big-endian; as text it is ten lowercase hex digits.
 */
public record Address(long value) implements Comparable<Address> {

  public static final int LENGTH = 5;
  public static final long MASK = 0xff_ffff_ffffL;

  /** 0xff in the top byte is reserved: byte 13 of a datagram being 0xff marks a fragment. */
  public static final int RESERVED_PREFIX = 0xff;

  public Address {
    if ((value & ~MASK) != 0) {
      throw new IllegalArgumentException("address wider than 40 bits: " + Long.toHexString(value));
    }
  }

  public static Address parse(String hex) {
    if (hex == null || hex.length() != 10) {
      throw new IllegalArgumentException("address must be 10 hex digits: " + hex);
    }
    try {
      return new Address(Long.parseUnsignedLong(hex, 16));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("address must be 10 hex digits: " + hex, e);
    }
  }

  /** Reads five bytes at {@code offset}, big-endian. */
  public static Address read(byte[] bytes, int offset) {
    return new Address(readLong(bytes, offset));
  }

  public static long readLong(byte[] bytes, int offset) {
    return ((bytes[offset] & 0xffL) << 32)
        | ((bytes[offset + 1] & 0xffL) << 24)
        | ((bytes[offset + 2] & 0xffL) << 16)
        | ((bytes[offset + 3] & 0xffL) << 8)
        | (bytes[offset + 4] & 0xffL);
  }

  public static void writeLong(long address, byte[] bytes, int offset) {
    bytes[offset] = (byte) (address >>> 32);
    bytes[offset + 1] = (byte) (address >>> 24);
    bytes[offset + 2] = (byte) (address >>> 16);
    bytes[offset + 3] = (byte) (address >>> 8);
    bytes[offset + 4] = (byte) address;
  }

  public static Address read(ByteBuffer buffer) {
    long high = buffer.get() & 0xffL;
    return new Address((high << 32) | (buffer.getInt() & 0xffff_ffffL));
  }

  public void write(ByteBuffer buffer) {
    buffer.put((byte) (value >>> 32)).putInt((int) value);
  }

  public void write(byte[] bytes, int offset) {
    writeLong(value, bytes, offset);
  }

  public byte[] toBytes() {
    byte[] bytes = new byte[LENGTH];
    write(bytes, 0);
    return bytes;
  }

  /** Zero and anything beginning 0xff can never be a node's address. */
  public boolean isReserved() {
    return value == 0 || (value >>> 32) == RESERVED_PREFIX;
  }

  @Override
  public int compareTo(Address other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%010x", value);
  }
}
