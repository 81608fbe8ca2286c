package dev.orbital.protocol.verb;

import java.util.HexFormat;

/** Text for byte arrays held by messages: the length and the first bytes in hex. */
final class Blobs {

  private static final int SHOWN = 16;
  private static final HexFormat HEX = HexFormat.of();

  private Blobs() {}

  static String describe(byte[] bytes) {
    if (bytes == null) {
      return "none";
    }
    String hex = HEX.formatHex(bytes, 0, Math.min(bytes.length, SHOWN));
    return bytes.length + "B[" + hex + (bytes.length > SHOWN ? "…" : "") + "]";
  }

  static void checkU8(int value, String field) {
    check(value, 0xff, field);
  }

  static void checkU16(int value, String field) {
    check(value, 0xffff, field);
  }

  static void checkU32(long value, String field) {
    if (value < 0 || value > 0xffff_ffffL) {
      throw new IllegalArgumentException(field + " out of range: " + value);
    }
  }

  private static void check(int value, int max, String field) {
    if (value < 0 || value > max) {
      throw new IllegalArgumentException(field + " out of range: " + value);
    }
  }
}
