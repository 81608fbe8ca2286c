package dev.orbital.relay.policy;

import java.util.HexFormat;

/** ZeroTier headers as a relay client sends them (spec §4.1, §4.3), annotated field by field. */
final class TestPackets {

  private TestPackets() {}

  /** A packet header and a verb, from {@code from} to {@code to}. */
  static byte[] packet(long to, long from) {
    return HexFormat.of()
        .parseHex(
            "0102030405060708" // packet ID
                + String.format("%010x", to) // destination
                + String.format("%010x", from) // source
                + "00" // flags, cipher, hops
                + "0000000000000000" // MAC
                + "08"); // verb ECHO
  }

  /** A fragment (no source field) to {@code to}. */
  static byte[] fragment(long to) {
    return HexFormat.of()
        .parseHex(
            "0102030405060708" // packet ID
                + String.format("%010x", to) // destination
                + "ff" // fragment indicator
                + "21" // 2 fragments, this is number 1
                + "00" // hops
                + "aabbccdd"); // fragment data
  }
}
