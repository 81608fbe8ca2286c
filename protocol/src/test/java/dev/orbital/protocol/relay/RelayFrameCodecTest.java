package dev.orbital.protocol.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.relay.RelayFrameCodec.AddressedDatagram;
import dev.orbital.protocol.relay.RelayFrameCodec.Hello;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelayFrameCodecTest {

  private static byte[] hex(String annotated) {
    StringBuilder digits = new StringBuilder();
    for (String line : annotated.split("\n")) {
      int comment = line.indexOf("//");
      digits.append((comment < 0 ? line : line.substring(0, comment)).replaceAll("\\s", ""));
    }
    return HexFormat.of().parseHex(digits);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }

  private static final byte[] HELLO_1_14_1 =
      hex(
          """
          17 03 03   // TLS application data, version 3.3
          00 04      // payload length
          01         // swMajor
          0e         // swMinor (14)
          00 01      // swRevision
          """);

  private static final byte[] IPV4_RECORD =
      hex(
          """
          17 03 03                   // record header
          00 17                      // payload length 23
          04                         // IPv4 address follows
          0a 00 00 01                // 10.0.0.1
          27 11                      // port 10001
          01 02 03 04 05 06 07 08    // datagram (16 bytes)
          09 0a 0b 0c 0d 0e 0f 10
          """);

  private static final byte[] DATAGRAM = hex("0102030405060708090a0b0c0d0e0f10");

  @Test
  void shouldEncodeTheExact1141Hello() {
    assertThat(RelayFrameCodec.encodeHello(new Hello(1, 14, 1))).isEqualTo(HELLO_1_14_1);
  }

  @Test
  void shouldDecodeTheExact1141Hello() throws Exception {
    List<byte[]> records = new RelayStreamDecoder(1024).feed(ByteBuffer.wrap(HELLO_1_14_1));

    assertThat(records).hasSize(1);
    assertThat(RelayFrameCodec.decodeHello(records.get(0))).isEqualTo(new Hello(1, 14, 1));
  }

  @Test
  void shouldRefuseHelloOfWrongLength() {
    assertThatThrownBy(() -> RelayFrameCodec.decodeHello(hex("010e00")))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("relay hello: 3 bytes (expected: 4)");
  }

  @Test
  void shouldEncodeIpv4DatagramRecord() throws Exception {
    InetSocketAddress to = new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 10001);

    assertThat(RelayFrameCodec.encodeDatagram(to, DATAGRAM, 0, DATAGRAM.length))
        .isEqualTo(IPV4_RECORD);
  }

  @Test
  void shouldRoundTripIpv4Ipv6AndNoAddress() throws Exception {
    List<InetSocketAddress> addresses = new ArrayList<>();
    addresses.add(new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 10001));
    addresses.add(new InetSocketAddress(InetAddress.getByName("fd00::1:2"), 9993));
    addresses.add(null);
    for (InetSocketAddress address : addresses) {
      byte[] record = RelayFrameCodec.encodeDatagram(address, DATAGRAM, 0, DATAGRAM.length);
      byte[] payload = new RelayStreamDecoder(1024).feed(ByteBuffer.wrap(record)).get(0);

      AddressedDatagram decoded = RelayFrameCodec.decodeDatagram(payload);

      assertThat(decoded.address()).isEqualTo(address);
      assertThat(bytes(decoded.datagram())).isEqualTo(DATAGRAM);
    }
  }

  @Test
  void shouldDecodeIpv6Payload() throws Exception {
    byte[] payload =
        hex(
            """
            06                                        // IPv6 address follows
            fd 00 00 00 00 00 00 00 00 00 00 00 00 01 00 02   // fd00::1:2
            27 09                                     // port 9993
            aa bb                                     // datagram
            """);

    AddressedDatagram decoded = RelayFrameCodec.decodeDatagram(payload);

    assertThat(decoded.address())
        .isEqualTo(new InetSocketAddress(InetAddress.getByName("fd00::1:2"), 9993));
    assertThat(bytes(decoded.datagram())).isEqualTo(hex("aabb"));
  }

  @Test
  void shouldRefuseUnknownAddressType() {
    assertThatThrownBy(() -> RelayFrameCodec.decodeDatagram(hex("05 0a000001 2711 00")))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("relay datagram: address type 0x05 (expected: 00, 04 or 06)");
  }

  @Test
  void shouldRefuseTruncatedAddresses() {
    assertThatThrownBy(() -> RelayFrameCodec.decodeDatagram(hex("04 0a0000")))
        .hasMessage("truncated relay datagram address: 4 bytes (expected: 7+)");
    assertThatThrownBy(() -> RelayFrameCodec.decodeDatagram(hex("06 fd00")))
        .hasMessage("truncated relay datagram address: 3 bytes (expected: 19+)");
    assertThatThrownBy(() -> RelayFrameCodec.decodeDatagram(new byte[0]))
        .hasMessage("truncated relay datagram: 0 bytes (expected: 1+)");
  }

  @Test
  void shouldReassembleRecordsSplitAcrossChunksByteByByte() throws Exception {
    RelayStreamDecoder decoder = new RelayStreamDecoder(1024);
    List<byte[]> records = new ArrayList<>();
    byte[] stream = concat(HELLO_1_14_1, IPV4_RECORD);

    for (byte b : stream) {
      records.addAll(decoder.feed(ByteBuffer.wrap(new byte[] {b})));
    }

    assertThat(records).hasSize(2);
    assertThat(records.get(0)).isEqualTo(hex("010e0001"));
    assertThat(RelayFrameCodec.decodeDatagram(records.get(1)).address().getPort()).isEqualTo(10001);
    assertThat(decoder.buffered()).isZero();
  }

  @Test
  void shouldSplitMergedRecordsAndKeepTheTail() throws Exception {
    RelayStreamDecoder decoder = new RelayStreamDecoder(1024);
    byte[] stream = concat(HELLO_1_14_1, IPV4_RECORD, HELLO_1_14_1);
    int cut = stream.length - 3;

    List<byte[]> first = decoder.feed(ByteBuffer.wrap(stream, 0, cut));
    int held = decoder.buffered();
    List<byte[]> second = decoder.feed(ByteBuffer.wrap(stream, cut, 3));

    assertThat(first).hasSize(2);
    assertThat(held).isEqualTo(HELLO_1_14_1.length - 3);
    assertThat(second).hasSize(1);
    assertThat(second.get(0)).isEqualTo(hex("010e0001"));
  }

  @Test
  void shouldAcceptEmptyRecord() throws Exception {
    List<byte[]> records = new RelayStreamDecoder(16).feed(ByteBuffer.wrap(hex("1703030000")));

    assertThat(records).hasSize(1);
    assertThat(records.get(0)).isEmpty();
  }

  @Test
  void shouldFailOnFirstGarbageHeaderByte() {
    RelayStreamDecoder decoder = new RelayStreamDecoder(1024);

    assertThatThrownBy(() -> decoder.feed(ByteBuffer.wrap("GET / HTTP/1.1\r\n".getBytes())))
        .isInstanceOfSatisfying(
            RelayFrameException.class,
            e -> assertThat(e.kind()).isEqualTo(RelayFrameException.Kind.BAD_HEADER))
        .hasMessage("relay record header byte 0: 0x47 (expected: 0x17)");
    assertThatThrownBy(() -> decoder.feed(ByteBuffer.wrap(HELLO_1_14_1)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldRefuseWrongTlsVersionByte() {
    byte[] tls12 =
        hex(
            """
            17 03 01   // TLS 1.0 version bytes: not the relay's
            00 04 010e0001
            """);

    assertThatThrownBy(() -> new RelayStreamDecoder(1024).feed(ByteBuffer.wrap(tls12)))
        .hasMessage("relay record header byte 2: 0x01 (expected: 0x03)");
  }

  @Test
  void shouldRefuseOversizeLengthBeforeReadingPayload() {
    RelayStreamDecoder decoder = new RelayStreamDecoder(1024);
    byte[] header =
        hex(
            """
            17 03 03
            04 01      // 1025 bytes: one over the limit
            """);

    assertThatThrownBy(() -> decoder.feed(ByteBuffer.wrap(header)))
        .isInstanceOfSatisfying(
            RelayFrameException.class,
            e -> assertThat(e.kind()).isEqualTo(RelayFrameException.Kind.OVERSIZE))
        .hasMessage("relay record: 1025 bytes (limit: 1024)");
  }

  @Test
  void shouldHoldTruncatedRecordWithoutEmitting() throws Exception {
    RelayStreamDecoder decoder = new RelayStreamDecoder(1024);

    List<byte[]> records = decoder.feed(ByteBuffer.wrap(IPV4_RECORD, 0, IPV4_RECORD.length - 1));

    assertThat(records).isEmpty();
    assertThat(decoder.buffered()).isEqualTo(IPV4_RECORD.length - 1);
  }

  @Test
  void shouldRefuseDecoderLimitOutsideRecordRange() {
    assertThatThrownBy(() -> new RelayStreamDecoder(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RelayStreamDecoder(0x10000))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] concat(byte[]... parts) {
    int total = 0;
    for (byte[] part : parts) {
      total += part.length;
    }
    ByteBuffer out = ByteBuffer.allocate(total);
    for (byte[] part : parts) {
      out.put(part);
    }
    return out.array();
  }
}
