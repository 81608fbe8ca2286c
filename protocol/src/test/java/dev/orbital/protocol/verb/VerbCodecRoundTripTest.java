package dev.orbital.protocol.verb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.protocol.packet.Verb;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VerbCodecRoundTripTest {

  static Stream<Arguments> samples() {
    return Samples.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void shouldDecodeWhatItEncodes(String name, Message message) throws Exception {
    byte[] encoded = VerbCodec.encode(message);

    Message decoded = VerbCodec.decode(VerbCodec.verbCode(message), encoded);

    assertThat(encoded).hasSize(message.encodedLength());
    assertThat(decoded).isEqualTo(message);
    assertThat(decoded.hashCode()).isEqualTo(message.hashCode());
    assertThat(VerbCodec.encode(decoded)).isEqualTo(encoded);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void shouldEncodeIntoBufferAtItsPositionWhateverItsByteOrder(String name, Message message) {
    ByteBuffer out =
        ByteBuffer.allocate(message.encodedLength() + 5).order(ByteOrder.LITTLE_ENDIAN);
    out.position(3);

    int written = VerbCodec.encode(message, out);

    assertThat(written).isEqualTo(message.encodedLength());
    assertThat(out.position()).isEqualTo(3 + written);
    byte[] slice = new byte[written];
    out.flip().position(3);
    out.get(slice);
    assertThat(slice).isEqualTo(VerbCodec.encode(message));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void shouldDecodeFromAnOffsetInALargerBuffer(String name, Message message) throws Exception {
    byte[] encoded = VerbCodec.encode(message);
    byte[] packet = new byte[28 + encoded.length + 4];
    System.arraycopy(encoded, 0, packet, 28, encoded.length);

    Message decoded = VerbCodec.decode(message.verbCode(), packet, 28, encoded.length);

    assertThat(decoded).isEqualTo(message);
  }

  @Test
  void shouldHaveASampleForEveryVerb() {
    Map<String, Message> all = Samples.all();
    Set<Integer> codes = new TreeSet<>();
    Set<Integer> okInRe = new TreeSet<>();
    for (Message message : all.values()) {
      codes.add(message.verbCode());
      if (message instanceof Ok) {
        okInRe.add(((Ok) message).inReVerb());
      }
    }

    for (Verb verb : Verb.values()) {
      assertThat(codes).as(verb.name()).contains(verb.code());
    }
    assertThat(okInRe)
        .contains(
            Verb.HELLO.code(),
            Verb.WHOIS.code(),
            Verb.ECHO.code(),
            Verb.NETWORK_CONFIG_REQUEST.code(),
            Verb.MULTICAST_GATHER.code(),
            Verb.MULTICAST_FRAME.code(),
            Verb.EXT_FRAME.code());
  }
}
