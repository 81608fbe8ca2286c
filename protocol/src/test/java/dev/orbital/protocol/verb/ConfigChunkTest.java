package dev.orbital.protocol.verb;

import static dev.orbital.protocol.verb.Samples.NETWORK_ID;
import static dev.orbital.protocol.verb.Samples.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.packet.Verb;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigChunkTest {

  @Test
  void shouldSignTheBytesFromNetworkIdToChunkIndex() {
    ConfigChunk chunk =
        ConfigChunk.signed(
            NETWORK_ID,
            "n=testnet\n".getBytes(StandardCharsets.US_ASCII),
            ConfigChunk.FLAG_FAST_PROPAGATE,
            0x0102030405060708L,
            1175,
            1024,
            Samples.controller());

    byte[] expectedSigned =
        hex(
            """
            e7745d5aa3c51def      # network ID
            000a                  # chunk length 10
            6e3d746573746e65740a  # "n=testnet\\n"
            01                    # flags: fast propagate
            0102030405060708      # config update ID
            00000497              # total length 1175
            00000400              # chunk index 1024
            """);
    byte[] encoded = VerbCodec.encode(new NetworkConfigPush(chunk));

    assertThat(chunk.signedBytes()).isEqualTo(expectedSigned);
    assertThat(Arrays.copyOf(encoded, expectedSigned.length)).isEqualTo(expectedSigned);
    assertThat(Arrays.copyOfRange(encoded, expectedSigned.length, expectedSigned.length + 3))
        .isEqualTo(hex("01 0060   # signature type C25519, length 96"));
    assertThat(encoded).hasSize(expectedSigned.length + 3 + 96);
  }

  @Test
  void shouldVerifyOnlyTheNetworksControllerSignature() throws Exception {
    ConfigChunk chunk =
        ConfigChunk.signed(NETWORK_ID, bytes(100), 0, 77, 100, 0, Samples.controller());
    ConfigChunk decoded =
        ((NetworkConfigPush)
                VerbCodec.decode(
                    Verb.NETWORK_CONFIG.code(), VerbCodec.encode(new NetworkConfigPush(chunk))))
            .chunk();

    assertThat(decoded.verify(Samples.controller())).isTrue();
    assertThat(decoded.verify(Samples.member())).isFalse();
  }

  @Test
  void shouldRejectSignatureFromANodeThatIsNotTheController() {
    Identity member = Samples.member();
    ConfigChunk chunk = ConfigChunk.signed(NETWORK_ID, bytes(10), 0, 77, 10, 0, member);

    assertThat(member.verify(chunk.signedBytes(), chunk.signature())).isTrue();
    assertThat(chunk.verify(member)).isFalse();
  }

  @Test
  void shouldRejectTamperedChunk() {
    ConfigChunk chunk =
        ConfigChunk.signed(NETWORK_ID, bytes(10), 0, 77, 20, 0, Samples.controller());
    ConfigChunk moved =
        new ConfigChunk(
            NETWORK_ID,
            chunk.data(),
            false,
            chunk.flags(),
            chunk.configUpdateId(),
            chunk.totalLength(),
            10,
            chunk.signatureType(),
            chunk.signature());

    assertThat(moved.verify(Samples.controller())).isFalse();
  }

  @Test
  void shouldNeverVerifyALegacyChunk() {
    ConfigChunk legacy = ConfigChunk.legacy(NETWORK_ID, bytes(10));

    assertThat(legacy.verify(Samples.controller())).isFalse();
    assertThatThrownBy(legacy::signedBytes).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new NetworkConfigPush(legacy))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldDecodeLegacyOkThatEndsRightAfterTheChunk() throws Exception {
    byte[] ok =
        hex(
            """
            0b                    # in-re NETWORK_CONFIG_REQUEST
            0000000000000042      # in-re packet ID
            e7745d5aa3c51def      # network ID
            0004 763d370a         # "v=7\\n", and nothing after it
            """);

    OkNetworkConfigRequest decoded = (OkNetworkConfigRequest) VerbCodec.decode(Verb.OK.code(), ok);

    assertThat(decoded.chunk().legacy()).isTrue();
    assertThat(decoded.chunk().networkId()).isEqualTo(NETWORK_ID);
    assertThat(new String(decoded.chunk().data(), StandardCharsets.US_ASCII)).isEqualTo("v=7\n");
  }

  @Test
  void shouldSplitLikeTheStockControllerAndSignEveryChunk() {
    byte[] dictionary = bytes(20_000);

    List<ConfigChunk> chunks =
        ConfigChunk.split(NETWORK_ID, dictionary, 0x55L, 0, Samples.controller());

    assertThat(chunks).extracting(c -> c.data().length).containsExactly(9740, 9740, 520);
    assertThat(chunks).extracting(ConfigChunk::chunkIndex).containsExactly(0L, 9740L, 19480L);
    assertThat(chunks).allSatisfy(c -> assertThat(c.totalLength()).isEqualTo(20_000));
    assertThat(chunks).allSatisfy(c -> assertThat(c.verify(Samples.controller())).isTrue());
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    chunks.forEach(c -> joined.writeBytes(c.data()));
    assertThat(joined.toByteArray()).isEqualTo(dictionary);
    assertThat(new OkNetworkConfigRequest(1, chunks.get(0)).encodedLength())
        .isLessThanOrEqualTo(VerbCodec.MAX_PAYLOAD);
  }

  private static byte[] bytes(int length) {
    return Samples.bytes(length, 3);
  }
}
