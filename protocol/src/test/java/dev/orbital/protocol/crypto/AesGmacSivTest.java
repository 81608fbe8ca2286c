package dev.orbital.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;

class AesGmacSivTest {

  @Test
  void shouldMatchTheConstructionBuiltFromBouncyCastlePrimitives() throws Exception {
    SplittableRandom random = new SplittableRandom(3);
    for (int round = 0; round < 400; round++) {
      byte[] k0 = randomBytes(random, 32);
      byte[] k1 = randomBytes(random, 32);
      AesGmacSiv siv = new AesGmacSiv(new SecretKeySpec(k0, "AES"), new SecretKeySpec(k1, "AES"));
      byte[] iv = randomBytes(random, 8);
      byte[] aad = randomBytes(random, round % 40);
      byte[] plaintext = randomBytes(random, round < 100 ? round : random.nextInt(3000));
      byte[] expected = reference(k0, k1, iv, aad, plaintext);

      byte[] data = new byte[plaintext.length + 5];
      System.arraycopy(plaintext, 0, data, 5, plaintext.length);
      byte[] tag = new byte[18];
      siv.encrypt(iv, 0, aad, 0, aad.length, data, 5, plaintext.length, tag, 2);

      assertThat(Arrays.copyOfRange(tag, 2, 18)).isEqualTo(Arrays.copyOf(expected, 16));
      assertThat(Arrays.copyOfRange(data, 5, data.length))
          .isEqualTo(Arrays.copyOfRange(expected, 16, expected.length));

      assertThat(siv.decrypt(tag, 2, aad, 0, aad.length, data, 5, plaintext.length)).isTrue();
      assertThat(Arrays.copyOfRange(data, 5, data.length)).isEqualTo(plaintext);
    }
  }

  @Test
  void shouldRejectATamperedTagAadOrCiphertext() {
    SplittableRandom random = new SplittableRandom(4);
    AesGmacSiv siv =
        new AesGmacSiv(
            new SecretKeySpec(randomBytes(random, 32), "AES"),
            new SecretKeySpec(randomBytes(random, 32), "AES"));
    byte[] iv = randomBytes(random, 8);
    byte[] aad = randomBytes(random, 11);
    byte[] plaintext = randomBytes(random, 100);
    byte[] ciphertext = plaintext.clone();
    byte[] tag = new byte[16];
    siv.encrypt(iv, 0, aad, 0, 11, ciphertext, 0, 100, tag, 0);

    for (int i = 0; i < 16; i++) {
      byte[] badTag = tag.clone();
      badTag[i] ^= 1;
      assertThat(siv.decrypt(badTag, 0, aad, 0, 11, ciphertext.clone(), 0, 100)).isFalse();
    }
    for (int i = 0; i < 11; i++) {
      byte[] badAad = aad.clone();
      badAad[i] ^= (byte) 0x80;
      assertThat(siv.decrypt(tag, 0, badAad, 0, 11, ciphertext.clone(), 0, 100)).isFalse();
    }
    for (int i = 0; i < 100; i++) {
      byte[] bad = ciphertext.clone();
      bad[i] ^= 4;
      assertThat(siv.decrypt(tag, 0, aad, 0, 11, bad, 0, 100)).isFalse();
    }
    assertThat(siv.decrypt(tag, 0, aad, 0, 11, ciphertext.clone(), 0, 100)).isTrue();
  }

  @Test
  void shouldDecryptTheSameMessageRepeatedly() {
    SplittableRandom random = new SplittableRandom(5);
    AesGmacSiv siv =
        new AesGmacSiv(
            new SecretKeySpec(randomBytes(random, 32), "AES"),
            new SecretKeySpec(randomBytes(random, 32), "AES"));
    byte[] iv = randomBytes(random, 8);
    byte[] ciphertext = randomBytes(random, 64);
    byte[] tag = new byte[16];
    siv.encrypt(iv, 0, new byte[0], 0, 0, ciphertext, 0, 64, tag, 0);

    for (int i = 0; i < 3; i++) {
      assertThat(siv.decrypt(tag, 0, new byte[0], 0, 0, ciphertext.clone(), 0, 64)).isTrue();
    }
  }

  /** The definition, step by step, with Bouncy Castle's AES, GCM and CTR: tag ‖ ciphertext. */
  private static byte[] reference(byte[] k0, byte[] k1, byte[] iv, byte[] aad, byte[] plaintext)
      throws Exception {
    GCMBlockCipher gcm = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
    gcm.init(true, new AEADParameters(new KeyParameter(k0), 128, Arrays.copyOf(iv, 12)));
    gcm.processAADBytes(aad, 0, aad.length);
    byte[] padding = new byte[(16 - aad.length % 16) % 16];
    gcm.processAADBytes(padding, 0, padding.length);
    gcm.processAADBytes(plaintext, 0, plaintext.length);
    byte[] gmac = new byte[16];
    gcm.doFinal(gmac, 0);

    byte[] block = Arrays.copyOf(iv, 16);
    for (int i = 0; i < 8; i++) {
      block[8 + i] = (byte) (gmac[i] ^ gmac[8 + i]);
    }
    byte[] out = new byte[16 + plaintext.length];
    AESEngine ecb = (AESEngine) AESEngine.newInstance();
    ecb.init(true, new KeyParameter(k1));
    ecb.processBlock(block, 0, out, 0);

    byte[] counter = Arrays.copyOf(out, 16);
    counter[12] &= 0x7f;
    SICBlockCipher ctr = (SICBlockCipher) SICBlockCipher.newInstance(AESEngine.newInstance());
    ctr.init(true, new ParametersWithIV(new KeyParameter(k1), counter));
    ctr.processBytes(plaintext, 0, plaintext.length, out, 16);
    return out;
  }

  private static byte[] randomBytes(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
