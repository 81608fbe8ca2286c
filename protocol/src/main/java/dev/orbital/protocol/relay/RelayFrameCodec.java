package dev.orbital.protocol.relay;

import dev.orbital.protocol.ProtocolException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * ZeroTier's TCP relay framing (spec §13, {@code tcp-proxy/tcp-proxy.cpp}), imitating TLS
 * application-data records so middleboxes let it through:
 *
 * <pre>
 * record:            17 03 03 | len(2, BE) | payload(len)
 * client hello:      payload = swMajor(1) swMinor(1) swRevision(2)      (always 4 bytes)
 * addressed payload: 04 | ipv4(4)  | port(2) | datagram
 *                    06 | ipv6(16) | port(2) | datagram
 *                    00 | datagram                                      (no address)
 * </pre>
 *
 * Client to relay the address is the UDP destination; relay to client it is the UDP source. The
 * stream decoder is {@link RelayStreamDecoder}.
 */
public final class RelayFrameCodec {

  public static final byte CONTENT_TYPE = 0x17;
  public static final byte VERSION_MAJOR = 0x03;
  public static final byte VERSION_MINOR = 0x03;
  public static final int RECORD_HEADER_BYTES = 5;

  /** The largest payload the 2-byte length field can carry. */
  public static final int MAX_RECORD_PAYLOAD = 0xffff;

  public static final int HELLO_PAYLOAD_BYTES = 4;

  public static final int ADDRESS_NONE = 0x00;
  public static final int ADDRESS_IPV4 = 0x04;
  public static final int ADDRESS_IPV6 = 0x06;

  private static final int IPV4_PREFIX_BYTES = 1 + 4 + 2;
  private static final int IPV6_PREFIX_BYTES = 1 + 16 + 2;

  private RelayFrameCodec() {}

  /** The client's version hello (spec §13). */
  public record Hello(int major, int minor, int revision) {}

  /**
   * One datagram with the UDP address it goes to (client to relay) or came from (relay to client).
   */
  public record AddressedDatagram(InetSocketAddress address, ByteBuffer datagram) {

    /**
     * Whether the payload carried the {@code 00} no-address prefix ({@link #address()} is null).
     */
    public boolean hasAddress() {
      return address != null;
    }
  }

  /** A whole record: header and {@code payload}. */
  public static byte[] encodeRecord(byte[] payload) {
    if (payload.length > MAX_RECORD_PAYLOAD) {
      throw new IllegalArgumentException(
          "record payload " + payload.length + " bytes (limit: " + MAX_RECORD_PAYLOAD + ")");
    }
    ByteBuffer out = ByteBuffer.allocate(RECORD_HEADER_BYTES + payload.length);
    out.put(CONTENT_TYPE).put(VERSION_MAJOR).put(VERSION_MINOR);
    out.putShort((short) payload.length).put(payload);
    return out.array();
  }

  /** The 9-byte hello record; 1.14.1 sends {@code 17 03 03 00 04 01 0e 00 01}. */
  public static byte[] encodeHello(Hello hello) {
    ByteBuffer payload = ByteBuffer.allocate(HELLO_PAYLOAD_BYTES);
    payload.put((byte) hello.major()).put((byte) hello.minor()).putShort((short) hello.revision());
    return encodeRecord(payload.array());
  }

  /** Reads a hello record's payload; anything but exactly 4 bytes is not a hello. */
  public static Hello decodeHello(byte[] payload) throws ProtocolException {
    if (payload.length != HELLO_PAYLOAD_BYTES) {
      throw new ProtocolException(
          "relay hello: " + payload.length + " bytes (expected: " + HELLO_PAYLOAD_BYTES + ")");
    }
    return new Hello(
        payload[0] & 0xff, payload[1] & 0xff, ((payload[2] & 0xff) << 8) | (payload[3] & 0xff));
  }

  /**
   * A whole record carrying {@code datagram} with {@code address} (null for the {@code 00} form).
   */
  public static byte[] encodeDatagram(
      InetSocketAddress address, byte[] datagram, int offset, int length) {
    InetAddress ip = address == null ? null : address.getAddress();
    int prefix =
        ip == null ? 1 : ip.getAddress().length == 4 ? IPV4_PREFIX_BYTES : IPV6_PREFIX_BYTES;
    int payloadLength = prefix + length;
    if (payloadLength > MAX_RECORD_PAYLOAD) {
      throw new IllegalArgumentException(
          "relayed datagram " + length + " bytes (limit: " + (MAX_RECORD_PAYLOAD - prefix) + ")");
    }
    ByteBuffer out = ByteBuffer.allocate(RECORD_HEADER_BYTES + payloadLength);
    out.put(CONTENT_TYPE).put(VERSION_MAJOR).put(VERSION_MINOR).putShort((short) payloadLength);
    if (ip == null) {
      out.put((byte) ADDRESS_NONE);
    } else {
      byte[] raw = ip.getAddress();
      out.put((byte) (raw.length == 4 ? ADDRESS_IPV4 : ADDRESS_IPV6));
      out.put(raw).putShort((short) address.getPort());
    }
    out.put(datagram, offset, length);
    return out.array();
  }

  /** Reads an addressed payload. The datagram is a read-only view of {@code payload} (no copy). */
  public static AddressedDatagram decodeDatagram(byte[] payload) throws ProtocolException {
    if (payload.length < 1) {
      throw ProtocolException.truncated("relay datagram", payload.length, 1);
    }
    int type = payload[0] & 0xff;
    int ipLength;
    switch (type) {
      case ADDRESS_NONE:
        return new AddressedDatagram(
            null, ByteBuffer.wrap(payload, 1, payload.length - 1).slice().asReadOnlyBuffer());
      case ADDRESS_IPV4:
        ipLength = 4;
        break;
      case ADDRESS_IPV6:
        ipLength = 16;
        break;
      default:
        throw new ProtocolException(
            String.format("relay datagram: address type 0x%02x (expected: 00, 04 or 06)", type));
    }
    int prefix = 1 + ipLength + 2;
    if (payload.length < prefix) {
      throw ProtocolException.truncated("relay datagram address", payload.length, prefix);
    }
    byte[] raw = new byte[ipLength];
    System.arraycopy(payload, 1, raw, 0, ipLength);
    int port = ((payload[1 + ipLength] & 0xff) << 8) | (payload[2 + ipLength] & 0xff);
    InetAddress ip;
    try {
      ip = InetAddress.getByAddress(raw);
    } catch (UnknownHostException e) {
      throw new ProtocolException("relay datagram: bad address", e);
    }
    return new AddressedDatagram(
        new InetSocketAddress(ip, port),
        ByteBuffer.wrap(payload, prefix, payload.length - prefix).slice().asReadOnlyBuffer());
  }
}
