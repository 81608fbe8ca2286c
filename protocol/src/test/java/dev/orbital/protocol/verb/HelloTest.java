package dev.orbital.protocol.verb;

import static dev.orbital.protocol.verb.Samples.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.conformance.Corpus;
import dev.orbital.protocol.crypto.Salsa20;
import dev.orbital.protocol.crypto.SymmetricKey;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.packet.PacketHeader;
import dev.orbital.protocol.packet.Verb;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HelloTest {

  /** The first datagram of the corpus capture: B's HELLO to A, cipher 0, as sent. */
  private static final String CORPUS_HELLO =
      """
      be9926d20cd630fb    # packet ID
      e7745d5aa3          # destination A
      3a77b41ec3          # source B
      00                  # flags: cipher 0, hops 0
      3365d8febc2f1257    # MAC
      01                  # verb HELLO, not compressed
      0c                  # protocol version 12
      01 0e 0001          # software 1.14.1
      000001a20dd2f43b    # timestamp 1795528258619
      3a77b41ec3 00       # identity: address, type 0
      3402157496c17788b406d061adc66c70234fca5351d888c19753aaf7074d7701
      b27c07d225d60dfe20dd0553c528a381cc6731a3aedc2fc54534e375d42a8e7a
      00                  # no private key
      04 0a4d0001 2709    # sent to 10.77.0.1/9993
      0000005a5a000001    # planet world ID
      00000000000003e8    # planet timestamp 1000
      6be9                # cryptField: moon count 0, encrypted
      """;

  @Test
  void shouldDecodeStockHelloAfterDecryptingItsMoonList() throws Exception {
    byte[] packet = hex(CORPUS_HELLO);
    int payloadLength = packet.length - PacketHeader.PAYLOAD;

    int cryptAt = Hello.cryptFieldOffset(packet, PacketHeader.PAYLOAD, payloadLength);
    decryptCryptField(
        packet, PacketHeader.PAYLOAD + cryptAt, Samples.member(), Samples.controller());
    Hello hello =
        (Hello)
            VerbCodec.decode(
                PacketHeader.verb(packet), packet, PacketHeader.PAYLOAD, payloadLength);

    // expected-decode.txt: proto=12 ver=1.14.1 ts=1795528258619 id=3a77b41ec3
    //                      planet=5a5a000001/1000 moons=0
    assertThat(cryptAt).isEqualTo(13 + 71 + 7 + 16);
    assertThat(Arrays.copyOfRange(packet, packet.length - 2, packet.length)).containsExactly(0, 0);
    assertThat(hello.protocolVersion()).isEqualTo(12);
    assertThat(List.of(hello.majorVersion(), hello.minorVersion(), hello.revision()))
        .containsExactly(1, 14, 1);
    assertThat(hello.timestamp()).isEqualTo(1_795_528_258_619L);
    assertThat(hello.identity()).isEqualTo(Samples.member().toPublic());
    assertThat(hello.identity().address().value()).isEqualTo(PacketHeader.source(packet));
    assertThat(hello.destination()).hasToString("10.77.0.1/9993");
    assertThat(hello.planetId()).isEqualTo(0x5a5a000001L);
    assertThat(hello.planetTimestamp()).isEqualTo(1000);
    assertThat(hello.moons()).isEmpty();
    assertThat(hello.cryptFieldOffset()).isEqualTo(cryptAt);
    assertThat(VerbCodec.encode(hello))
        .isEqualTo(Arrays.copyOfRange(packet, PacketHeader.PAYLOAD, packet.length));
  }

  @Test
  void shouldPlaceCryptFieldAfterThePlanetForEveryDestinationForm() throws Exception {
    for (String name : List.of("HELLO", "HELLO with moons over IPv6")) {
      Hello hello = (Hello) Samples.all().get(name);
      byte[] encoded = VerbCodec.encode(hello);

      int offset = Hello.cryptFieldOffset(encoded, 0, encoded.length);

      assertThat(offset).isEqualTo(hello.cryptFieldOffset());
      assertThat(encoded.length - offset).isEqualTo(2 + hello.moons().size() * Hello.Moon.LENGTH);
    }
  }

  @Test
  void shouldAcceptOldHelloThatEndsAfterTheIdentity() throws Exception {
    byte[] full = VerbCodec.encode(Samples.all().get("HELLO"));
    byte[] old = Arrays.copyOf(full, 13 + Identity.PUBLIC_BINARY_LENGTH);

    Hello hello = (Hello) VerbCodec.decode(Verb.HELLO.code(), old);

    assertThat(Hello.cryptFieldOffset(old, 0, old.length)).isEqualTo(old.length);
    assertThat(hello.destination()).isEqualTo(IpEndpoint.NONE);
    assertThat(hello.planetId()).isZero();
    assertThat(hello.moons()).isEmpty();
  }

  @Test
  void shouldKeepMoonsOfOtherWorldTypesForTheReceiverToFilter() throws Exception {
    byte[] full = VerbCodec.encode(Samples.all().get("HELLO with moons over IPv6"));
    full[full.length - 2 * Hello.Moon.LENGTH] = 1;

    Hello hello = (Hello) VerbCodec.decode(Verb.HELLO.code(), full);

    assertThat(hello.moons()).extracting(Hello.Moon::worldType).containsExactly(1, 127);
  }

  @Test
  void shouldDecodeOkHelloBuiltFromTheSpec() throws Exception {
    byte[] planet = Corpus.bytes("planet.v2");
    byte[] head =
        hex(
            """
            01                  # in-re verb HELLO
            8a7b6c5d4e3f2a1b    # in-re packet ID
            000001a20dd307c4    # timestamp echo 1795528263620
            0c                  # protocol version 12
            01 0e 0001          # software 1.14.1
            04 0a4d0002 2709    # surface: we were seen as 10.77.0.2/9993
            0101                # world updates: 257 bytes (planet v2)
            """);
    byte[] ok = Arrays.copyOf(head, head.length + planet.length);
    System.arraycopy(planet, 0, ok, head.length, planet.length);

    OkHello decoded = (OkHello) VerbCodec.decode(Verb.OK.code(), ok);

    // expected-decode.txt: echoTs=1795528263620 proto=12 ver=1.14 surface=10.77.0.2:9993
    //                      worldUpdateLen=257
    assertThat(decoded.inRePacketId()).isEqualTo(0x8a7b6c5d4e3f2a1bL);
    assertThat(decoded.timestampEcho()).isEqualTo(1_795_528_263_620L);
    assertThat(decoded.protocolVersion()).isEqualTo(12);
    assertThat(List.of(decoded.majorVersion(), decoded.minorVersion(), decoded.revision()))
        .containsExactly(1, 14, 1);
    assertThat(decoded.surface()).hasToString("10.77.0.2/9993");
    assertThat(decoded.worldUpdates()).isEqualTo(planet);
    assertThat(VerbCodec.encode(decoded)).isEqualTo(ok);
  }

  @Test
  void shouldAcceptOldOkHelloThatEndsAfterTheVersions() throws Exception {
    byte[] ok = hex("01 0000000000000001 000001a20dd307c4 05 01 01 0003");

    OkHello decoded = (OkHello) VerbCodec.decode(Verb.OK.code(), ok);

    assertThat(decoded.surface()).isEqualTo(IpEndpoint.NONE);
    assertThat(decoded.worldUpdates()).isEmpty();
  }

  /** The cryptField cipher (§5.3): Salsa20/12, unmangled key, packet ID with low 3 bits cleared. */
  private static void decryptCryptField(
      byte[] packet, int from, Identity sender, Identity receiver) {
    SymmetricKey key = sender.agree(receiver).orElseThrow();
    byte[] salsaKey = new byte[SymmetricKey.SALSA_KEY_LENGTH];
    key.copySalsaKey(salsaKey, 0);
    byte[] nonce = Arrays.copyOf(packet, 8);
    nonce[7] &= (byte) 0xf8;
    new Salsa20(12).init(salsaKey, 0, nonce, 0).crypt(packet, from, packet.length - from);
  }
}
