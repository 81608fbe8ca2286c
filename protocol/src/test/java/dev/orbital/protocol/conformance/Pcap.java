package dev.orbital.protocol.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A small reader of classic libpcap files with Ethernet framing (optionally 802.1Q tagged) that
 * returns the UDP datagrams over IPv4 or IPv6 (no extension headers) in capture order. Everything
 * else (ARP, TCP, IP fragments) is skipped.
 *
 * <pre>
 * file header  magic(4) a1b2c3d4|a1b23c4d in either byte order, version(4), zone(4), sigfigs(4),
 *              snaplen(4), linktype(4) = 1 (Ethernet)
 * record       seconds(4) fraction(4) capturedLength(4) originalLength(4) bytes…
 * </pre>
 */
public final class Pcap {

  private static final int LINKTYPE_ETHERNET = 1;
  private static final int ETHERTYPE_IPV4 = 0x0800;
  private static final int ETHERTYPE_IPV6 = 0x86dd;
  private static final int ETHERTYPE_VLAN = 0x8100;
  private static final int PROTOCOL_UDP = 17;
  private static final int UDP_HEADER = 8;

  /** One UDP datagram: {@code index} is its record number in the capture, from 0. */
  public record Datagram(
      int index,
      long timestampMicros,
      InetSocketAddress source,
      InetSocketAddress destination,
      byte[] payload) {

    /** A fresh copy of the payload, for code that works in place. */
    public byte[] payloadCopy() {
      return payload.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Datagram d
          && index == d.index
          && timestampMicros == d.timestampMicros
          && source.equals(d.source)
          && destination.equals(d.destination)
          && Arrays.equals(payload, d.payload);
    }

    @Override
    public int hashCode() {
      return 31 * Integer.hashCode(index) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
      return "#"
          + index
          + " "
          + source
          + " -> "
          + destination
          + " "
          + payload.length
          + " bytes "
          + HexFormat.of().formatHex(payload, 0, Math.min(32, payload.length));
    }
  }

  private Pcap() {}

  /** Reads a capture from the test classpath, e.g. {@code /conformance/zerotier-1.14.1/x.pcap}. */
  public static List<Datagram> readResource(String resource) {
    try (InputStream in = Pcap.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no such resource: " + resource);
      }
      return read(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<Datagram> read(byte[] file) {
    ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    int magic = in.getInt(0);
    if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
      in.order(ByteOrder.BIG_ENDIAN);
      magic = in.getInt(0);
    }
    boolean nanos;
    if (magic == 0xa1b2c3d4) {
      nanos = false;
    } else if (magic == 0xa1b23c4d) {
      nanos = true;
    } else {
      throw new IllegalArgumentException("not a pcap file: magic " + Integer.toHexString(magic));
    }
    int linkType = in.getInt(20);
    if (linkType != LINKTYPE_ETHERNET) {
      throw new IllegalArgumentException("only Ethernet captures are supported: " + linkType);
    }
    List<Datagram> datagrams = new ArrayList<>();
    in.position(24);
    for (int index = 0; in.remaining() >= 16; index++) {
      long seconds = in.getInt() & 0xffffffffL;
      long fraction = in.getInt() & 0xffffffffL;
      int captured = in.getInt();
      in.getInt();
      if (captured < 0 || captured > in.remaining()) {
        throw new IllegalArgumentException("truncated pcap record " + index);
      }
      byte[] frame = new byte[captured];
      in.get(frame);
      long micros = seconds * 1_000_000 + (nanos ? fraction / 1000 : fraction);
      Datagram datagram = udp(index, micros, ByteBuffer.wrap(frame));
      if (datagram != null) {
        datagrams.add(datagram);
      }
    }
    return datagrams;
  }

  private static Datagram udp(int index, long micros, ByteBuffer frame) {
    if (frame.remaining() < 14) {
      return null;
    }
    frame.position(12);
    int etherType = frame.getShort() & 0xffff;
    if (etherType == ETHERTYPE_VLAN && frame.remaining() >= 4) {
      frame.getShort();
      etherType = frame.getShort() & 0xffff;
    }
    int ipStart = frame.position();
    byte[] sourceIp;
    byte[] destinationIp;
    int udpStart;
    int ipEnd;
    if (etherType == ETHERTYPE_IPV4 && frame.remaining() >= 20) {
      int headerLength = (frame.get(ipStart) & 0x0f) * 4;
      int totalLength = frame.getShort(ipStart + 2) & 0xffff;
      int fragment = frame.getShort(ipStart + 6) & 0x3fff; // more-fragments flag and offset
      if (frame.get(ipStart + 9) != PROTOCOL_UDP || fragment != 0) {
        return null;
      }
      sourceIp = bytes(frame, ipStart + 12, 4);
      destinationIp = bytes(frame, ipStart + 16, 4);
      udpStart = ipStart + headerLength;
      ipEnd = Math.min(ipStart + totalLength, frame.limit());
    } else if (etherType == ETHERTYPE_IPV6 && frame.remaining() >= 40) {
      if (frame.get(ipStart + 6) != PROTOCOL_UDP) {
        return null;
      }
      sourceIp = bytes(frame, ipStart + 8, 16);
      destinationIp = bytes(frame, ipStart + 24, 16);
      udpStart = ipStart + 40;
      ipEnd = Math.min(ipStart + 40 + (frame.getShort(ipStart + 4) & 0xffff), frame.limit());
    } else {
      return null;
    }
    if (ipEnd - udpStart < UDP_HEADER) {
      return null;
    }
    int sourcePort = frame.getShort(udpStart) & 0xffff;
    int destinationPort = frame.getShort(udpStart + 2) & 0xffff;
    int udpLength = frame.getShort(udpStart + 4) & 0xffff;
    int payloadEnd = Math.min(udpStart + Math.max(udpLength, UDP_HEADER), ipEnd);
    byte[] payload = bytes(frame, udpStart + UDP_HEADER, payloadEnd - udpStart - UDP_HEADER);
    return new Datagram(
        index,
        micros,
        new InetSocketAddress(address(sourceIp), sourcePort),
        new InetSocketAddress(address(destinationIp), destinationPort),
        payload);
  }

  private static byte[] bytes(ByteBuffer frame, int offset, int length) {
    byte[] out = new byte[length];
    frame.get(offset, out);
    return out;
  }

  private static InetAddress address(byte[] raw) {
    try {
      return InetAddress.getByAddress(raw);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
    }
  }
}
