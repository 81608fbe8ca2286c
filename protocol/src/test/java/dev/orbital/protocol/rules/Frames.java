package dev.orbital.protocol.rules;

import java.io.ByteArrayOutputStream;

/** Ethernet payloads for evaluator tests: IPv4/IPv6/ARP headers with just the fields rules read. */
final class Frames {

  private Frames() {}

  static final int TCP = 6;
  static final int UDP = 17;

  static byte[] ipv4(int tos, int protocol, String source, String destination, byte[] l4) {
    byte[] header = new byte[20 + l4.length];
    header[0] = 0x45; // version 4, IHL 5
    header[1] = (byte) tos;
    header[2] = (byte) (header.length >>> 8);
    header[3] = (byte) header.length;
    header[8] = 64; // TTL
    header[9] = (byte) protocol;
    System.arraycopy(Ipv4Cidr.parse(source + "/32").addressBytes(), 0, header, 12, 4);
    System.arraycopy(Ipv4Cidr.parse(destination + "/32").addressBytes(), 0, header, 16, 4);
    System.arraycopy(l4, 0, header, 20, l4.length);
    return header;
  }

  static byte[] ipv4(int protocol, byte[] l4) {
    return ipv4(0, protocol, "10.147.20.99", "10.147.20.71", l4);
  }

  static byte[] ipv6(
      int trafficClass, int nextHeader, String source, String destination, byte[] rest) {
    byte[] header = new byte[40 + rest.length];
    header[0] = (byte) (0x60 | (trafficClass >>> 4));
    header[1] = (byte) (trafficClass << 4);
    header[4] = (byte) (rest.length >>> 8);
    header[5] = (byte) rest.length;
    header[6] = (byte) nextHeader;
    header[7] = 64; // hop limit
    System.arraycopy(Ipv6Cidr.parse(source + "/128").addressBytes(), 0, header, 8, 16);
    System.arraycopy(Ipv6Cidr.parse(destination + "/128").addressBytes(), 0, header, 24, 16);
    System.arraycopy(rest, 0, header, 40, rest.length);
    return header;
  }

  static byte[] ipv6(int nextHeader, byte[] rest) {
    return ipv6(0, nextHeader, "fd00::99", "fd00::71", rest);
  }

  /** An 8-byte IPv6 extension header (hop-by-hop, routing, ...) in front of {@code rest}. */
  static byte[] extension(int nextHeader, byte[] rest) {
    return concat(new byte[] {(byte) nextHeader, 0, 0, 0, 0, 0, 0, 0}, rest);
  }

  static byte[] udp(int sourcePort, int destinationPort) {
    return new byte[] {
      (byte) (sourcePort >>> 8),
      (byte) sourcePort,
      (byte) (destinationPort >>> 8),
      (byte) destinationPort,
      0,
      8,
      0,
      0
    };
  }

  /** {@code flags}: the 12 bits ZeroTier's characteristics use (NS..FIN plus reserved). */
  static byte[] tcp(int sourcePort, int destinationPort, int flags) {
    byte[] segment = new byte[20];
    segment[0] = (byte) (sourcePort >>> 8);
    segment[1] = (byte) sourcePort;
    segment[2] = (byte) (destinationPort >>> 8);
    segment[3] = (byte) destinationPort;
    segment[12] = (byte) (0x50 | ((flags >>> 8) & 0x0f)); // data offset 5
    segment[13] = (byte) flags;
    return segment;
  }

  static byte[] icmp(int type, int code) {
    return new byte[] {(byte) type, (byte) code, 0, 0, 0, 0, 0, 0};
  }

  /** An ICMPv6 neighbor solicitation (135) or advertisement (136) for {@code target}. */
  static byte[] neighbor(int type, String target) {
    byte[] message = new byte[24];
    message[0] = (byte) type;
    System.arraycopy(Ipv6Cidr.parse(target + "/128").addressBytes(), 0, message, 8, 16);
    return message;
  }

  static byte[] arp(String senderIp, String targetIp) {
    byte[] arp = new byte[28];
    arp[1] = 1; // Ethernet
    arp[2] = 0x08; // IPv4
    arp[4] = 6;
    arp[5] = 4;
    arp[7] = 1; // request
    System.arraycopy(Ipv4Cidr.parse(senderIp + "/32").addressBytes(), 0, arp, 14, 4);
    System.arraycopy(Ipv4Cidr.parse(targetIp + "/32").addressBytes(), 0, arp, 24, 4);
    return arp;
  }

  static byte[] concat(byte[] first, byte[] second) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(first);
    out.writeBytes(second);
    return out.toByteArray();
  }
}
