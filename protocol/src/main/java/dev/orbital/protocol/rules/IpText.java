package dev.orbital.protocol.rules;

import java.util.Locale;

/**
 * Literal-only IP text parsing and printing for rule CIDRs: never a name lookup, and IPv6 printed
 * the way glibc's {@code inet_ntop} prints it (which is what stock's JSON shows).
 */
final class IpText {

  private IpText() {}

  static int parsePrefix(String digits, int max, String whole) {
    if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(IpText::isDigit)) {
      throw new IllegalArgumentException("bad prefix length in " + whole);
    }
    int bits = Integer.parseInt(digits);
    if (bits > max) {
      throw new IllegalArgumentException("prefix length above " + max + " in " + whole);
    }
    return bits;
  }

  static int parseIpv4(String text, String whole) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + whole);
    }
    int address = 0;
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(IpText::isDigit)) {
        throw new IllegalArgumentException("not an IPv4 address: " + whole);
      }
      int octet = Integer.parseInt(part);
      if (octet > 255) {
        throw new IllegalArgumentException("not an IPv4 address: " + whole);
      }
      address = (address << 8) | octet;
    }
    return address;
  }

  /** RFC 4291 text: up to eight hex groups, at most one "::", optionally a dotted IPv4 tail. */
  static byte[] parseIpv6(String text, String whole) {
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      throw new IllegalArgumentException("not an IPv6 address: " + whole);
    }
    int[] head =
        gap < 0
            ? parseGroups(text, true, whole)
            : parseGroups(text.substring(0, gap), false, whole);
    int[] tail = gap < 0 ? new int[0] : parseGroups(text.substring(gap + 2), true, whole);
    int total = head.length + tail.length;
    if (gap < 0 ? total != 8 : total > 7) {
      throw new IllegalArgumentException("not an IPv6 address: " + whole);
    }
    int[] words = new int[8];
    System.arraycopy(head, 0, words, 0, head.length);
    System.arraycopy(tail, 0, words, 8 - tail.length, tail.length);
    byte[] out = new byte[16];
    for (int i = 0; i < 8; i++) {
      out[2 * i] = (byte) (words[i] >>> 8);
      out[2 * i + 1] = (byte) words[i];
    }
    return out;
  }

  private static int[] parseGroups(String text, boolean lastMayBeDotted, String whole) {
    if (text.isEmpty()) {
      return new int[0];
    }
    String[] parts = text.split(":", -1);
    boolean dottedTail = lastMayBeDotted && parts[parts.length - 1].indexOf('.') >= 0;
    int[] words = new int[parts.length + (dottedTail ? 1 : 0)];
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (dottedTail && i == parts.length - 1) {
        int v4 = parseIpv4(part, whole);
        words[i] = v4 >>> 16;
        words[i + 1] = v4 & 0xffff;
      } else if (part.isEmpty()
          || part.length() > 4
          || !part.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        throw new IllegalArgumentException("not an IPv6 address: " + whole);
      } else {
        words[i] = Integer.parseInt(part, 16);
      }
    }
    return words;
  }

  static String formatIpv4(int address) {
    return (address >>> 24)
        + "."
        + ((address >>> 16) & 0xff)
        + "."
        + ((address >>> 8) & 0xff)
        + "."
        + (address & 0xff);
  }

  /**
   * The longest run (first on a tie) of two or more zero groups becomes "::"; an address whose
   * first 96 bits are zero, or an IPv4-mapped one, ends in dotted IPv4, as glibc prints.
   */
  static String formatIpv6(byte[] address) {
    int[] words = new int[8];
    for (int i = 0; i < 8; i++) {
      words[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
    }
    int bestBase = -1;
    int bestLength = 0;
    for (int i = 0; i < 8; ) {
      if (words[i] != 0) {
        i++;
        continue;
      }
      int start = i;
      while (i < 8 && words[i] == 0) {
        i++;
      }
      if (i - start > bestLength) {
        bestBase = start;
        bestLength = i - start;
      }
    }
    if (bestLength < 2) {
      bestBase = -1;
    }
    StringBuilder text = new StringBuilder(45);
    for (int i = 0; i < 8; i++) {
      if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLength) {
        if (i == bestBase) {
          text.append(':');
        }
        continue;
      }
      if (i != 0) {
        text.append(':');
      }
      if (i == 6 && bestBase == 0 && (bestLength == 6 || (bestLength == 5 && words[5] == 0xffff))) {
        text.append(formatIpv4((words[6] << 16) | words[7]));
        break;
      }
      text.append(Integer.toHexString(words[i]).toLowerCase(Locale.ROOT));
    }
    if (bestBase >= 0 && bestBase + bestLength == 8) {
      text.append(':');
    }
    return text.toString();
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }
}
