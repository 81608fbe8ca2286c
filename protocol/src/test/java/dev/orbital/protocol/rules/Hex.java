package dev.orbital.protocol.rules;

import java.util.HexFormat;

/** Annotated hex fixtures: one field per line, "# comment" to the end of a line. */
final class Hex {

  private Hex() {}

  static byte[] bytes(String annotated) {
    StringBuilder digits = new StringBuilder();
    for (String line : annotated.split("\n")) {
      int comment = line.indexOf('#');
      digits.append((comment >= 0 ? line.substring(0, comment) : line).replaceAll("\\s+", ""));
    }
    return HexFormat.of().parseHex(digits);
  }

  static String of(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
