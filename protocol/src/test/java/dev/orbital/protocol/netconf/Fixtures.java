package dev.orbital.protocol.netconf;

import dev.orbital.protocol.conformance.Corpus;
import dev.orbital.protocol.identity.Identity;
import java.util.HexFormat;

/** Corpus identities and annotated hex for the netconf tests. */
final class Fixtures {

  static final long NWID = 0xe7745d5aa3c51defL;

  private Fixtures() {}

  /** A = root/controller e7745d5aa3, B = 3a77b41ec3, C = a4c90e16e5, D = 3b9f8c5447. */
  static Identity corpusIdentity(String name) {
    return Corpus.identity(name);
  }

  /** Hex with one field per line; text after '#' and all whitespace are ignored. */
  static byte[] hex(String... lines) {
    StringBuilder digits = new StringBuilder();
    for (String line : lines) {
      int comment = line.indexOf('#');
      digits.append((comment < 0 ? line : line.substring(0, comment)).replaceAll("\\s", ""));
    }
    return HexFormat.of().parseHex(digits.toString());
  }

  static String toHex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
