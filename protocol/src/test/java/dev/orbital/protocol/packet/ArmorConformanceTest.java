package dev.orbital.protocol.packet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.conformance.Corpus;
import dev.orbital.protocol.conformance.PcapReader;
import dev.orbital.protocol.crypto.SymmetricKey;
import dev.orbital.protocol.identity.Identity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Cipher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Known answers from real stock 1.14.1 traffic: every whole packet in the capture authenticates.
 */
class ArmorConformanceTest {

  private static final int FRAGMENT_INDICATOR = 0xff;

  private static Map<Long, Identity> identities;
  private static List<PcapReader.Datagram> datagrams;

  @BeforeAll
  static void loadCorpus() {
    identities = new HashMap<>();
    for (String name : List.of("A", "B", "C", "D")) {
      Identity identity = identity(name);
      identities.put(identity.address().value(), identity);
    }
    datagrams = Corpus.datagrams();
  }

  @Test
  void shouldReadTheCaptureAsUdpDatagramsBetweenTheCorpusNodes() {
    assertThat(datagrams).hasSize(600);
    assertThat(datagrams.get(0).source().toString()).isEqualTo("/10.77.0.2:9993");
    assertThat(datagrams.get(0).destination().toString()).isEqualTo("/10.77.0.1:9993");
    assertThat(datagrams)
        .allSatisfy(
            d -> assertThat(d.source().getAddress().getHostAddress()).startsWith("10.77.0."));
  }

  @Test
  void shouldAuthenticateEveryWholePacketOfTheCaptureWithTheAgreedKey() {
    Map<Integer, Integer> authenticated = new TreeMap<>();
    int relayed = 0;
    List<String> failures = new ArrayList<>();
    Map<String, Armor> armors = new HashMap<>();
    for (PcapReader.Datagram datagram : datagrams) {
      byte[] packet = datagram.payload().clone();
      if (!isWholePacket(packet)) {
        continue;
      }
      Armor armor = armorFor(armors, packet);
      int cipher = PacketHeader.cipher(packet);
      Armor.Result result = armor.dearmor(packet, packet.length);
      if (result.isAuthentic() && Verb.of(PacketHeader.verb(packet)) != null) {
        authenticated.merge(cipher, 1, Integer::sum);
        relayed += PacketHeader.hops(packet) > 0 ? 1 : 0;
      } else {
        failures.add(result + " cipher " + cipher + " " + datagram);
      }
    }

    assertThat(failures).isEmpty();
    // expected-decode.txt: 31 HELLOs, 33 cipher-1 packets, and 446 cipher-3 packets of which 89
    // are fragmented heads (those need reassembly first).
    assertThat(authenticated).isEqualTo(Map.of(0, 31, 1, 33, 3, 357));
    // The 8 packets relayed through the root arrive with hops = 1 and still authenticate.
    assertThat(relayed).isEqualTo(8);
  }

