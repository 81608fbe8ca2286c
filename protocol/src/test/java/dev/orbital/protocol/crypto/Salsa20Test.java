package dev.orbital.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Salsa20Test {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void shouldProduceTheEcryptSet1Vector0Keystream() {
    byte[] key = new byte[32];
    key[0] = (byte) 0x80; // 256-bit key with only its first bit set, zero IV
    byte[] stream = new byte[64];

    new Salsa20(20).init(key, 0, new byte[8], 0).crypt(stream, 0, 64);

    assertThat(HEX.formatHex(stream))
        .isEqualTo(
            "e3be8fdd8beca2e3ea8ef9475b29a6e7"
                + "003951e1097a5c38d23b7a5fad9f6844"
                + "b22c97559e2723c7cbbd3fe4fc8d9a07"
                + "44652a83e72a9c461876af4d7ef1a117");
  }

  @Test
  void shouldProduceTheSalsa20SpecificationExpansionExample() {
    // Salsa20 specification §10: k = 1..16 ‖ 201..216, n = 101..116 (nonce ‖ LE64 counter).
    byte[] key = new byte[32];
    byte[] input = new byte[16];
    for (int i = 0; i < 16; i++) {
      key[i] = (byte) (1 + i);
      key[16 + i] = (byte) (201 + i);
      input[i] = (byte) (101 + i);
    }
    long counter = 0;
    for (int i = 15; i >= 8; i--) {
      counter = (counter << 8) | (input[i] & 0xff);
    }
    byte[] block = new byte[64];

    new Salsa20(20).init(key, 0, input, 0, counter).nextBlock(block);

    assertThat(block)
        .isEqualTo(
            bytes(
                69, 37, 68, 39, 41, 15, 107, 193, 255, 139, 122, 6, 170, 233, 217, 98, 89, 144, 182,
                106, 21, 51, 200, 65, 239, 49, 222, 34, 215, 114, 40, 126, 104, 197, 7, 225, 197,
                153, 31, 2, 102, 78, 76, 176, 84, 245, 246, 184, 177, 160, 133, 130, 6, 72, 149,
                119, 192, 195, 132, 236, 234, 103, 246, 74));
  }

  @ParameterizedTest(name = "Salsa20/{0}")
  @ValueSource(ints = {12, 20})
  void shouldMatchBouncyCastleOnRandomKeysLengthsAndOffsets(int rounds) {
    SplittableRandom random = new SplittableRandom(rounds);
    Salsa20 ours = new Salsa20(rounds);
    Salsa20Engine theirs = new Salsa20Engine(rounds);
    for (int round = 0; round < 1500; round++) {
      byte[] key = new byte[40];
      byte[] nonce = new byte[12];
      random.nextBytes(key);
      random.nextBytes(nonce);
      int keyOffset = random.nextInt(9);
      int nonceOffset = random.nextInt(5);
      byte[] input = new byte[700];
      random.nextBytes(input);
      int inOffset = random.nextInt(13);
      int outOffset = random.nextInt(13);
      int length = round < 200 ? round : random.nextInt(input.length - 13);

      theirs.init(
          true,
          new ParametersWithIV(
              new KeyParameter(key, keyOffset, 32),
              Arrays.copyOfRange(nonce, nonceOffset, 8 + nonceOffset)));
      byte[] expected = new byte[length];
      theirs.processBytes(input, inOffset, length, expected, 0);

      ours.init(key, keyOffset, nonce, nonceOffset);
      byte[] actual = new byte[length + outOffset];
      // Split the stream at random points to cover the buffered partial blocks.
      int done = 0;
      while (done < length) {
        int chunk = Math.min(length - done, 1 + random.nextInt(150));
        ours.crypt(input, inOffset + done, actual, outOffset + done, chunk);
        done += chunk;
      }

      assertThat(Arrays.copyOfRange(actual, outOffset, outOffset + length))
          .as("round %d, %d bytes", round, length)
          .isEqualTo(expected);
    }
  }

  @Test
  void shouldEncryptInPlaceAndDecryptBack() {
    byte[] key = HEX.parseHex("0f62b5085bae0154a7fa4da0f34699ec3f92e5388bde3184d72a7dd02376c91c");
    byte[] nonce = HEX.parseHex("288ff65dc42b92f9");
    byte[] plaintext = new byte[333];
    new SplittableRandom(7).nextBytes(plaintext);
    byte[] data = plaintext.clone();

    new Salsa20(12).init(key, 0, nonce, 0).crypt(data, 3, 300);
    assertThat(data).isNotEqualTo(plaintext);
    new Salsa20(12).init(key, 0, nonce, 0).crypt(data, 3, 300);

    assertThat(data).isEqualTo(plaintext);
  }

  @Test
  void shouldContinueWithTheNextWholeBlockAfterNextBlock() {
    byte[] key = new byte[32];
    byte[] nonce = new byte[8];
    byte[] stream = new byte[192];
    new Salsa20(12).init(key, 0, nonce, 0).crypt(stream, 0, 192);
    Salsa20 salsa = new Salsa20(12).init(key, 0, nonce, 0);
    byte[] first = new byte[64];
    byte[] rest = new byte[128];

    salsa.nextBlock(first);
    salsa.crypt(rest, 0, 128);

    assertThat(first).isEqualTo(Arrays.copyOfRange(stream, 0, 64));
    assertThat(rest).isEqualTo(Arrays.copyOfRange(stream, 64, 192));
  }

  @Test
  void shouldRejectUnsupportedRoundCounts() {
    assertThatThrownBy(() -> new Salsa20(8)).isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }
}
