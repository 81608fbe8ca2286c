package dev.orbital.controller.network;

import dev.orbital.controller.ipam.IpAddresses;
import dev.orbital.protocol.Address;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/** Typed reads of JSON-shaped values (maps, lists, numbers, strings), failing with the field. */
final class JsonFields {

  static final long U32 = 0xffff_ffffL;

  private JsonFields() {}

  static boolean bool(Object value, String field) {
    if (value instanceof Boolean b) {
      return b;
    }
    throw new ValidationException(field, "must be true or false");
  }

  static String string(Object value, String field) {
    if (value instanceof String s) {
      return s;
    }
    throw new ValidationException(field, "must be a string");
  }

  static long integer(Object value, String field, long min, long max) {
    BigInteger number = asInteger(value);
    if (number == null
        || number.compareTo(BigInteger.valueOf(min)) < 0
        || number.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new ValidationException(field, "must be " + min + ".." + max);
    }
    return number.longValue();
  }

  private static BigInteger asInteger(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return BigInteger.valueOf(((Number) value).longValue());
    }
    if (value instanceof BigInteger b) {
      return b;
    }
    if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      BigDecimal decimal = new BigDecimal(value.toString());
      try {
        return decimal.toBigIntegerExact();
      } catch (ArithmeticException e) {
        return null;
      }
    }
    return null;
  }

  static List<?> list(Object value, String field, int max) {
    if (!(value instanceof List<?> list)) {
      throw new ValidationException(field, "must be an array");
    }
    if (list.size() > max) {
      throw new ValidationException(field, "at most " + max + " entries (got " + list.size() + ")");
    }
    return list;
  }

  static Map<?, ?> object(Object value, String field) {
    if (value instanceof Map<?, ?> map) {
      return map;
    }
    throw new ValidationException(field, "must be an object");
  }

  static InetAddress ip(Object value, String field) {
    if (value instanceof String text) {
      return IpAddresses.parse(text)
          .orElseThrow(() -> new ValidationException(field, "not an IP address"));
    }
    throw new ValidationException(field, "not an IP address");
  }

  /** A remote trace target: null or "" for none, else 10 hex digits. */
  static Address traceTarget(Object value, String field) {
    if (value == null || "".equals(value)) {
      return null;
    }
    if (value instanceof String text && text.length() == 10) {
      try {
        return Address.parse(text);
      } catch (IllegalArgumentException e) {
        throw new ValidationException(field, "must be a 10-digit hex address or null");
      }
    }
    throw new ValidationException(field, "must be a 10-digit hex address or null");
  }
}
