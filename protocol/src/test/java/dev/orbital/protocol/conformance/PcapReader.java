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
import java.util.List;

/**
 * Test-only reader of classic pcap files (not pcapng) with Ethernet framing: returns the payload of
 * every IPv4 UDP datagram, in capture order. Anything else (ARP, IPv6, TCP, IP fragments) is
 * skipped.
 *
 * <pre>
 * file header (24 bytes): magic a1b2c3d4 (µs) or a1b23c4d (ns), in the writer's byte order;
 *                         version(2+2) zone(4) sigfigs(4) snaplen(4) linktype(4) (1 = Ethernet)
 * record: seconds(4) fraction(4) capturedLength(4) originalLength(4) bytes(capturedLength)
 * Ethernet: dst(6) src(6) [0x8100 tag(2)] etherType(2) = 0x0800
 * IPv4: version/IHL(1) … flags/fragment offset at 6 … protocol at 9 = 17, src at 12, dst at 16
 * UDP: srcPort(2) dstPort(2) length(2, header included) checksum(2) payload
 * </pre>
 */
public final class PcapReader {

  /** One UDP datagram: {@code index} counts all records of the file, from 0. */
  public record Datagram(
      int index,
      long timeMillis,
      InetSocketAddress source,
      InetSocketAddress destination,
      byte[] payload) {

    @Override
    public boolean equals(Object o) {
      return o instanceof Datagram d
          && index == d.index
          && timeMillis == d.timeMillis
          && source.equals(d.source)
          && destination.equals(d.destination)
          && Arrays.equals(payload, d.payload);
    }

    @Override
    public int hashCode() {
      return 31 * index + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
      return "#" + index + " " + source + " -> " + destination + " " + payload.length + " bytes";
    }
  }

  private static final int LINKTYPE_ETHERNET = 1;
  private static final int ETHERTYPE_IPV4 = 0x0800;
  private static final int ETHERTYPE_VLAN = 0x8100;
  private static final int PROTOCOL_UDP = 17;

  private PcapReader() {}

  /** Reads a classpath resource, e.g. {@code /conformance/zerotier-1.14.1/x.pcap}. */
  public static List<Datagram> readResource(String resource) {
    try (InputStream in = PcapReader.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource);
      }
      return read(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<Datagram> read(byte[] file) {
    ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    int magic = buffer.getInt(0);
    if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
      buffer.order(ByteOrder.BIG_ENDIAN);
      magic = buffer.getInt(0);
    }
    boolean nanos;
    if (magic == 0xa1b2c3d4) {
      nanos = false;
    } else if (magic == 0xa1b23c4d) {
      nanos = true;
    } else {
      throw new IllegalArgumentException("not a classic pcap file: " + Integer.toHexString(magic));
    }
    if (buffer.getInt(20) != LINKTYPE_ETHERNET) {
      throw new IllegalArgumentException("link type " + buffer.getInt(20) + " is not Ethernet");
    }
    List<Datagram> datagrams = new ArrayList<>();
    int position = 24;
    for (int index = 0; position + 16 <= file.length; index++) {
      long seconds = buffer.getInt(position) & 0xffff_ffffL;
      long fraction = buffer.getInt(position + 4) & 0xffff_ffffL;
      int captured = buffer.getInt(position + 8);
      int start = position + 16;
      if (captured < 0 || start + captured > file.length) {
        throw new IllegalArgumentException("record " + index + " runs past the end of the file");
      }
      long millis = seconds * 1000 + (nanos ? fraction / 1_000_000 : fraction / 1000);
      Datagram datagram = udp(index, millis, Arrays.copyOfRange(file, start, start + captured));
      if (datagram != null) {
        datagrams.add(datagram);
      }
      position = start + captured;
    }
    return datagrams;
  }

  private static Datagram udp(int index, long millis, byte[] frame) {
    ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.BIG_ENDIAN);
    int ip = 14;
    if (frame.length < ip) {
      return null;
    }
    int etherType = b.getShort(12) & 0xffff;
    if (etherType == ETHERTYPE_VLAN && frame.length >= 18) {
      etherType = b.getShort(16) & 0xffff;
      ip = 18;
    }
    if (etherType != ETHERTYPE_IPV4 || frame.length < ip + 20) {
      return null;
    }
    int headerLength = (frame[ip] & 0x0f) * 4;
    boolean fragmented = (b.getShort(ip + 6) & 0x3fff) != 0;
    if ((frame[ip] >>> 4) != 4 || frame[ip + 9] != PROTOCOL_UDP || fragmented) {
      return null;
    }
    int udp = ip + headerLength;
    if (frame.length < udp + 8) {
      return null;
    }
    int udpLength = b.getShort(udp + 4) & 0xffff;
    if (udpLength < 8 || udp + udpLength > frame.length) {
      return null;
    }
    return new Datagram(
        index,
        millis,
        new InetSocketAddress(address(frame, ip + 12), b.getShort(udp) & 0xffff),
        new InetSocketAddress(address(frame, ip + 16), b.getShort(udp + 2) & 0xffff),
        Arrays.copyOfRange(frame, udp + 8, udp + udpLength));
  }

  private static InetAddress address(byte[] frame, int offset) {
    try {
      return InetAddress.getByAddress(Arrays.copyOfRange(frame, offset, offset + 4));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an IPv4 address", e);
    }
  }
}
