package dev.orbital.root.packet;

import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.packet.Armor;
import dev.orbital.protocol.packet.CipherSuite;
import dev.orbital.protocol.packet.PacketHeader;
import dev.orbital.protocol.verb.Hello;
import dev.orbital.protocol.verb.Message;
import dev.orbital.protocol.verb.VerbCodec;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.List;

/** Builds armored packets as a node sends them. */
final class TestPackets {

  private static final SecureRandom RANDOM = new SecureRandom();

  private TestPackets() {}

  /** A plain (unarmored) packet from {@code source} to {@code destination}. */
  static byte[] plain(long source, long destination, Message message) {
    byte[] packet = new byte[PacketHeader.PAYLOAD + message.encodedLength()];
    PacketHeader.setId(packet, RANDOM.nextLong());
    PacketHeader.setDestination(packet, destination);
    PacketHeader.setSource(packet, source);
    packet[PacketHeader.VERB] = (byte) message.verbCode();
    VerbCodec.encode(
        message, ByteBuffer.wrap(packet, PacketHeader.PAYLOAD, message.encodedLength()));
    return packet;
  }

  static byte[] armored(
      Armor armor, long source, long destination, Message message, CipherSuite cipher) {
    byte[] packet = plain(source, destination, message);
    armor.armor(packet, packet.length, cipher);
    return packet;
  }

  /** A cipher-0 HELLO with its moon list encrypted, as stock sends it. */
  static byte[] hello(
      Identity node,
      Armor armor,
      long root,
      InetSocketAddress to,
      long planetId,
      long planetTimestamp) {
    Hello hello =
        new Hello(
            12,
            1,
            14,
            1,
            System.currentTimeMillis(),
            node,
            IpEndpoint.of(to),
            planetId,
            planetTimestamp,
            List.of());
    byte[] packet = plain(node.address().value(), root, hello);
    int cryptOffset = PacketHeader.PAYLOAD + hello.cryptFieldOffset();
    armor.cryptHelloField(packet, cryptOffset, packet.length - cryptOffset);
    armor.armor(packet, packet.length, CipherSuite.POLY1305_NONE);
    return packet;
  }
}
