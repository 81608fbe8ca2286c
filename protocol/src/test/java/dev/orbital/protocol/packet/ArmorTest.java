package dev.orbital.protocol.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbital.protocol.crypto.SymmetricKey;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ArmorTest {

  private static final SymmetricKey KEY = key(1);

  @ParameterizedTest
  @EnumSource(
      value = CipherSuite.class,
      names = {"POLY1305_NONE", "POLY1305_SALSA2012", "AES_GMAC_SIV"})
  void shouldRoundTripPacketsOfEveryLength(CipherSuite cipher) {
    Armor sender = new Armor(KEY);
    Armor receiver = new Armor(KEY);
    SplittableRandom random = new SplittableRandom(cipher.ordinal());
    int[] lengths =
        IntStream.concat(
                IntStream.rangeClosed(PacketHeader.MIN_LENGTH, 300),
                IntStream.of(
                    1431, 1432, 1433, 2800, PacketHeader.MAX_LENGTH - 1, PacketHeader.MAX_LENGTH))
            .toArray();
    for (int length : lengths) {
      byte[] plaintext = packet(random, length);
      byte[] packet = plaintext.clone();

      sender.armor(packet, length, cipher);

      assertThat(CipherSuite.of(packet)).isEqualTo(cipher);
      assertThat(PacketHeader.flags(packet) & PacketHeader.FLAG_ENCRYPTED_LEGACY)
          .isEqualTo(cipher == CipherSuite.POLY1305_SALSA2012 ? 0x80 : 0);
      if (length - PacketHeader.VERB >= 8) {
        assertThat(
                Arrays.equals(
                    packet, PacketHeader.VERB, length, plaintext, PacketHeader.VERB, length))
            .as("payload of %d bytes left in clear", length)
            .isEqualTo(cipher == CipherSuite.POLY1305_NONE);
      }

      assertThat(receiver.dearmor(packet, length))
          .as("length %d", length)
          .isEqualTo(Armor.Result.AUTHENTIC);

      assertThat(Arrays.copyOfRange(packet, PacketHeader.VERB, length))
          .isEqualTo(Arrays.copyOfRange(plaintext, PacketHeader.VERB, length));
      assertThat(Arrays.copyOfRange(packet, PacketHeader.DESTINATION, PacketHeader.FLAGS))
          .isEqualTo(Arrays.copyOfRange(plaintext, PacketHeader.DESTINATION, PacketHeader.FLAGS));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = CipherSuite.class,
      names = {"POLY1305_NONE", "POLY1305_SALSA2012", "AES_GMAC_SIV"})
  void shouldRejectEveryFlippedBitExceptInTheHopCount(CipherSuite cipher) {
    Armor armor = new Armor(KEY);
    byte[] wire = packet(new SplittableRandom(3), 90);
    armor.armor(wire, wire.length, cipher);
    for (int i = 0; i < wire.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        if (i == PacketHeader.FLAGS && (1 << bit & PacketHeader.HOPS_MASK) != 0) {
          continue;
        }
        byte[] packet = wire.clone();
        packet[i] ^= (byte) (1 << bit);

        assertThat(armor.dearmor(packet, packet.length))
            .as("byte %d bit %d", i, bit)
            .isNotEqualTo(Armor.Result.AUTHENTIC);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = CipherSuite.class,
      names = {"POLY1305_NONE", "POLY1305_SALSA2012", "AES_GMAC_SIV"})
  void shouldAcceptAnyHopCountBecauseRelaysRaiseIt(CipherSuite cipher) {
    Armor armor = new Armor(KEY);
    byte[] wire = packet(new SplittableRandom(4), 200);
    armor.armor(wire, wire.length, cipher);
    for (int hops = 0; hops <= PacketHeader.HOPS_MASK; hops++) {
      byte[] packet = wire.clone();
      PacketHeader.setHops(packet, hops);

      assertThat(armor.dearmor(packet, packet.length))
          .as("hops %d", hops)
          .isEqualTo(Armor.Result.AUTHENTIC);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = CipherSuite.class,
      names = {"POLY1305_NONE", "POLY1305_SALSA2012", "AES_GMAC_SIV"})
  void shouldCoverTheFragmentedFlagSetBeforeArmoring(CipherSuite cipher) {
    Armor armor = new Armor(KEY);
    byte[] wire = packet(new SplittableRandom(5), 2000);
    PacketHeader.setFragmented(wire, true);
    armor.armor(wire, wire.length, cipher);
    byte[] cleared = wire.clone();
    PacketHeader.setFragmented(cleared, false);

    assertThat(PacketHeader.isFragmented(wire)).isTrue();
    assertThat(armor.dearmor(cleared, cleared.length)).isEqualTo(Armor.Result.BAD_MAC);
    assertThat(armor.dearmor(wire, wire.length)).isEqualTo(Armor.Result.AUTHENTIC);
  }

  @ParameterizedTest
  @EnumSource(
      value = CipherSuite.class,
      names = {"POLY1305_NONE", "POLY1305_SALSA2012", "AES_GMAC_SIV"})
  void shouldRejectTruncatedOrExtendedPackets(CipherSuite cipher) {
    Armor armor = new Armor(KEY);
    byte[] wire = packet(new SplittableRandom(6), 500);
    armor.armor(wire, 400, cipher);

    assertThat(armor.dearmor(wire.clone(), 399)).isEqualTo(Armor.Result.BAD_MAC);
    assertThat(armor.dearmor(wire.clone(), 401)).isEqualTo(Armor.Result.BAD_MAC);
    assertThat(armor.dearmor(wire.clone(), 400)).isEqualTo(Armor.Result.AUTHENTIC);
  }

  @ParameterizedTest
  @EnumSource(
      value = CipherSuite.class,
      names = {"POLY1305_NONE", "POLY1305_SALSA2012", "AES_GMAC_SIV"})
  void shouldDropPacketWithBadMacUnderAnotherKey(CipherSuite cipher) {
    byte[] packet = packet(new SplittableRandom(7), 300);
    new Armor(KEY).armor(packet, packet.length, cipher);

    assertThat(new Armor(key(2)).dearmor(packet, packet.length)).isEqualTo(Armor.Result.BAD_MAC);
  }

  @Test
  void shouldAuthenticateAReplayedAesPacketWithoutTrippingTheJceNonceReuseCheck() {
    Armor sender = new Armor(KEY);
    Armor receiver = new Armor(KEY);
    byte[] wire = packet(new SplittableRandom(8), 1432);
    byte[] again = wire.clone();
    sender.armor(wire, wire.length, CipherSuite.AES_GMAC_SIV);
    sender.armor(again, again.length, CipherSuite.AES_GMAC_SIV); // same packet ID twice in a row

    assertThat(again).isEqualTo(wire);
    for (int i = 0; i < 3; i++) {
      assertThat(receiver.dearmor(wire.clone(), wire.length)).isEqualTo(Armor.Result.AUTHENTIC);
    }
  }

  @Test
  void shouldReportUnsupportedCiphersWithoutCheckingAnything() {
    Armor armor = new Armor(KEY);
    for (int cipher : new int[] {2, 4, 5, 6, 7}) {
      byte[] packet = packet(new SplittableRandom(cipher), 100);
      packet[PacketHeader.FLAGS] = (byte) (cipher << 3);

      assertThat(armor.dearmor(packet, packet.length)).isEqualTo(Armor.Result.UNSUPPORTED_CIPHER);
    }
  }

  @Test
  void shouldReportBadLengthsInsteadOfThrowing() {
    Armor armor = new Armor(KEY);

    assertThat(armor.dearmor(new byte[27], 27)).isEqualTo(Armor.Result.BAD_LENGTH);
    assertThat(armor.dearmor(new byte[0], 0)).isEqualTo(Armor.Result.BAD_LENGTH);
    assertThat(armor.dearmor(new byte[100], 101)).isEqualTo(Armor.Result.BAD_LENGTH);
    assertThat(armor.dearmor(new byte[10025], 10025)).isEqualTo(Armor.Result.BAD_LENGTH);
  }

  @Test
  void shouldNeverThrowOnRandomInput() {
    Armor armor = new Armor(KEY);
    SplittableRandom random = new SplittableRandom(9);
    for (int round = 0; round < 5000; round++) {
      byte[] packet = new byte[random.nextInt(1500)];
      random.nextBytes(packet);

      assertThat(armor.dearmor(packet, packet.length)).isNotEqualTo(Armor.Result.AUTHENTIC);
    }
  }

  @Test
  void shouldRefuseToArmorWhatItCannot() {
    Armor armor = new Armor(KEY);

    assertThatThrownBy(() -> armor.armor(new byte[27], 27, CipherSuite.POLY1305_NONE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> armor.armor(new byte[10025], 10025, CipherSuite.AES_GMAC_SIV))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> armor.armor(new byte[100], 100, CipherSuite.TRUSTED_PATH))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldMangleTheSalsaKeyWithHeaderFlagsAndLength() {
    // Cipher 1 rebuilt from its definition with Bouncy Castle's Salsa20/12 and Poly1305.
    byte[] packet = packet(new SplittableRandom(10), 333);
    PacketHeader.setFragmented(packet, true);
    byte[] plaintext = packet.clone();
    byte[] salsaKey = new byte[32];
    KEY.copySalsaKey(salsaKey, 0);

    new Armor(KEY).armor(packet, packet.length, CipherSuite.POLY1305_SALSA2012);

    byte[] flags = {(byte) ((plaintext[18] & 0x47) | 0x80 | 1 << 3)};
    byte[] mangled = salsaKey.clone();
    for (int i = 0; i < 18; i++) {
      mangled[i] ^= plaintext[i];
    }
    mangled[18] ^= (byte) (flags[0] & 0xf8);
    mangled[19] ^= (byte) 333;
    mangled[20] ^= (byte) (333 >> 8);
    Salsa20Engine salsa = new Salsa20Engine(12);
    salsa.init(true, new ParametersWithIV(new KeyParameter(mangled), Arrays.copyOf(plaintext, 8)));
    byte[] keystream = new byte[64 + 333 - 27];
    salsa.processBytes(new byte[keystream.length], 0, keystream.length, keystream, 0);
    byte[] ciphertext = new byte[333 - 27];
    for (int i = 0; i < ciphertext.length; i++) {
      ciphertext[i] = (byte) (plaintext[27 + i] ^ keystream[64 + i]);
    }
    org.bouncycastle.crypto.macs.Poly1305 poly = new org.bouncycastle.crypto.macs.Poly1305();
    poly.init(new KeyParameter(keystream, 0, 32));
    poly.update(ciphertext, 0, ciphertext.length);
    byte[] mac = new byte[16];
    poly.doFinal(mac, 0);

    assertThat(packet[18]).isEqualTo(flags[0]);
    assertThat(Arrays.copyOfRange(packet, 27, 333)).isEqualTo(ciphertext);
    assertThat(Arrays.copyOfRange(packet, 19, 27)).isEqualTo(Arrays.copyOf(mac, 8));
  }

  @Test
  void shouldCryptTheHelloFieldWithTheUnmangledKeyAndMaskedPacketId() {
    byte[] packet = packet(new SplittableRandom(11), 180);
    packet[7] |= 0x07;
    byte[] plaintext = packet.clone();
    byte[] salsaKey = new byte[32];
    KEY.copySalsaKey(salsaKey, 0);
    byte[] nonce = Arrays.copyOf(plaintext, 8);
    nonce[7] &= (byte) 0xf8;
    Salsa20Engine salsa = new Salsa20Engine(12);
    salsa.init(true, new ParametersWithIV(new KeyParameter(salsaKey), nonce));
    byte[] expected = new byte[50];
    salsa.processBytes(plaintext, 130, 50, expected, 0);
    Armor armor = new Armor(KEY);

    armor.cryptHelloField(packet, 130, 50);

    assertThat(Arrays.copyOfRange(packet, 130, 180)).isEqualTo(expected);
    assertThat(Arrays.copyOf(packet, 130)).isEqualTo(Arrays.copyOf(plaintext, 130));
    armor.cryptHelloField(packet, 130, 50);
    assertThat(packet).isEqualTo(plaintext);
  }

  @Test
  void shouldNotPrintTheKey() {
    assertThat(new Armor(KEY)).hasToString("Armor[secret]");
  }

  /**
   * A packet with a random ID, addresses, verb and payload; flags zero (no hops, not fragmented).
   */
  private static byte[] packet(SplittableRandom random, int length) {
    byte[] packet = new byte[length];
    random.nextBytes(packet);
    packet[PacketHeader.SOURCE] = 0x3a; // never the 0xFF fragment indicator
    packet[PacketHeader.FLAGS] = 0;
    return packet;
  }

  private static SymmetricKey key(int seed) {
    byte[] key = new byte[SymmetricKey.LENGTH];
    new SplittableRandom(seed).nextBytes(key);
    return new SymmetricKey(key);
  }
}
