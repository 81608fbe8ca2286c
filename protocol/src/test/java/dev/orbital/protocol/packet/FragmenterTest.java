package dev.orbital.protocol.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FragmenterTest {

  static final int MTU = PacketHeader.DEFAULT_PHYSICAL_MTU;

  /** An "armored" packet of random bytes from 3a77b41ec3 to e7745d5aa3, flagged as needed. */
  static byte[] packet(int length, int mtu, long seed) {
    byte[] packet = new byte[length];
    new Random(seed).nextBytes(packet);
    PacketHeader.setDestination(packet, 0xe7745d5aa3L);
    PacketHeader.setSource(packet, 0x3a77b41ec3L);
    PacketHeader.setFragmented(packet, Fragmenter.needsFragmenting(length, mtu));
    return packet;
  }

  static List<byte[]> split(byte[] packet, int mtu) {
    List<byte[]> pieces = new ArrayList<>();
    Fragmenter.split(
        packet,
        packet.length,
        mtu,
        new byte[mtu],
        (bytes, offset, length) -> pieces.add(Arrays.copyOfRange(bytes, offset, offset + length)));
    return pieces;
  }

  @Test
  void shouldSendPacketThatFitsAsOneDatagram() {
    byte[] packet = packet(MTU, MTU, 1);

    assertThat(Fragmenter.needsFragmenting(MTU, MTU)).isFalse();
    assertThat(split(packet, MTU)).singleElement().isEqualTo(packet);
  }

  @Test
  void shouldSplitLikeStockFrameOfDefaultTapMtu() {
    // The corpus: 2838-byte FRAME packets travel as a 1432-byte head and a 1422-byte fragment.
    byte[] packet = packet(2838, MTU, 2);

    List<byte[]> pieces = split(packet, MTU);

    assertThat(Fragmenter.pieceCount(2838, MTU)).isEqualTo(2);
    assertThat(pieces).extracting(p -> p.length).containsExactly(1432, 1422);
    assertThat(Fragmenter.pieceLength(2838, MTU, 1)).isEqualTo(1422);
    byte[] fragment = pieces.get(1);
    assertThat(Fragment.isFragment(fragment, fragment.length)).isTrue();
    assertThat(Fragment.packetId(fragment)).isEqualTo(PacketHeader.id(packet));
    assertThat(Fragment.destination(fragment)).isEqualTo(0xe7745d5aa3L);
    assertThat(Fragment.number(fragment)).isEqualTo(1);
    assertThat(Fragment.total(fragment)).isEqualTo(2);
    assertThat(Fragment.hops(fragment)).isZero();
    assertThat(Arrays.copyOfRange(fragment, 16, 1422))
        .isEqualTo(Arrays.copyOfRange(packet, 1432, 2838));
  }

  @ParameterizedTest
  @CsvSource({
    "1433, 1432, 2", // one byte over
    "2848, 1432, 2", // head + exactly one full fragment
    "2849, 1432, 3",
    "9928, 1432, 7", // the most seven pieces carry
    "10024, 1500, 7",
    "200, 28, 16" // tiny MTU: more pieces than allowed is refused below
  })
  void shouldCountPiecesHeadIncluded(int length, int mtu, int pieces) {
    if (pieces > Fragment.MAX_FRAGMENTS) {
      assertThatThrownBy(() -> Fragmenter.pieceCount(length, mtu))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cannot fragment");
    } else {
      assertThat(Fragmenter.pieceCount(length, mtu)).isEqualTo(pieces);
    }
  }

  @Test
  void shouldRefusePacketLongerThanSevenPieces() {
    assertThat(Fragmenter.maxPacketLength(MTU)).isEqualTo(9928);
    byte[] packet = packet(9929, MTU, 3);

    assertThatThrownBy(() -> split(packet, MTU))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("9929");
  }

  @Test
  void shouldRefusePacketArmoredWithoutFragmentedFlag() {
    byte[] packet = packet(3000, MTU, 4);
    PacketHeader.setFragmented(packet, false);

    assertThatThrownBy(() -> split(packet, MTU))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FRAGMENTED flag must be set before armoring");
  }

  @Test
  void shouldRefuseFragmentedFlagOnPacketThatFits() {
    byte[] packet = packet(100, MTU, 5);
    PacketHeader.setFragmented(packet, true);

    assertThatThrownBy(() -> split(packet, MTU))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be clear");
  }

  @Test
  void shouldWriteFragmentAtOffsetOfCallerBuffer() {
    byte[] packet = packet(3000, MTU, 6);
    byte[] out = new byte[2000];

    int length = Fragmenter.writeFragment(packet, packet.length, MTU, 2, out, 100);

    assertThat(length).isEqualTo(16 + 3000 - 1432 - 1416);
    assertThat(out[100 + Fragment.COUNTS]).isEqualTo((byte) 0x32);
    assertThat(Arrays.copyOfRange(out, 116, 100 + length))
        .isEqualTo(Arrays.copyOfRange(packet, 1432 + 1416, 3000));
    assertThatThrownBy(() -> Fragmenter.writeFragment(packet, packet.length, MTU, 3, out, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"1433", "2848", "5000", "9928"})
  void shouldReassembleEveryPieceOrderBackToThePacket(int length) {
    byte[] packet = packet(length, MTU, length);
    List<byte[]> pieces = split(packet, MTU);
    Collections.shuffle(pieces, new Random(length));
    Reassembler reassembler = new Reassembler();

    Reassembler.Result last = null;
    for (byte[] piece : pieces) {
      last = reassembler.offer(piece, piece.length, 0);
    }

    assertThat(last.outcome()).isEqualTo(Reassembler.Outcome.COMPLETE);
    assertThat(last.packet()).isEqualTo(packet);
    assertThat(reassembler.count(Reassembler.Outcome.PENDING)).isEqualTo(pieces.size() - 1);
    assertThat(reassembler.pending()).isZero();
  }
}
