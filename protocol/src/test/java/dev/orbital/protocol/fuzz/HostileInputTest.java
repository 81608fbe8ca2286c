package dev.orbital.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.dictionary.Dictionary;
import dev.orbital.protocol.dictionary.DictionaryCodec;
import dev.orbital.protocol.netconf.CertificateOfMembership;
import dev.orbital.protocol.packet.Compression;
import dev.orbital.protocol.packet.Fragment;
import dev.orbital.protocol.packet.PacketHeader;
import dev.orbital.protocol.packet.Reassembler;
import dev.orbital.protocol.packet.Reassembler.Outcome;
import dev.orbital.protocol.packet.Verb;
import io.airlift.compress.lz4.Lz4Compressor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hand-made hostile inputs that cut across decoders: bombs, megabytes of escapes, absurd counts and
 * numbers. Each asserts the rejection (or the bounded result) and, where the danger is memory, what
 * the call allocated.
 */
class HostileInputTest {

  static final HexFormat HEX = HexFormat.of();

  @BeforeAll
  static void requireAllocationCounter() {
    assumeTrue(Allocations.supported(), "this JVM counts no per-thread allocation");
  }

  /** Runs {@code call} and returns the bytes it allocated; a ProtocolException is swallowed. */
  static long allocatedBy(Target.Decoder call, byte[] input) {
    long before = Allocations.current();
    try {
      call.decode(input);
    } catch (ProtocolException ignored) {
      // the rejection itself is asserted separately
    }
    return Allocations.current() - before;
  }

  // ---- LZ4 ------------------------------------------------------------------------------------

  final Compression compression = new Compression();

  static byte[] compressedPacket(byte[] block) {
    byte[] packet = new byte[PacketHeader.PAYLOAD + block.length];
    packet[PacketHeader.VERB] =
        (byte) (Verb.NETWORK_CONFIG_REQUEST.code() | PacketHeader.VERB_FLAG_COMPRESSED);
    System.arraycopy(block, 0, packet, PacketHeader.PAYLOAD, block.length);
    return packet;
  }

  /**
   * One LZ4 sequence that copies a single byte over and over: its match length is 15 + 4 plus 255
   * per extension byte, so every byte of input claims 255 bytes of output. A last sequence of five
   * literals ends the block, as LZ4 requires.
   */
  static byte[] bomb(int extensionBytes) {
    ByteBuffer block = ByteBuffer.allocate(4 + extensionBytes + 1 + 6);
    block.put((byte) 0x1f); // token: 1 literal, match length 15 + extension
    block.put((byte) 'A'); // the literal
    block.put((byte) 0x01).put((byte) 0x00); // offset 1 (little-endian): repeat the last byte
    for (int i = 0; i < extensionBytes; i++) {
      block.put((byte) 0xff); // + 255 each
    }
    block.put((byte) 0x00); // + 0: the length ends
    block.put((byte) 0x50).put("tail!".getBytes(StandardCharsets.US_ASCII)); // 5 last literals
    return block.array();
  }

  @Test
  void shouldExpandSmallCopyBombWithinTheLimit() throws ProtocolException {
    // The same block shape with one extension byte: 1 + (19 + 255) + 5 bytes, a valid block.
    byte[] packet = compressedPacket(bomb(1));

    byte[] plain = compression.decompress(packet, packet.length);

    assertThat(plain).hasSize(PacketHeader.PAYLOAD + 1 + 19 + 255 + 5);
    assertThat(plain[PacketHeader.PAYLOAD + 200]).isEqualTo((byte) 'A');
  }

  @Test
  void shouldRejectTinyLz4BlockClaimingHugeExpansion() {
    // 75 bytes of packet that claim 40 times the largest payload.
    byte[] packet = compressedPacket(bomb(40));

    assertThat(packet.length).isLessThan(80);
    assertThatThrownBy(() -> compression.decompress(packet, packet.length))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("output limit: " + Compression.MAX_PAYLOAD);
    assertThat(allocatedBy(in -> compression.decompress(in, in.length), packet))
        .isLessThan(64 * Target.KIB);
  }

