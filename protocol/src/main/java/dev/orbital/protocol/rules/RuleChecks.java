package dev.orbital.protocol.rules;

/** Range checks for rule fields; the wire widths are the limits. */
final class RuleChecks {

  private RuleChecks() {}

  static void notNull(Object value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
  }

  static void u8(int value, String field) {
    if (value < 0 || value > 0xff) {
      throw new IllegalArgumentException(field + " must be 0..255: " + value);
    }
  }

  static void u16(int value, String field) {
    if (value < 0 || value > 0xffff) {
      throw new IllegalArgumentException(field + " must be 0..65535: " + value);
    }
  }

  static void u32(long value, String field) {
    if (value < 0 || value > 0xffff_ffffL) {
      throw new IllegalArgumentException(field + " must be 0..4294967295: " + value);
    }
  }

  static void tag(long id, long value) {
    u32(id, "id");
    u32(value, "value");
  }
}
