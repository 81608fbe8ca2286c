package dev.orbital.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Poly1305Test {

  private static final HexFormat HEX = HexFormat.of();

  private static final String IETF_CONTRIBUTION =
      "Any submission to the IETF intended by the Contributor for publication as all or part of an"
          + " IETF Internet-Draft or RFC and any statement made within the context of an IETF"
          + " activity is considered an \"IETF Contribution\". Such statements include oral"
          + " statements in IETF sessions, as well as written and electronic communications made at"
          + " any time or place, which are addressed to";

  private static final String JABBERWOCKY =
      "'Twas brillig, and the slithy toves\nDid gyre and gimble in the wabe:\n"
          + "All mimsy were the borogoves,\nAnd the mome raths outgrabe.";

  @Test
  void shouldProduceTheRfc8439Section252Tag() {
    byte[] key =
        HEX.parseHex(
            "85d6be7857556d337f4452fe42d506a8" // r (before clamping)
                + "0103808afb0db2fd4abff6af4149f51b"); // s
    byte[] message = "Cryptographic Forum Research Group".getBytes(StandardCharsets.US_ASCII);

    assertThat(HEX.formatHex(tag(key, message))).isEqualTo("a8061dc1305136c6c22b8baf0c0127a9");
  }

  @Test
  void shouldProduceTheRfc8439AppendixA3TextTags() {
    byte[] contribution = IETF_CONTRIBUTION.getBytes(StandardCharsets.US_ASCII);
    assertThat(contribution).hasSize(375);
    String s = "36e5f6b5c5e06070f0efca96227a863e";
    String zero = "00000000000000000000000000000000";

    // #1: all-zero key and message
    assertThat(HEX.formatHex(tag(HEX.parseHex(zero + zero), new byte[64]))).isEqualTo(zero);
    // #2: r = 0, so the tag is s
    assertThat(HEX.formatHex(tag(HEX.parseHex(zero + s), contribution))).isEqualTo(s);
    // #3: s = 0
    assertThat(HEX.formatHex(tag(HEX.parseHex(s + zero), contribution)))
        .isEqualTo("f3477e7cd95417af89a6b8794c310cf0");
    // #4
    byte[] key4 = HEX.parseHex("1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0");
    assertThat(HEX.formatHex(tag(key4, JABBERWOCKY.getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo("4541669a7eaaee61e708dc7cbcc5eb62");
  }

  @ParameterizedTest(name = "RFC 8439 A.3 #{0}")
  @CsvSource({
    // vector, key (r ‖ s), message, tag: the edge cases of the final reduction
    "5, 0200000000000000000000000000000000000000000000000000000000000000,"
        + " ffffffffffffffffffffffffffffffff, 03000000000000000000000000000000",
    "6, 02000000000000000000000000000000ffffffffffffffffffffffffffffffff,"
        + " 02000000000000000000000000000000, 03000000000000000000000000000000",
    "7, 0100000000000000000000000000000000000000000000000000000000000000,"
        + " ffffffffffffffffffffffffffffffff"
        + "f0ffffffffffffffffffffffffffffff"
        + "11000000000000000000000000000000, 05000000000000000000000000000000",
    "8, 0100000000000000000000000000000000000000000000000000000000000000,"
        + " ffffffffffffffffffffffffffffffff"
        + "fbfefefefefefefefefefefefefefefe"
        + "01010101010101010101010101010101, 00000000000000000000000000000000",
    "9, 0200000000000000000000000000000000000000000000000000000000000000,"
        + " fdffffffffffffffffffffffffffffff, faffffffffffffffffffffffffffffff",
    "10, 0100000000000000040000000000000000000000000000000000000000000000,"
        + " e33594d7505e43b90000000000000000"
        + "3394d7505e4379cd0100000000000000"
        + "00000000000000000000000000000000"
        + "01000000000000000000000000000000, 14000000000000005500000000000000",
    "11, 0100000000000000040000000000000000000000000000000000000000000000,"
        + " e33594d7505e43b90000000000000000"
        + "3394d7505e4379cd0100000000000000"
        + "00000000000000000000000000000000, 13000000000000000000000000000000",
  })
  void shouldProduceTheRfc8439AppendixA3EdgeCaseTags(
      int vector, String key, String message, String expected) {
    assertThat(HEX.formatHex(tag(HEX.parseHex(key), HEX.parseHex(message))))
        .as("vector %d", vector)
        .isEqualTo(expected);
  }

  @Test
  void shouldMatchBouncyCastleOnRandomKeysLengthsAndSplits() {
    SplittableRandom random = new SplittableRandom(1305);
    Poly1305 ours = new Poly1305();
    org.bouncycastle.crypto.macs.Poly1305 theirs = new org.bouncycastle.crypto.macs.Poly1305();
    for (int round = 0; round < 3000; round++) {
      byte[] key = new byte[32];
      byte[] buffer = new byte[1600];
      random.nextBytes(key);
      random.nextBytes(buffer);
      if (round % 10 == 0) {
        // all-ones data drives the accumulator to its largest values
        Arrays.fill(buffer, (byte) 0xff);
      }
      int offset = random.nextInt(17);
      int length = round < 200 ? round : random.nextInt(buffer.length - offset);
      int split = length == 0 ? 0 : random.nextInt(length + 1);
      int split2 = split + (length == split ? 0 : random.nextInt(length - split + 1));

      byte[] expected = new byte[16];
      theirs.init(new KeyParameter(key));
      theirs.update(buffer, offset, length);
      theirs.doFinal(expected, 0);

      byte[] actual = new byte[20];
      ours.init(key, 0)
          .update(buffer, offset, split)
          .update(buffer, offset + split, split2 - split)
          .update(buffer, offset + split2, length - split2)
          .finish(actual, 3);

      assertThat(Arrays.copyOfRange(actual, 3, 19))
          .as("round %d length %d splits %d/%d", round, length, split, split2)
          .isEqualTo(expected);
    }
  }

  @Test
  void shouldReadTheKeyAtAnOffsetAndStartOverOnInit() {
    byte[] key = HEX.parseHex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b");
    byte[] shifted = new byte[40];
    System.arraycopy(key, 0, shifted, 5, 32);
    byte[] message = "Cryptographic Forum Research Group".getBytes(StandardCharsets.US_ASCII);
    Poly1305 poly = new Poly1305();
    poly.init(shifted, 5).update(message, 0, 7); // abandoned message
    byte[] out = new byte[16];

    poly.init(shifted, 5).update(message, 0, message.length).finish(out, 0);

    assertThat(HEX.formatHex(out)).isEqualTo("a8061dc1305136c6c22b8baf0c0127a9");
  }

  private static byte[] tag(byte[] key, byte[] message) {
    byte[] out = new byte[16];
    Poly1305.mac(key, 0, message, 0, message.length, out, 0);
    return out;
  }
}
