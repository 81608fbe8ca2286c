package dev.orbital.protocol.verb;

import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.packet.PacketHeader;
import dev.orbital.protocol.packet.Verb;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * FRAME (0x06): an Ethernet frame between the two nodes' own ZeroTier-derived MACs (both implied by
 * the packet's addresses).
 *
 * <pre>
 * offset len
 *  0      8  networkId
 *  8      2  etherType
 * 10      …  data (the Ethernet payload)
 * </pre>
 *
 * On the data path, use the static accessors on the packet buffer instead of an object per frame;
 * their {@code offset} is where the payload starts ({@link PacketHeader#PAYLOAD} in an assembled
 * packet) and the caller checks {@link #isLongEnough} first.
 */
public record Frame(long networkId, int etherType, byte[] data) implements Message {

  public static final int NETWORK_ID = 0;
  public static final int ETHER_TYPE = 8;
  public static final int DATA = 10;
  public static final int HEADER_LENGTH = DATA;

  public Frame {
    Blobs.checkU16(etherType, "etherType");
    Objects.requireNonNull(data, "data");
  }

  /** Whether a FRAME payload of this length has its header. */
  public static boolean isLongEnough(int payloadLength) {
    return payloadLength >= HEADER_LENGTH;
  }

  public static long networkId(byte[] packet, int offset) {
    return PacketHeader.getLong(packet, offset + NETWORK_ID);
  }

  public static int etherType(byte[] packet, int offset) {
    return ((packet[offset + ETHER_TYPE] & 0xff) << 8) | (packet[offset + ETHER_TYPE + 1] & 0xff);
  }

  /** Offset of the Ethernet payload in the buffer. */
  public static int dataOffset(int offset) {
    return offset + DATA;
  }

  /** Writes the header in place; the caller puts the data at {@link #dataOffset}. */
  public static void writeHeader(byte[] packet, int offset, long networkId, int etherType) {
    PacketHeader.putLong(packet, offset + NETWORK_ID, networkId);
    packet[offset + ETHER_TYPE] = (byte) (etherType >>> 8);
    packet[offset + ETHER_TYPE + 1] = (byte) etherType;
  }

  @Override
  public int verbCode() {
    return Verb.FRAME.code();
  }

  @Override
  public int encodedLength() {
    return HEADER_LENGTH + data.length;
  }

  @Override
  public void write(ByteBuffer out) {
    out.putLong(networkId).putShort((short) etherType).put(data);
  }

  static Frame read(WireReader in) throws ProtocolException {
    return new Frame(in.i64(), in.u16(), in.rest());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Frame
        && networkId == ((Frame) other).networkId
        && etherType == ((Frame) other).etherType
        && Arrays.equals(data, ((Frame) other).data);
  }

  @Override
  public int hashCode() {
    return (Long.hashCode(networkId) * 31 + etherType) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Frame["
        + Long.toHexString(networkId)
        + ", etherType="
        + Integer.toHexString(etherType)
        + ", "
        + Blobs.describe(data)
        + "]";
  }
}
