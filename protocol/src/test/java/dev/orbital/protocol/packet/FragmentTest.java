package dev.orbital.protocol.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FragmentTest {

  static final byte[] FRAGMENT =
      hex(
          "0123456789abcdef", // packet ID of the whole packet
          "3a77b41ec3", // destination
          "ff", // fragment indicator
          "21", // total 2, number 1
          "02", // hops
          "cafe" // data
          );

  static byte[] hex(String... fields) {
    return HexFormat.of().parseHex(String.join("", fields).replace(" ", ""));
  }

  @Test
  void shouldReadEveryFieldOfFragment() {
    assertThat(Fragment.isFragment(FRAGMENT, FRAGMENT.length)).isTrue();
    assertThat(Fragment.packetId(FRAGMENT)).isEqualTo(0x0123456789abcdefL);
    assertThat(Fragment.destination(FRAGMENT)).isEqualTo(0x3a77b41ec3L);
    assertThat(Fragment.total(FRAGMENT)).isEqualTo(2);
    assertThat(Fragment.number(FRAGMENT)).isEqualTo(1);
    assertThat(Fragment.hops(FRAGMENT)).isEqualTo(2);
    assertThat(Fragment.hasValidNumbering(FRAGMENT)).isTrue();
  }

  @Test
  void shouldWriteTheSameHeaderWithZeroHops() {
    byte[] out = new byte[Fragment.HEADER_LENGTH + 2];

    Fragment.writeHeader(out, 0, 0x0123456789abcdefL, 0x3a77b41ec3L, 1, 2);
    out[16] = (byte) 0xca;
    out[17] = (byte) 0xfe;

    byte[] expected = FRAGMENT.clone();
    expected[Fragment.HOPS] = 0;
    assertThat(out).isEqualTo(expected);
  }

  @Test
  void shouldIncrementHopsWithinThreeBits() {
    byte[] fragment = FRAGMENT.clone();

    Fragment.setHops(fragment, Fragment.hops(fragment) + 1);
    assertThat(Fragment.hops(fragment)).isEqualTo(3);
    Fragment.setHops(fragment, 8);
    assertThat(Fragment.hops(fragment)).isZero();
  }

  @Test
  void shouldNotTakeHeaderOnlyDatagramForFragment() {
    // Stock: len > ZT_PROTO_MIN_FRAGMENT_LENGTH (16), so 16 bytes with 0xff at 13 are ignored.
    assertThat(Fragment.isFragment(FRAGMENT, Fragment.HEADER_LENGTH)).isFalse();
    assertThat(Fragment.isFragment(FRAGMENT, Fragment.HEADER_LENGTH + 1)).isTrue();
  }

  @Test
  void shouldNotTakePacketHeadForFragment() {
    byte[] head = Arrays.copyOf(FRAGMENT, 40);
    head[Fragment.INDICATOR] = (byte) 0x3a; // first byte of a real source address

    assertThat(Fragment.isFragment(head, head.length)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "21, true", // 1 of 2
    "71, true", // 1 of 7
    "76, true", // 6 of 7: the last fragment
    "20, false", // number 0 is the head, never a fragment
    "22, false", // number == total
    "25, false", // number past total (stock lets this through)
    "11, false", // a total of 1 needs no fragment
    "00, false",
    "81, false", // 8 pieces: over ZT_MAX_PACKET_FRAGMENTS
    "f1, false" // the 4-bit field's maximum
  })
  void shouldCheckNumberingLikeStockButStrictly(String counts, boolean valid) {
    byte[] fragment = FRAGMENT.clone();
    fragment[Fragment.COUNTS] = (byte) Integer.parseInt(counts, 16);

    assertThat(Fragment.hasValidNumbering(fragment)).isEqualTo(valid);
  }

  @Test
  void shouldRefuseToWriteImpossibleNumbering() {
    byte[] out = new byte[Fragment.HEADER_LENGTH];

    assertThatThrownBy(() -> Fragment.writeHeader(out, 0, 1, 2, 0, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fragment.writeHeader(out, 0, 1, 2, 1, 8))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