  @Test
  void shouldReproduceTheStockWireBytesWhenArmoringTheDecryptedPackets() throws Exception {
    Map<String, Armor> armors = new HashMap<>();
    int rearmored = 0;
    for (PcapReader.Datagram datagram : datagrams) {
      byte[] wire = datagram.payload();
      if (!isWholePacket(wire)) {
        continue;
      }
      byte[] packet = wire.clone();
      Armor armor = armorFor(armors, packet);
      assertThat(armor.dearmor(packet, packet.length)).isEqualTo(Armor.Result.AUTHENTIC);
      CipherSuite cipher = CipherSuite.of(packet);
      if (cipher == CipherSuite.AES_GMAC_SIV) {
        // The sender's random packet ID is inside the SIV tag: AES-decrypt it with K1.
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.DECRYPT_MODE, agreedKey(packet).aesK1());
        byte[] tag = new byte[16];
        System.arraycopy(wire, PacketHeader.ID, tag, 0, 8);
        System.arraycopy(wire, PacketHeader.MAC, tag, 8, 8);
        System.arraycopy(ecb.doFinal(tag), 0, packet, PacketHeader.ID, 8);
      }

      armor.armor(packet, packet.length, cipher);

      assertThat(packet).as("%s", datagram).isEqualTo(wire);
      rearmored++;
    }
    assertThat(rearmored).isEqualTo(31 + 33 + 357);
  }

  @Test
  void shouldSetTheLegacyEncryptedFlagExactlyOnCipher1InStockTraffic() {
    for (PcapReader.Datagram datagram : datagrams) {
      byte[] packet = datagram.payload();
      if (isWholePacket(packet)) {
        boolean legacy = (PacketHeader.flags(packet) & PacketHeader.FLAG_ENCRYPTED_LEGACY) != 0;
        assertThat(legacy).as("%s", datagram).isEqualTo(PacketHeader.cipher(packet) == 1);
      }
    }
  }

  @Test
  void shouldDecryptEveryHelloMoonListToAnEmptyList() {
    int hellos = 0;
    Map<String, Armor> armors = new HashMap<>();
    for (PcapReader.Datagram datagram : datagrams) {
      byte[] packet = datagram.payload().clone();
      if (!isWholePacket(packet) || PacketHeader.cipher(packet) != 0) {
        continue;
      }
      Armor armor = armorFor(armors, packet);
      assertThat(armor.dearmor(packet, packet.length)).isEqualTo(Armor.Result.AUTHENTIC);
      assertThat(Verb.of(PacketHeader.verb(packet))).isEqualTo(Verb.HELLO);
      int field = helloEncryptedFieldOffset(packet);
      assertThat(packet.length - field).as("%s", datagram).isEqualTo(2);

      armor.cryptHelloField(packet, field, packet.length - field);

      assertThat(packet[field] | packet[field + 1]).as("moon count of %s", datagram).isZero();
      hellos++;
    }
    assertThat(hellos).isEqualTo(31);
  }

  @Test
  void shouldRejectStockPacketsUnderAnotherPeersKey() {
    Identity a = identities.get(Address.parse("e7745d5aa3").value());
    Identity d = identities.get(Address.parse("3b9f8c5447").value());
    Armor wrong = new Armor(a.agree(d).orElseThrow());
    int rejected = 0;
    for (PcapReader.Datagram datagram : datagrams) {
      byte[] packet = datagram.payload().clone();
      if (!isWholePacket(packet)) {
        continue;
      }
      long source = PacketHeader.source(packet);
      long destination = PacketHeader.destination(packet);
      boolean betweenAandD =
          (source == a.address().value() || destination == a.address().value())
              && (source == d.address().value() || destination == d.address().value());
      if (!betweenAandD) {
        assertThat(wrong.dearmor(packet, packet.length)).isEqualTo(Armor.Result.BAD_MAC);
        rejected++;
      }
    }
    assertThat(rejected).isGreaterThan(200);
  }

  /** A whole (unfragmented) packet, neither a fragment nor the head of a fragmented packet. */
  static boolean isWholePacket(byte[] packet) {
    return packet.length >= PacketHeader.MIN_LENGTH
        && (packet[PacketHeader.SOURCE] & 0xff) != FRAGMENT_INDICATOR
        && !PacketHeader.isFragmented(packet);
  }

  private static Armor armorFor(Map<String, Armor> armors, byte[] packet) {
    String pair =
        Address.read(packet, PacketHeader.SOURCE)
            + ">"
            + Address.read(packet, PacketHeader.DESTINATION);
    return armors.computeIfAbsent(pair, p -> new Armor(agreedKey(packet)));
  }

  /** The key the destination agrees with the source: both ends compute the same one. */
  private static SymmetricKey agreedKey(byte[] packet) {
    Identity source = identities.get(PacketHeader.source(packet));
    Identity destination = identities.get(PacketHeader.destination(packet));
    assertThat(source).as("source of %s", Address.read(packet, PacketHeader.SOURCE)).isNotNull();
    assertThat(destination).isNotNull();
    return destination.agree(source).orElseThrow();
  }

  /**
   * HELLO: version(5) timestamp(8) identity(71) InetAddress planetId(8) planetTimestamp(8) field.
   */
  private static int helloEncryptedFieldOffset(byte[] packet) {
    int offset = PacketHeader.PAYLOAD + 5 + 8 + Identity.PUBLIC_BINARY_LENGTH;
    int addressType = packet[offset];
    offset +=
        switch (addressType) {
          case 0 -> 1;
          case 4 -> 1 + 4 + 2;
          case 6 -> 1 + 16 + 2;
          default -> throw new AssertionError("unexpected InetAddress type " + addressType);
        };
    return offset + 16;
  }

  private static Identity identity(String name) {
    return Corpus.identity(name);
  }
}
