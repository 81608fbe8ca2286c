package dev.orbital.node.relay;

import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.dictionary.Dictionary;
import dev.orbital.protocol.dictionary.DictionaryCodec;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.packet.Armor;
import dev.orbital.protocol.packet.CipherSuite;
import dev.orbital.protocol.packet.PacketHeader;
import dev.orbital.protocol.packet.Reassembler;
import dev.orbital.protocol.verb.Hello;
import dev.orbital.protocol.verb.Message;
import dev.orbital.protocol.verb.NetworkConfigRequest;
import dev.orbital.protocol.verb.OkHello;
import dev.orbital.protocol.verb.PacketCodec;
import dev.orbital.protocol.verb.VerbCodec;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * A test node's side of HELLO with one root, and of a config request to a controller (through that
 * root or directly), built from the protocol module only.
 */
final class TestNodeHello {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Identity node;
  private final Identity root;
  private final Armor armor;
  private final PacketCodec codec = new PacketCodec();
  private final Reassembler reassembler = new Reassembler();

  TestNodeHello(Identity node, Identity root) {
    this.node = node;
    this.root = root;
    this.armor = new Armor(node.agree(root).orElseThrow());
  }

  /** A cipher-0 HELLO with its moon list encrypted, as stock sends it. */
  byte[] hello(InetSocketAddress rootEndpoint, long worldId, long worldTimestamp) {
    Hello hello =
        new Hello(
            12,
            1,
            14,
            1,
            System.currentTimeMillis(),
            node,
            IpEndpoint.of(rootEndpoint),
            worldId,
            worldTimestamp,
            List.of());
    byte[] packet = new byte[PacketHeader.PAYLOAD + hello.encodedLength()];
    PacketHeader.setId(packet, RANDOM.nextLong());
    PacketHeader.setDestination(packet, root.address().value());
    PacketHeader.setSource(packet, node.address().value());
    packet[PacketHeader.VERB] = (byte) hello.verbCode();
    VerbCodec.encode(hello, ByteBuffer.wrap(packet, PacketHeader.PAYLOAD, hello.encodedLength()));
    int cryptOffset = PacketHeader.PAYLOAD + hello.cryptFieldOffset();
    armor.cryptHelloField(packet, cryptOffset, packet.length - cryptOffset);
    armor.armor(packet, packet.length, CipherSuite.POLY1305_NONE);
    return packet;
  }

  /** The OK(HELLO) in {@code datagram} if it is an authentic one from the root; else null. */
  OkHello okHello(ByteBuffer datagram) {
    byte[] packet = new byte[datagram.remaining()];
    datagram.get(packet);
    if (packet.length < PacketHeader.MIN_LENGTH
        || PacketHeader.source(packet) != root.address().value()
        || !armor.dearmor(packet, packet.length).isAuthentic()) {
      return null;
    }
    try {
      Message message =
          VerbCodec.decode(
              PacketHeader.verb(packet),
              packet,
              PacketHeader.PAYLOAD,
              packet.length - PacketHeader.PAYLOAD);
      return message instanceof OkHello ok ? ok : null;
    } catch (ProtocolException e) {
      return null;
    }
  }

  /** A NETWORK_CONFIG_REQUEST for {@code networkId} to {@code controller}, as stock 1.14.1 asks. */
  synchronized byte[] configRequest(Identity controller, long networkId) {
    byte[] metadata =
        DictionaryCodec.encode(
            new Dictionary().putU64("v", 7).putU64("revr", 1).putU64("majv", 1).putU64("minv", 14));
    byte[] out = new byte[PacketHeader.MAX_LENGTH];
    int length =
        codec.seal(
            new NetworkConfigRequest(networkId, metadata, 0, 0),
            RANDOM.nextLong(),
            controller.address(),
            node.address(),
            CipherSuite.POLY1305_SALSA2012,
            new Armor(node.agree(controller).orElseThrow()),
            false,
            PacketHeader.DEFAULT_PHYSICAL_MTU,
            out);
    return Arrays.copyOf(out, length);
  }

  /**
   * The message in {@code datagram} if it completes an authentic packet from {@code peer}
   * (reassembling fragments as they come); else null.
   */
  synchronized Message receive(ByteBuffer datagram, Identity peer) {
    byte[] bytes = new byte[datagram.remaining()];
    datagram.get(bytes);
    Reassembler.Result result = reassembler.offer(bytes, bytes.length, System.currentTimeMillis());
    byte[] packet;
    switch (result.outcome()) {
      case NOT_FRAGMENTED -> packet = bytes;
      case COMPLETE -> packet = result.packet();
      default -> {
        return null;
      }
    }
    if (packet.length < PacketHeader.MIN_LENGTH
        || PacketHeader.source(packet) != peer.address().value()) {
      return null;
    }
    try {
      return codec.open(packet, packet.length, new Armor(node.agree(peer).orElseThrow()));
    } catch (ProtocolException e) {
      return null;
    }
  }
}
