package dev.orbital.protocol.verb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.conformance.Corpus;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.packet.Armor;
import dev.orbital.protocol.packet.CipherSuite;
import dev.orbital.protocol.packet.PacketHeader;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PacketCodecTest {

  static final Identity A = identity("A");
  static final Identity B = identity("B");
  static final int MTU = PacketHeader.DEFAULT_PHYSICAL_MTU;

  static Identity identity(String name) {
    return Corpus.identity(name);
  }

  final PacketCodec sender = new PacketCodec();
  final PacketCodec receiver = new PacketCodec();
  final Armor senderArmor = new Armor(A.agree(B).orElseThrow());
  final Armor receiverArmor = new Armor(B.agree(A).orElseThrow());
  final byte[] packet = new byte[PacketHeader.MAX_LENGTH];

  @ParameterizedTest
  @EnumSource(
      value = CipherSuite.class,
      names = {"POLY1305_SALSA2012", "AES_GMAC_SIV"})
  void shouldOpenWhatItSealedWithCompression(CipherSuite cipher) throws Exception {
    byte[] repetitive = new byte[3000];
    Arrays.fill(repetitive, (byte) 'z');
    Message echo = new Echo(repetitive);

    int length =
        sender.seal(echo, 42, B.address(), A.address(), cipher, senderArmor, true, MTU, packet);

    assertThat(length).isLessThan(200);
    assertThat(PacketHeader.isFragmented(packet)).isFalse();
    assertThat(receiver.open(Arrays.copyOf(packet, length), length, receiverArmor)).isEqualTo(echo);
  }

  @Test
  void shouldEncryptHelloMoonListAndSendHelloAsCipherZero() throws Exception {
    Hello hello =
        new Hello(
            12,
            1,
            14,
            1,
            1_795_528_258_619L,
            A.toPublic(),
            IpEndpoint.of(new byte[] {10, 77, 0, 2}, 9993),
            0x5a5a000001L,
            1000,
            List.of(Hello.Moon.of(0x3a77b41ec3L, 0)));

    int length =
        sender.seal(
            hello,
            7,
            B.address(),
            A.address(),
            CipherSuite.AES_GMAC_SIV,
            senderArmor,
            true,
            MTU,
            packet);

    assertThat(PacketHeader.cipher(packet)).isZero();
    byte[] plainTail = new byte[] {0, 1, 127};
    int tail = PacketHeader.PAYLOAD + hello.cryptFieldOffset();
    assertThat(Arrays.copyOfRange(packet, tail, tail + 3)).isNotEqualTo(plainTail);
    assertThat(receiver.open(Arrays.copyOf(packet, length), length, receiverArmor))
        .isEqualTo(hello);
  }

  @Test
  void shouldMarkPacketsLongerThanTheMtuAsFragmented() {
    byte[] random = new byte[2000];
    new java.util.Random(1).nextBytes(random);

    sender.seal(
        new Echo(random),
        1,
        B.address(),
        A.address(),
        CipherSuite.AES_GMAC_SIV,
        senderArmor,
        true,
        MTU,
        packet);

    assertThat(PacketHeader.isFragmented(packet)).isTrue();
  }

  @Test
  void shouldRefuseAPacketUnderAnotherKey() {
    Armor wrong = new Armor(A.agree(identity("C")).orElseThrow());
    int length =
        sender.seal(
            new Echo(new byte[10]),
            1,
            B.address(),
            A.address(),
            CipherSuite.POLY1305_SALSA2012,
            wrong,
            false,
            MTU,
            packet);

    assertThatThrownBy(() -> receiver.open(packet, length, receiverArmor))
        .isInstanceOf(PacketCodec.UnauthenticatedPacketException.class)
        .hasMessageContaining("BAD_MAC");
  }

  @Test
  void shouldRefuseAMessageThatCannotFitInSevenFragments() {
    assertThatThrownBy(
            () ->
                sender.seal(
                    new Echo(new byte[9990]),
                    1,
                    B.address(),
                    new Address(1),
                    CipherSuite.AES_GMAC_SIV,
                    senderArmor,
                    false,
                    MTU,
                    packet))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
