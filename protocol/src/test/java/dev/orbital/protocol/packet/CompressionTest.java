package dev.orbital.protocol.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbital.protocol.ProtocolException;
import io.airlift.compress.lz4.Lz4Compressor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompressionTest {

  /** Request metadata (§11.2) as a stock 1.14.1 node writes it before compressing it. */
  static final String METADATA =
      "v=0000000000000007\nvend=0000000000000001\npv=000000000000000b\nmajv=0000000000000001\n"
          + "minv=000000000000000e\nrevv=0000000000000001\nmr=0000000000000400\n"
          + "mc=0000000000000080\nmcr=0000000000000040\nmt=0000000000000080\n"
          + "f=0000000000000000\nrevr=0000000000000001";

  /**
   * {@link #METADATA} compressed by the reference LZ4 1.9.4 ({@code lz4 -l}: LZ4_compress_default,
   * i.e. LZ4_compress_fast with acceleration 1, as stock): one raw block, sequences of token,
   * literals, 2-byte little-endian offset.
   */
  static final byte[] METADATA_LZ4 =
      HexFormat.of()
          .parseHex(
              "3a763d3001006c370a76656e6416003d310a702a005d620a6d616a16005d310a6d696e16005d650a"
                  + "72657616004a310a6d726a006a3430300a6d63140020303814000b29006e3034300a6d742900"
                  + "1b6613002030307a00093d00503030303031");

  final Compression compression = new Compression();

  static byte[] packet(int verb, byte[] payload) {
    byte[] packet = new byte[PacketHeader.PAYLOAD + payload.length];
    new Random(verb).nextBytes(packet);
    packet[PacketHeader.VERB] = (byte) verb;
    System.arraycopy(payload, 0, packet, PacketHeader.PAYLOAD, payload.length);
    return packet;
  }

  static byte[] compressedPacket(byte[] block) {
    return packet(Verb.NETWORK_CONFIG_REQUEST.code() | PacketHeader.VERB_FLAG_COMPRESSED, block);
  }

  @Test
  void shouldDecompressBlockFromReferenceLz4() throws ProtocolException {
    byte[] packet = compressedPacket(METADATA_LZ4);

    byte[] plain = compression.decompress(packet, packet.length);

    assertThat(PacketHeader.isCompressed(plain)).isFalse();
    assertThat(PacketHeader.verb(plain)).isEqualTo(Verb.NETWORK_CONFIG_REQUEST.code());
    assertThat(Arrays.copyOfRange(plain, 0, PacketHeader.VERB))
        .isEqualTo(Arrays.copyOfRange(packet, 0, PacketHeader.VERB));
    assertThat(new String(plain, PacketHeader.PAYLOAD, 248, StandardCharsets.US_ASCII))
        .isEqualTo(METADATA);
    assertThat(plain).hasSize(PacketHeader.PAYLOAD + 248);
  }

  @Test
  void shouldRoundTripCompressiblePayload() throws ProtocolException {
    byte[] payload = METADATA.repeat(8).getBytes(StandardCharsets.US_ASCII);
    byte[] original = packet(Verb.MULTICAST_LIKE.code(), payload);
    byte[] packet = original.clone();

    int length = compression.compress(packet, packet.length);

    assertThat(length).isLessThan(original.length / 4);
    assertThat(PacketHeader.isCompressed(packet)).isTrue();
    assertThat(PacketHeader.verb(packet)).isEqualTo(Verb.MULTICAST_LIKE.code());
    assertThat(compression.decompress(packet, length)).isEqualTo(original);
  }

  @Test
  void shouldLeaveSmallPayloadUncompressed() {
    byte[] packet = packet(Verb.ECHO.code(), new byte[Compression.MIN_PAYLOAD_TO_COMPRESS]);

    assertThat(compression.compress(packet, packet.length)).isEqualTo(packet.length);
    assertThat(PacketHeader.isCompressed(packet)).isFalse();

    byte[] justOver = packet(Verb.ECHO.code(), new byte[Compression.MIN_PAYLOAD_TO_COMPRESS + 1]);
    assertThat(compression.compress(justOver, justOver.length)).isLessThan(justOver.length);
    assertThat(PacketHeader.isCompressed(justOver)).isTrue();
  }

  @Test
  void shouldKeepIncompressiblePayloadAsItIs() {
    byte[] payload = new byte[2000];
    new Random(7).nextBytes(payload);
    byte[] original = packet(Verb.FRAME.code(), payload);
    byte[] packet = original.clone();

    assertThat(compression.compress(packet, packet.length)).isEqualTo(packet.length);
    assertThat(packet).isEqualTo(original);
  }

  @Test
  void shouldCopyUncompressedPacketUnchanged() throws ProtocolException {
    byte[] packet = packet(Verb.OK.code(), new byte[] {1, 2, 3});

    assertThat(compression.decompress(packet, packet.length)).isEqualTo(packet);
  }

  @Test
  void shouldClearFlagOfEmptyCompressedPayloadLikeStock() throws ProtocolException {
    byte[] packet = compressedPacket(new byte[0]);

    byte[] plain = compression.decompress(packet, packet.length);

    assertThat(plain).hasSize(PacketHeader.MIN_LENGTH);
    assertThat(PacketHeader.isCompressed(plain)).isFalse();
  }

  @Test
  void shouldRejectLz4BombBeyondPacketCapacity() {
    // 1 MB of zeros compresses to about 4 KB: it fits in a packet, its output does not.
    byte[] zeros = new byte[1 << 20];
    Lz4Compressor compressor = new Lz4Compressor();
    byte[] block = new byte[compressor.maxCompressedLength(zeros.length)];
    int blockLength = compressor.compress(zeros, 0, zeros.length, block, 0, block.length);
    byte[] packet = compressedPacket(Arrays.copyOf(block, blockLength));

    assertThat(packet.length).isLessThan(PacketHeader.MAX_LENGTH);
    assertThatThrownBy(() -> compression.decompress(packet, packet.length))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("output limit: " + Compression.MAX_PAYLOAD);
  }

  @Test
  void shouldAcceptPayloadThatDecompressesToExactlyTheLimit() throws ProtocolException {
    byte[] payload = new byte[Compression.MAX_PAYLOAD];
    byte[] packet = packet(Verb.FRAME.code(), payload);
    int length = compression.compress(packet, packet.length);

    assertThat(compression.decompress(packet, length)).hasSize(PacketHeader.MAX_LENGTH);
  }

  @Test
  void shouldRejectOutputPastCallerBuffer() {
    byte[] packet = compressedPacket(METADATA_LZ4);

    assertThatThrownBy(() -> compression.decompress(packet, packet.length, new byte[200]))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void shouldRejectTruncatedBlock() {
    byte[] packet = compressedPacket(Arrays.copyOf(METADATA_LZ4, 40));

    assertThatThrownBy(() -> compression.decompress(packet, packet.length))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("malformed LZ4");
  }

  @Test
  void shouldRejectMatchReachingBeforeTheOutput() {
    byte[] block =
        HexFormat.of()
            .parseHex(
                "44" // token: 4 literals, match length 4 + 4
                    + "61626364" // "abcd"
                    + "1000" // offset 16: before the start of the output
                    + "50" // last sequence: 5 literals
                    + "6566676869");
    byte[] packet = compressedPacket(block);

    assertThatThrownBy(() -> compression.decompress(packet, packet.length))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void shouldRejectLiteralRunLongerThanTheInput() {
    byte[] block =
        HexFormat.of()
            .parseHex(
                "f0" // token: 15+ literals
                    + "ff" // ... + 255
                    + "ff" // ... + 255
                    + "6162"); // only two of them here
    byte[] packet = compressedPacket(block);

    assertThatThrownBy(() -> compression.decompress(packet, packet.length))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void shouldRejectBlockThatDecompressesToNothing() {
    byte[] packet = compressedPacket(new byte[] {0x00});

    assertThatThrownBy(() -> compression.decompress(packet, packet.length))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void shouldRejectTruncatedAndOversizedPackets() {
    assertThatThrownBy(() -> compression.decompress(new byte[27], 27))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("truncated packet");
    byte[] huge = compressedPacket(new byte[PacketHeader.MAX_LENGTH]);
    assertThatThrownBy(() -> compression.decompress(huge, huge.length))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void shouldThrowOnlyProtocolExceptionOnRandomBlocks() {
    Random random = new Random(1234);
    byte[] out = new byte[PacketHeader.MAX_LENGTH];
    int rejected = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] block = new byte[1 + random.nextInt(i % 2 == 0 ? 64 : 4000)];
      random.nextBytes(block);
      byte[] packet = compressedPacket(block);
      try {
        int length = compression.decompress(packet, packet.length, out);
        assertThat(length).isBetween(PacketHeader.MIN_LENGTH + 1, PacketHeader.MAX_LENGTH);
      } catch (ProtocolException expected) {
        rejected++;
      }
    }
    assertThat(rejected).isPositive();
  }

  @Test
  void shouldRejectMutatedReferenceBlocksWithProtocolExceptionOnly() {
    Random random = new Random(99);
    byte[] out = new byte[PacketHeader.MAX_LENGTH];
    for (int i = 0; i < 20_000; i++) {
      byte[] block = METADATA_LZ4.clone();
      for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
        block[random.nextInt(block.length)] = (byte) random.nextInt(256);
      }
      byte[] packet = compressedPacket(block);
      try {
        compression.decompress(packet, packet.length, out);
      } catch (ProtocolException expected) {
        assertThat(expected).hasMessageContaining("LZ4");
      }
    }
  }
}
