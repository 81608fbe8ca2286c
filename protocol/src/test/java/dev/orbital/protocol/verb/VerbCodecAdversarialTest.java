package dev.orbital.protocol.verb;

import static dev.orbital.protocol.verb.Samples.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.packet.Verb;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VerbCodecAdversarialTest {

  /** Payload bytes below which a verb cannot decode at all. */
  private static final Map<Integer, Integer> MINIMUM_LENGTH =
      Map.ofEntries(
          Map.entry(Verb.HELLO.code(), 13 + 71),
          Map.entry(Verb.ERROR.code(), 10),
          Map.entry(Verb.OK.code(), 9),
          Map.entry(Verb.RENDEZVOUS.code(), 9 + 4),
          Map.entry(Verb.FRAME.code(), 10),
          Map.entry(Verb.EXT_FRAME.code(), 23),
          Map.entry(Verb.NETWORK_CONFIG_REQUEST.code(), 8),
          Map.entry(Verb.NETWORK_CONFIG.code(), 10 + 17 + 3),
          Map.entry(Verb.MULTICAST_GATHER.code(), 23),
          Map.entry(Verb.MULTICAST_FRAME.code(), 21),
          Map.entry(Verb.PUSH_DIRECT_PATHS.code(), 2),
          Map.entry(Verb.USER_MESSAGE.code(), 8));

  static Stream<Arguments> samples() {
    return Samples.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void shouldRejectOrCleanlyDecodeEveryTruncation(String name, Message message) {
    byte[] encoded = VerbCodec.encode(message);
    int minimum = MINIMUM_LENGTH.getOrDefault(message.verbCode(), 0);

    for (int length = 0; length < encoded.length; length++) {
      try {
        Message decoded = VerbCodec.decode(message.verbCode(), encoded, 0, length);
        assertThat(length).as("decoded a %d-byte prefix", length).isGreaterThanOrEqualTo(minimum);
        assertThat(VerbCodec.encode(decoded)).isNotNull();
      } catch (ProtocolException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void shouldThrowOnlyProtocolExceptionForMutatedBytes(String name, Message message) {
    byte[] encoded = VerbCodec.encode(message);
    Random random = new Random(name.hashCode());

    for (int round = 0; round < 400 && encoded.length > 0; round++) {
      byte[] mutated = encoded.clone();
      for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
        mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
      }
      decodeOrReject(message.verbCode(), mutated);
    }
  }

  @Test
  void shouldThrowOnlyProtocolExceptionForRandomBytesUnderEveryVerbCode() {
    Random random = new Random(1432);
    for (int verbCode = 0; verbCode <= VerbCodec.MAX_VERB_CODE; verbCode++) {
      for (int round = 0; round < 1500; round++) {
        byte[] payload = new byte[random.nextInt(160)];
        random.nextBytes(payload);
        if (verbCode == Verb.OK.code() && payload.length > 0) {
          payload[0] = (byte) random.nextInt(0x20); // mostly known in-re verbs
        }
        decodeOrReject(verbCode, payload);
      }
    }
  }

  @Test
  void shouldDecodeUnknownVerbCodesAsIgnored() throws Exception {
    for (int verbCode = 0; verbCode <= VerbCodec.MAX_VERB_CODE; verbCode++) {
      if (Verb.of(verbCode) == null) {
        Message decoded = VerbCodec.decode(verbCode, new byte[] {1, 2, 3});

        assertThat(decoded).isEqualTo(new Ignored(verbCode, new byte[] {1, 2, 3}));
      }
    }
  }

  @Test
  void shouldRejectVerbCodeOutOfRange() {
    assertThatThrownBy(() -> VerbCodec.decode(32, new byte[0]))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("verb code out of range: 32");
    assertThatThrownBy(() -> VerbCodec.decode(-1, new byte[0]))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void shouldRejectPayloadLargerThanAPacket() {
    byte[] payload = new byte[VerbCodec.MAX_PAYLOAD + 1];

    assertThatThrownBy(() -> VerbCodec.decode(Verb.ECHO.code(), payload))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("payload length: 9997 (limit: 9996)");
  }

  @Test
  void shouldRejectTruncatedHelloWithExpectedLength() {
    byte[] hello = VerbCodec.encode(Samples.all().get("HELLO"));

    assertThatThrownBy(() -> VerbCodec.decode(Verb.HELLO.code(), hello, 0, 41))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("truncated HELLO: 41 bytes (expected: 83+)");
  }

  @Test
  void shouldRejectHelloWithOversizedMoonCount() {
    byte[] hello = VerbCodec.encode(Samples.all().get("HELLO"));
    hello[hello.length - 2] = (byte) 0xff;
    hello[hello.length - 1] = (byte) 0xff;

    assertThatThrownBy(() -> VerbCodec.decode(Verb.HELLO.code(), hello))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("HELLO moon count: 65535 (limit: " + Hello.MAX_MOONS + ")");
  }

  @Test
  void shouldRejectHelloWhoseMoonCountExceedsItsBytes() {
    byte[] hello = VerbCodec.encode(Samples.all().get("HELLO with moons over IPv6"));
    int countAt = hello.length - 2 * Hello.Moon.LENGTH - 2;
    hello[countAt + 1] = 3;

    assertThatThrownBy(() -> VerbCodec.decode(Verb.HELLO.code(), hello))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("truncated HELLO");
  }

  @Test
  void shouldRejectHelloWithUnknownDestinationAddressType() {
    byte[] hello = VerbCodec.encode(Samples.all().get("HELLO"));
    hello[13 + 71] = 9;

    assertThatThrownBy(() -> VerbCodec.decode(Verb.HELLO.code(), hello))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("HELLO: unknown address type 9");
  }

  @Test
  void shouldRejectHelloWithUnknownIdentityType() {
    byte[] hello = VerbCodec.encode(Samples.all().get("HELLO"));
    hello[13 + 5] = 1;

    assertThatThrownBy(() -> VerbCodec.decode(Verb.HELLO.code(), hello))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("HELLO: unsupported identity type 1");
  }

  @Test
  void shouldRejectWhoisThatIsNotWholeAddresses() {
    assertThatThrownBy(() -> VerbCodec.decode(Verb.WHOIS.code(), new byte[7]))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("WHOIS: 7 bytes is not a whole number of addresses");
  }

  @Test
  void shouldRejectLikeThatIsNotWholeTuples() {
    assertThatThrownBy(() -> VerbCodec.decode(Verb.MULTICAST_LIKE.code(), new byte[19]))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("not a whole number of 18-byte LIKEs");
  }

  @Test
  void shouldRejectRendezvousWithWrongAddressLength() {
    byte[] payload =
        hex(
            """
            00              # flags
            3a77b41ec3      # peer
            2709            # port 9993
            05              # address length: neither 4 nor 16
            0a4d000201
            """);

    assertThatThrownBy(() -> VerbCodec.decode(Verb.RENDEZVOUS.code(), payload))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("RENDEZVOUS: bad address length 5");
  }

  @Test
  void shouldRejectPushedPathWhoseLengthDoesNotMatchItsType() {
    byte[] payload =
        hex(
            """
            0001            # one path
            00 0000         # flags, no extension
            04 12           # type 4 (IPv4) but length 18
            0a4d0002 2709 000000000000000000000000
            """);

    assertThatThrownBy(() -> VerbCodec.decode(Verb.PUSH_DIRECT_PATHS.code(), payload))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("PUSH_DIRECT_PATHS: address type 4 with length 18");
  }

  @Test
  void shouldSkipPushedPathOfUnknownAddressType() throws Exception {
    byte[] payload =
        hex(
            """
            0002            # two paths
            00 0000 05 03 aabbcc          # type 5, 3 bytes: skipped as a stock node does
            02 0001 ff 04 06 0a4d0002 2709 # cluster redirect, 1-byte extension, 10.77.0.2/9993
            """);

    PushDirectPaths decoded =
        (PushDirectPaths) VerbCodec.decode(Verb.PUSH_DIRECT_PATHS.code(), payload);

    assertThat(decoded.paths()).hasSize(1);
    assertThat(decoded.paths().get(0).flags()).isEqualTo(PushDirectPaths.FLAG_CLUSTER_REDIRECT);
    assertThat(decoded.paths().get(0).extension()).containsExactly(0xff);
    assertThat(decoded.paths().get(0).endpoint()).hasToString("10.77.0.2/9993");
  }

  @Test
  void shouldRejectOversizedPushedPathCount() {
    assertThatThrownBy(() -> VerbCodec.decode(Verb.PUSH_DIRECT_PATHS.code(), hex("ffff 00")))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("PUSH_DIRECT_PATHS count: 65535 (limit: " + PushDirectPaths.MAX_PATHS + ")");
    assertThatThrownBy(() -> VerbCodec.decode(Verb.PUSH_DIRECT_PATHS.code(), hex("0064 00")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("truncated PUSH_DIRECT_PATHS");
  }

  @Test
  void shouldRejectOversizedGatherResultCount() {
    byte[] ok =
        hex(
            """
            0d                  # in-re MULTICAST_GATHER
            0000000000000011    # in-re packet ID
            e7745d5aa3c51def    # network
            ffffffffffff 0a931401
            00000003            # total known
            ffff                # count: far more than fits
            3a77b41ec3
            """);

    assertThatThrownBy(() -> VerbCodec.decode(Verb.OK.code(), ok))
        .isInstanceOf(ProtocolException.class)
        .hasMessage(
            "OK(MULTICAST_GATHER) gather result count: 65535 (limit: "
                + GatherResults.MAX_MEMBERS
                + ")");
    ok[ok.length - 7] = 0;
    ok[ok.length - 6] = 2;
    assertThatThrownBy(() -> VerbCodec.decode(Verb.OK.code(), ok))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("truncated OK(MULTICAST_GATHER)");
  }

  @Test
  void shouldRejectWorldUpdateLongerThanItsBytes() {
    byte[] ok =
        hex(
            """
            01 0000000000000005 000001a20dd3a3c4 0c 01 0e 0001
            04 0a4d0002 2709    # surface
            0101                # world updates length 257
            0102                # but two bytes
            """);

    assertThatThrownBy(() -> VerbCodec.decode(Verb.OK.code(), ok))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("truncated OK(HELLO)");
  }

  @Test
  void shouldRejectUnknownErrorCode() {
    assertThatThrownBy(() -> VerbCodec.decode(Verb.ERROR.code(), hex("0b 0000000000000001 0a")))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("ERROR: unknown error code 10");
  }

  @Test
  void shouldRejectNetworkConfigPushInLegacyForm() {
    byte[] legacy = hex("e7745d5aa3c51def 0003 763d37");

    assertThatThrownBy(() -> VerbCodec.decode(Verb.NETWORK_CONFIG.code(), legacy))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("NETWORK_CONFIG: chunking fields missing");
  }

  @Test
  void shouldRejectChunkEndingPastTotalLength() {
    byte[] chunk =
        hex(
            """
            e7745d5aa3c51def 0003 763d37
            00 1122334455667788
            00000004            # total length 4
            00000002            # index 2: 2 + 3 > 4
            01 0060
            """);

    assertThatThrownBy(() -> VerbCodec.decode(Verb.NETWORK_CONFIG.code(), chunk))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("NETWORK_CONFIG: chunk at 2 of 3 bytes ends past total length 4");
  }

  @Test
  void shouldRejectOversizedChunkSignature() {
    byte[] chunk = hex("e7745d5aa3c51def 0000 00 1122334455667788 00000000 00000000 01 0400");

    assertThatThrownBy(() -> VerbCodec.decode(Verb.NETWORK_CONFIG.code(), chunk))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("NETWORK_CONFIG signature length: 1024 (limit: 256)");
  }

  @Test
  void shouldRejectExtFrameWhoseAttachedComIsBroken() {
    byte[] frame = hex("e7745d5aa3c51def 01 07 000000000000 000000000000 0800");

    assertThatThrownBy(() -> VerbCodec.decode(Verb.EXT_FRAME.code(), frame))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("EXT_FRAME: unknown COM version 7");
  }

  @Test
  void shouldIgnoreBrokenComInGatherAsStockNodesDo() throws Exception {
    byte[] gather = hex("e7745d5aa3c51def 01 ffffffffffff 0a931401 00000020 07");

    MulticastGather decoded =
        (MulticastGather) VerbCodec.decode(Verb.MULTICAST_GATHER.code(), gather);

    assertThat(decoded.com()).isNull();
    assertThat(decoded.flags()).isZero();
    assertThat(decoded.gatherLimit()).isEqualTo(32);
  }

  @Test
  void shouldRejectOkWhoisEndingInAPartialIdentity() {
    byte[] ok = VerbCodec.encode(Samples.all().get("OK(WHOIS)"));
    byte[] partial = Arrays.copyOf(ok, ok.length - 1);

    assertThatThrownBy(() -> VerbCodec.decode(Verb.OK.code(), partial))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("truncated OK(WHOIS)");
  }

  private static void decodeOrReject(int verbCode, byte[] payload) {
    try {
      Message decoded = VerbCodec.decode(verbCode, payload);
      VerbCodec.encode(decoded);
    } catch (ProtocolException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    } catch (RuntimeException e) {
      fail(
          "verb "
              + verbCode
              + " threw "
              + e
              + " for "
              + java.util.HexFormat.of().formatHex(payload),
          e);
    }
  }
}