  @Test
  void shouldRejectLargestPacketClaimingMegabytesWithoutAllocatingThem() {
    // A full 10024-byte packet of length extensions: about 2.5 MB claimed.
    byte[] block = bomb(Compression.MAX_PAYLOAD - 11);
    byte[] packet = compressedPacket(block);

    assertThat(packet.length).isEqualTo(PacketHeader.MAX_LENGTH);
    assertThatThrownBy(() -> compression.decompress(packet, packet.length))
        .isInstanceOf(ProtocolException.class);
    assertThat(allocatedBy(in -> compression.decompress(in, in.length), packet))
        .isLessThan(64 * Target.KIB);
  }

  @Test
  void shouldRejectPayloadOneBytePastTheLimit() {
    byte[] zeros = new byte[Compression.MAX_PAYLOAD + 1];
    Lz4Compressor compressor = new Lz4Compressor();
    byte[] block = new byte[compressor.maxCompressedLength(zeros.length)];
    int length = compressor.compress(zeros, 0, zeros.length, block, 0, block.length);
    byte[] packet = compressedPacket(Arrays.copyOf(block, length));

    assertThatThrownBy(() -> compression.decompress(packet, packet.length))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void shouldNotRevealEarlierPacketThroughMatchWithOffsetZero() throws ProtocolException {
    byte[] earlier = compressedPacket(new byte[0]);
    earlier = Arrays.copyOf(earlier, PacketHeader.PAYLOAD + 2000);
    earlier[PacketHeader.VERB] = (byte) Verb.NETWORK_CONFIG.code();
    Arrays.fill(earlier, PacketHeader.PAYLOAD, earlier.length, (byte) 'S');
    int length = compression.compress(earlier, earlier.length);
    assertThat(PacketHeader.isCompressed(earlier)).isTrue();
    compression.decompress(earlier, length);
    byte[] block = bomb(1);
    block[2] = 0; // offset 0: a match that refers to bytes not written yet
    byte[] hostile = compressedPacket(block);

    byte[] plain;
    try {
      plain = compression.decompress(hostile, hostile.length);
    } catch (ProtocolException rejected) {
      return;
    }

    // An ECHO answered with this payload would send the earlier packet's plaintext back.
    assertThat(Arrays.copyOfRange(plain, PacketHeader.PAYLOAD, plain.length))
        .doesNotContain((byte) 'S');
  }

  // ---- Dictionary -----------------------------------------------------------------------------

  static final int MIB = 1 << 20;

  static byte[] repeated(String prefix, char c, int count) {
    byte[] head = prefix.getBytes(StandardCharsets.US_ASCII);
    byte[] text = Arrays.copyOf(head, head.length + count);
    Arrays.fill(text, head.length, text.length, (byte) c);
    return text;
  }

  @Test
  void shouldRejectMegabyteOfBackslashesByCapacityWithoutCopyingIt() {
    byte[] text = repeated("k=", '\\', MIB);
    int capacity = DictionaryCodec.REQUEST_METADATA_CAPACITY;

    assertThatThrownBy(() -> DictionaryCodec.decode(text, capacity))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("dictionary length: " + text.length + " (limit: " + (capacity - 1) + ")");
    assertThat(allocatedBy(in -> DictionaryCodec.decode(in, capacity), text))
        .isLessThan(16 * Target.KIB);
  }

  @Test
  void shouldUnescapeMegabyteOfBackslashesInOnePassWhenCapacityAllowsIt() throws ProtocolException {
    byte[] text = repeated("k=", '\\', MIB + 1); // an odd count: the last one escapes nothing

    Dictionary dictionary = DictionaryCodec.decode(text, 2 * MIB);

    byte[] value = dictionary.bytes("k").orElseThrow();
    assertThat(value).hasSize(MIB / 2);
    assertThat(value).containsOnly((byte) '\\');
    assertThat(allocatedBy(in -> DictionaryCodec.decode(in, 2 * MIB), text)).isLessThan(4L * MIB);
  }

  @ParameterizedTest
  @CsvSource({"'='", "'\n'", "'\r'"})
  void shouldReadMegabyteOfSeparatorsAsEmptyDictionary(char separator) throws ProtocolException {
    byte[] text = repeated("", separator, MIB);

    assertThat(DictionaryCodec.decode(text, 2 * MIB).isEmpty()).isTrue();
  }

  @Test
  void shouldDecodeDictionariesNestedInValuesUntilEscapingOutgrowsTheCapacity()
      throws ProtocolException {
    // Each level escapes the backslashes of the one inside it, so the text doubles per level:
    // nesting cannot hide more than the capacity allows.
    List<byte[]> levels = new ArrayList<>();
    byte[] text = DictionaryCodec.encode(new Dictionary().putString("k", "a=b\\c\nd"));
    while (text.length < DictionaryCodec.REQUEST_METADATA_CAPACITY) {
      levels.add(text);
      text = DictionaryCodec.encode(new Dictionary().put("k", text).putString("x", "y"));
    }
    byte[] tooDeep = text;

    assertThat(levels).hasSizeGreaterThan(5);
    assertThatThrownBy(
            () -> DictionaryCodec.decode(tooDeep, DictionaryCodec.REQUEST_METADATA_CAPACITY))
        .isInstanceOf(ProtocolException.class);
    byte[] inner = levels.get(levels.size() - 1);
    for (int level = levels.size() - 1; level > 0; level--) {
      Dictionary outer = DictionaryCodec.decode(inner, DictionaryCodec.REQUEST_METADATA_CAPACITY);
      inner = outer.bytes("k").orElseThrow();
      assertThat(inner).isEqualTo(levels.get(level - 1));
    }
    assertThat(DictionaryCodec.decode(inner, 64).string("k")).contains("a=b\\c\nd");
  }

  // ---- Fragments ------------------------------------------------------------------------------

  final Reassembler reassembler = new Reassembler();

  /** A 2000-byte "armored" packet from 3a77b41ec3 to e7745d5aa3: head and one fragment. */
  static byte[][] headAndFragment(long packetId) {
    byte[] packet = new byte[2000];
    Arrays.fill(packet, (byte) 0x5a);
    PacketHeader.setId(packet, packetId);
    PacketHeader.setDestination(packet, 0xe7745d5aa3L);
    PacketHeader.setSource(packet, 0x3a77b41ec3L);
    PacketHeader.setFragmented(packet, true);
    int mtu = PacketHeader.DEFAULT_PHYSICAL_MTU;
    byte[] fragment = new byte[Fragment.HEADER_LENGTH + packet.length - mtu];
    Fragment.writeHeader(fragment, 0, packetId, 0xe7745d5aa3L, 1, 2);
    System.arraycopy(packet, mtu, fragment, Fragment.HEADER_LENGTH, packet.length - mtu);
    return new byte[][] {Arrays.copyOf(packet, mtu), fragment, packet};
  }

  static byte[] withCounts(byte[] fragment, int counts) {
    byte[] copy = fragment.clone();
    copy[Fragment.COUNTS] = (byte) counts;
    return copy;
  }

  @ParameterizedTest(name = "counts byte {0}: total {1}, number {2}")
  @CsvSource({
    "0x00, 0, 0, BAD_FRAGMENT_NUMBER",
    "0x01, 0, 1, BAD_FRAGMENT_NUMBER",
    "0x10, 1, 0, BAD_FRAGMENT_NUMBER",
    "0x11, 1, 1, BAD_FRAGMENT_NUMBER",
    "0x20, 2, 0, BAD_FRAGMENT_NUMBER",
    "0x22, 2, 2, BAD_FRAGMENT_NUMBER",
    "0x2f, 2, 15, BAD_FRAGMENT_NUMBER",
    "0x77, 7, 7, BAD_FRAGMENT_NUMBER",
    "0x81, 8, 1, TOO_MANY_FRAGMENTS",
    "0xf0, 15, 0, TOO_MANY_FRAGMENTS",
    "0xfe, 15, 14, TOO_MANY_FRAGMENTS",
    "0xff, 15, 15, TOO_MANY_FRAGMENTS"
  })
  void shouldDropAbsurdFragmentNumbersWithoutDisturbingThePacket(
      String counts, int total, int number, Outcome outcome) {
    byte[][] pieces = headAndFragment(7);
    byte[] absurd = withCounts(pieces[1], Integer.decode(counts));
    assertThat(Fragment.total(absurd)).isEqualTo(total);
    assertThat(Fragment.number(absurd)).isEqualTo(number);

    assertThat(reassembler.offer(absurd, absurd.length, 0).outcome()).isEqualTo(outcome);
    assertThat(reassembler.pending()).isZero();

    assertThat(reassembler.offer(pieces[0], pieces[0].length, 0).outcome())
        .isEqualTo(Outcome.PENDING);
    assertThat(reassembler.offer(absurd, absurd.length, 0).outcome()).isEqualTo(outcome);
    assertThat(reassembler.offer(pieces[1], pieces[1].length, 0).packet()).isEqualTo(pieces[2]);
  }

  @Test
  void shouldHoldNoMoreThanItsQueueUnderFloodOfDistinctPackets() {
    int flood = 100_000;
    byte[] fragment = headAndFragment(0)[1];
    byte[] counts = {0x21, 0x31, 0x32, 0x71, 0x76}; // valid numberings, never completing
    int pending = 0;
    long before = Allocations.current();

    for (int i = 0; i < flood; i++) {
      PacketHeader.setId(fragment, i);
      fragment[Fragment.COUNTS] = counts[i % counts.length];
      if (reassembler.offer(fragment, fragment.length, i / 100).outcome() == Outcome.PENDING) {
        pending++;
      }
    }
    long allocated = Allocations.current() - before;

    assertThat(pending).isEqualTo(flood);
    assertThat(reassembler.pending()).isEqualTo(Reassembler.QUEUE_SIZE);
    assertThat(reassembler.count(Outcome.EVICTED) + reassembler.count(Outcome.EXPIRED))
        .isEqualTo(flood - Reassembler.QUEUE_SIZE);
    // One buffer per queue slot, allocated once; nothing per datagram.
    assertThat(allocated)
        .isLessThan(Reassembler.QUEUE_SIZE * (Reassembler.MAX_LENGTH + 64L) + 64 * Target.KIB);
  }

  // ---- Certificate of membership --------------------------------------------------------------

  static byte[] certificate(int claimedCount, int presentCount) {
    ByteBuffer com = ByteBuffer.allocate(3 + presentCount * 24 + 5);
    com.put((byte) CertificateOfMembership.VERSION).putShort((short) claimedCount);
    for (int i = 0; i < presentCount; i++) {
      com.putLong(i).putLong(0x1234).putLong(-1L);
    }
    return com.array(); // signedBy 0000000000: unsigned, no signature follows
  }

  static CertificateOfMembership readCertificate(byte[] bytes) throws ProtocolException {
    return CertificateOfMembership.read(WireReader.of(bytes, "COM"));
  }

  @Test
  void shouldRejectComClaimingMaximalQualifierCountBeforeAllocatingForIt() {
    byte[] header = certificate(0xffff, 0);

    assertThatThrownBy(() -> readCertificate(header))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("COM qualifier count: 65535 (limit: 8)");
    assertThat(allocatedBy(HostileInputTest::readCertificate, header)).isLessThan(16 * Target.KIB);
  }

  @Test
  void shouldRejectComCarryingAllOf65535QualifiersByTheCountAlone() {
    byte[] full = certificate(0xffff, 0xffff);

    assertThat(full.length).isGreaterThan(1_500_000);
    assertThatThrownBy(() -> readCertificate(full))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("COM qualifier count: 65535 (limit: 8)");
    assertThat(allocatedBy(HostileInputTest::readCertificate, full)).isLessThan(16 * Target.KIB);
  }

  @Test
  void shouldAcceptEightQualifiersAndRejectNine() throws ProtocolException {
    assertThat(readCertificate(certificate(8, 8)).qualifiers()).hasSize(8);
    assertThatThrownBy(() -> readCertificate(certificate(9, 9)))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("COM qualifier count: 9 (limit: 8)");
  }

  // ---- InetAddress ----------------------------------------------------------------------------

  @Test
  void shouldRejectForwardCompatibleAddressClaimingMoreBytesThanPresent() {
    // Type 3 is len(2) data(len), skipped; a length of 65535 over a short input is a truncation.
    byte[] endpoint = HEX.parseHex("03" + "ffff" + "0102030405");

    assertThatThrownBy(() -> IpEndpoint.read(WireReader.of(endpoint, "endpoint")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("truncated endpoint");
    assertThat(allocatedBy(in -> IpEndpoint.read(WireReader.of(in, "endpoint")), endpoint))
        .isLessThan(16 * Target.KIB);
  }
}
