package dev.orbital.protocol.packet;

import dev.orbital.protocol.Address;

/**
 * Static accessors for the header of an assembled packet, read in place with no object per packet.
 *
 * <pre>
 * offset len field
 *  0      8  packet ID / IV (random; AES-GMAC-SIV replaces it with half its tag)
 *  8      5  destination address
 * 13      5  source address
 * 18      1  flags: bits FFCCCHHH
 *              0x80 legacy "encrypted" (set iff cipher 1)   0x40 FRAGMENTED (fragments follow)
 *              0x38 cipher suite ((b >> 3) &amp; 7)            0x07 hop count (not authenticated)
 * 19      8  MAC (or trusted path ID for cipher 2)
 * 27      1  verb (inside the armor): 0x80 = LZ4-compressed payload, 0x1f = verb number
 * 28      …  payload
 * </pre>
 */
public final class PacketHeader {

  public static final int ID = 0;
  public static final int DESTINATION = 8;
  public static final int SOURCE = 13;
  public static final int FLAGS = 18;
  public static final int MAC = 19;
  public static final int VERB = 27;
  public static final int PAYLOAD = 28;

  /** The smallest packet: a header and a verb byte. */
  public static final int MIN_LENGTH = PAYLOAD;

  /** ZT_PROTO_MAX_PACKET_LENGTH: 7 fragments of the default 1432-byte physical MTU. */
  public static final int MAX_LENGTH = 10024;

  /** The default UDP payload per datagram. */
  public static final int DEFAULT_PHYSICAL_MTU = 1432;

  public static final int FLAG_ENCRYPTED_LEGACY = 0x80;
  public static final int FLAG_FRAGMENTED = 0x40;
  public static final int CIPHER_MASK = 0x38;
  public static final int HOPS_MASK = 0x07;
  public static final int VERB_FLAG_COMPRESSED = 0x80;
  public static final int VERB_MASK = 0x1f;

  /** ZT_RELAY_MAX_HOPS: a relay drops a packet whose hop count already reached this. */
  public static final int MAX_HOPS = 3;

  private PacketHeader() {}

  public static long id(byte[] packet) {
    return getLong(packet, ID);
  }

  public static void setId(byte[] packet, long id) {
    putLong(packet, ID, id);
  }

  public static long destination(byte[] packet) {
    return Address.readLong(packet, DESTINATION);
  }

  public static void setDestination(byte[] packet, long address) {
    Address.writeLong(address, packet, DESTINATION);
  }

  public static long source(byte[] packet) {
    return Address.readLong(packet, SOURCE);
  }

  public static void setSource(byte[] packet, long address) {
    Address.writeLong(address, packet, SOURCE);
  }

  public static int flags(byte[] packet) {
    return packet[FLAGS] & 0xff;
  }

  public static int cipher(byte[] packet) {
    return (packet[FLAGS] & CIPHER_MASK) >>> 3;
  }

  public static boolean isFragmented(byte[] packet) {
    return (packet[FLAGS] & FLAG_FRAGMENTED) != 0;
  }

  public static void setFragmented(byte[] packet, boolean fragmented) {
    packet[FLAGS] =
        (byte) (fragmented ? packet[FLAGS] | FLAG_FRAGMENTED : packet[FLAGS] & ~FLAG_FRAGMENTED);
  }

  public static int hops(byte[] packet) {
    return packet[FLAGS] & HOPS_MASK;
  }

  public static void setHops(byte[] packet, int hops) {
    packet[FLAGS] = (byte) ((packet[FLAGS] & ~HOPS_MASK) | (hops & HOPS_MASK));
  }

  /** The verb number, valid only after dearmoring. */
  public static int verb(byte[] packet) {
    return packet[VERB] & VERB_MASK;
  }

  public static boolean isCompressed(byte[] packet) {
    return (packet[VERB] & VERB_FLAG_COMPRESSED) != 0;
  }

  public static long getLong(byte[] b, int offset) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[offset + i] & 0xff);
    }
    return v;
  }

  public static void putLong(byte[] b, int offset, long v) {
    for (int i = 7; i >= 0; i--) {
      b[offset + i] = (byte) v;
      v >>>= 8;
    }
  }
}
