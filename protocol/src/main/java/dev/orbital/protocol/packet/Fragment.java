package dev.orbital.protocol.packet;

import dev.orbital.protocol.Address;

/**
 * Static accessors for a fragment: a datagram carrying part 1..n-1 of a packet too long for one
 * physical MTU (the head, part 0, is the packet's first {@code mtu} bytes with FRAGMENTED set).
 *
 * <pre>
 * offset len field
 *  0      8  packet ID of the whole packet (the same bytes as the head's ID/IV field)
 *  8      5  destination address
 * 13      1  0xff fragment indicator (a source address can never begin with 0xff)
 * 14      1  (total &lt;&lt; 4) | number    total 2..7 pieces, number 1..total-1 (the head is 0)
 * 15      1  hop count (low 3 bits; relays increment it)
 * 16      …  data: the next bytes of the armored packet
 * </pre>
 *
 * <p>There is no MAC per fragment: the whole packet is authenticated after reassembly.
 */
public final class Fragment {

  public static final int PACKET_ID = 0;
  public static final int DESTINATION = 8;
  public static final int INDICATOR = 13;
  public static final int COUNTS = 14;
  public static final int HOPS = 15;
  public static final int DATA = 16;

  /**
   * The fragment header; ZT_PROTO_MIN_FRAGMENT_LENGTH. A fragment carries at least one byte more.
   */
  public static final int HEADER_LENGTH = DATA;

  /** The value of byte 13 in a fragment: ZT_PACKET_FRAGMENT_INDICATOR. */
  public static final int INDICATOR_VALUE = Address.RESERVED_PREFIX;

  /** ZT_MAX_PACKET_FRAGMENTS: head included. The 4-bit field could count 15. */
  public static final int MAX_FRAGMENTS = 7;

  private Fragment() {}

  /**
   * True if a datagram of {@code length} bytes is a fragment: longer than the fragment header and
   * with 0xff at byte 13 (stock {@code Switch::onRemotePacket}). Says nothing about its numbering.
   */
  public static boolean isFragment(byte[] datagram, int length) {
    return length > HEADER_LENGTH && (datagram[INDICATOR] & 0xff) == INDICATOR_VALUE;
  }

  public static long packetId(byte[] fragment) {
    return PacketHeader.getLong(fragment, PACKET_ID);
  }

  public static long destination(byte[] fragment) {
    return Address.readLong(fragment, DESTINATION);
  }

  /** The number of pieces of the whole packet, head included. */
  public static int total(byte[] fragment) {
    return (fragment[COUNTS] & 0xff) >>> 4;
  }

  /** This fragment's place: 1 for the first fragment after the head. */
  public static int number(byte[] fragment) {
    return fragment[COUNTS] & 0x0f;
  }

  public static int hops(byte[] fragment) {
    return fragment[HOPS] & PacketHeader.HOPS_MASK;
  }

  public static void setHops(byte[] fragment, int hops) {
    fragment[HOPS] = (byte) (hops & PacketHeader.HOPS_MASK);
  }

  /**
   * True if the numbering is one stock accepts, made strict: {@code 1 < total <= 7} and {@code 1 <=
   * number < total} (stock checks {@code number < 7} only, which lets a number past the total stand
   * in for a missing piece).
   */
  public static boolean hasValidNumbering(byte[] fragment) {
    int total = total(fragment);
    int number = number(fragment);
    return total > 1 && total <= MAX_FRAGMENTS && number >= 1 && number < total;
  }

  /** Writes the 16-byte header of fragment {@code number} of {@code total} at {@code offset}. */
  public static void writeHeader(
      byte[] out, int offset, long packetId, long destination, int number, int total) {
    if (total < 2 || total > MAX_FRAGMENTS || number < 1 || number >= total) {
      throw new IllegalArgumentException("bad fragment numbering: " + number + "/" + total);
    }
    PacketHeader.putLong(out, offset + PACKET_ID, packetId);
    Address.writeLong(destination, out, offset + DESTINATION);
    out[offset + INDICATOR] = (byte) INDICATOR_VALUE;
    out[offset + COUNTS] = (byte) ((total << 4) | number);
    out[offset + HOPS] = 0;
  }
}
