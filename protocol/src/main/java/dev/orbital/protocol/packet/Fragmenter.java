package dev.orbital.protocol.packet;

/**
 * Splits an armored packet into datagrams for a physical MTU, as stock {@code
 * Switch::_sendViaSpecificPath} does: the head is the packet's first {@code mtu} bytes, each
 * fragment carries the next {@code mtu - 16} bytes behind a {@link Fragment} header.
 *
 * <p>The FRAGMENTED flag is covered by the armor (key mangling, AAD), so the caller sets it with
 * {@link PacketHeader#setFragmented} <em>before</em> armoring, when {@link #needsFragmenting} says
 * so; the methods here check that it did. Nothing here allocates.
 */
public final class Fragmenter {

  /** The smallest MTU accepted: the head must hold a whole header and verb. */
  public static final int MIN_MTU = PacketHeader.MIN_LENGTH;

  /** Receives one datagram; the bytes are valid only during the call. */
  @FunctionalInterface
  public interface PieceSink {
    void accept(byte[] bytes, int offset, int length);
  }

  private Fragmenter() {}

  public static boolean needsFragmenting(int packetLength, int mtu) {
    checkMtu(mtu);
    return packetLength > mtu;
  }

  /**
   * The longest packet that fits in {@link Fragment#MAX_FRAGMENTS} pieces: 9928 bytes at the
   * default MTU of 1432, a little less than {@link PacketHeader#MAX_LENGTH}.
   */
  public static int maxPacketLength(int mtu) {
    checkMtu(mtu);
    return Math.min(
        PacketHeader.MAX_LENGTH, mtu + (Fragment.MAX_FRAGMENTS - 1) * dataPerFragment(mtu));
  }

  /** How many datagrams a packet of {@code packetLength} bytes takes, head included. */
  public static int pieceCount(int packetLength, int mtu) {
    checkLength(packetLength, mtu);
    if (packetLength <= mtu) {
      return 1;
    }
    int perFragment = dataPerFragment(mtu);
    return 1 + (packetLength - mtu + perFragment - 1) / perFragment;
  }

  /** The datagram length of piece {@code number} (0 = head), header included. */
  public static int pieceLength(int packetLength, int mtu, int number) {
    int pieces = pieceCount(packetLength, mtu);
    if (number < 0 || number >= pieces) {
      throw new IllegalArgumentException("no piece " + number + " of " + pieces);
    }
    if (number == 0) {
      return Math.min(packetLength, mtu);
    }
    int start = dataStart(mtu, number);
    return Fragment.HEADER_LENGTH + Math.min(dataPerFragment(mtu), packetLength - start);
  }

  /**
   * Writes fragment {@code number} (1..pieces-1) of {@code packet} into {@code out} at {@code
   * outOffset} and returns the datagram length. The head needs no copy: it is {@code packet[0 ..
   * min(packetLength, mtu))}.
   */
  public static int writeFragment(
      byte[] packet, int packetLength, int mtu, int number, byte[] out, int outOffset) {
    int pieces = checkPacket(packet, packetLength, mtu);
    if (number < 1 || number >= pieces) {
      throw new IllegalArgumentException("no fragment " + number + " of " + pieces);
    }
    int length = pieceLength(packetLength, mtu, number);
    Fragment.writeHeader(
        out, outOffset, PacketHeader.id(packet), PacketHeader.destination(packet), number, pieces);
    System.arraycopy(
        packet,
        dataStart(mtu, number),
        out,
        outOffset + Fragment.HEADER_LENGTH,
        length - Fragment.HEADER_LENGTH);
    return length;
  }

  /**
   * Hands every datagram of {@code packet} to {@code sink}, head first, and returns how many there
   * were. Fragments are built one at a time in {@code scratch}, which must hold {@code mtu} bytes.
   */
  public static int split(
      byte[] packet, int packetLength, int mtu, byte[] scratch, PieceSink sink) {
    int pieces = checkPacket(packet, packetLength, mtu);
    if (pieces > 1 && scratch.length < mtu) {
      throw new IllegalArgumentException("scratch holds " + scratch.length + " < mtu " + mtu);
    }
    sink.accept(packet, 0, Math.min(packetLength, mtu));
    for (int number = 1; number < pieces; number++) {
      sink.accept(scratch, 0, writeFragment(packet, packetLength, mtu, number, scratch, 0));
    }
    return pieces;
  }

  private static int dataPerFragment(int mtu) {
    return mtu - Fragment.HEADER_LENGTH;
  }

  private static int dataStart(int mtu, int number) {
    return mtu + (number - 1) * dataPerFragment(mtu);
  }

  private static int checkPacket(byte[] packet, int packetLength, int mtu) {
    if (packetLength > packet.length) {
      throw new IllegalArgumentException(
          "packet length " + packetLength + " > buffer " + packet.length);
    }
    int pieces = pieceCount(packetLength, mtu);
    if (PacketHeader.isFragmented(packet) != (pieces > 1)) {
      throw new IllegalArgumentException(
          "FRAGMENTED flag must be "
              + (pieces > 1 ? "set" : "clear")
              + " before armoring a "
              + packetLength
              + "-byte packet for mtu "
              + mtu);
    }
    return pieces;
  }

  private static void checkLength(int packetLength, int mtu) {
    if (packetLength < PacketHeader.MIN_LENGTH || packetLength > maxPacketLength(mtu)) {
      throw new IllegalArgumentException(
          "cannot fragment a "
              + packetLength
              + "-byte packet for mtu "
              + mtu
              + " (expected: "
              + PacketHeader.MIN_LENGTH
              + ".."
              + maxPacketLength(mtu)
              + ")");
    }
  }

  private static void checkMtu(int mtu) {
    if (mtu < MIN_MTU) {
      throw new IllegalArgumentException("mtu " + mtu + " < " + MIN_MTU);
    }
  }
}
