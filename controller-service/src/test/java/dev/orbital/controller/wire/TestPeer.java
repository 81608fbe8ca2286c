package dev.orbital.controller.wire;

import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.packet.Armor;
import dev.orbital.protocol.packet.CipherSuite;
import dev.orbital.protocol.packet.Fragment;
import dev.orbital.protocol.packet.Fragmenter;
import dev.orbital.protocol.packet.PacketHeader;
import dev.orbital.protocol.packet.Reassembler;
import dev.orbital.protocol.verb.Hello;
import dev.orbital.protocol.verb.Message;
import dev.orbital.protocol.verb.PacketCodec;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A ZeroTier node's packet logic for tests, from the protocol module only: seals messages to the
 * peers it knows and opens (reassembling fragments) what they send. No socket; {@link UdpTestNode}
 * adds one.
 */
final class TestPeer {

  /** A received, authenticated packet. */
  record Received(long source, int hops, long packetId, Message message) {}

  static final int MTU = PacketHeader.DEFAULT_PHYSICAL_MTU;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Identity identity;
  private final Map<Long, Armor> armors = new HashMap<>();
  private final PacketCodec codec = new PacketCodec();
  private final Reassembler reassembler = new Reassembler();
  private long nextId = RANDOM.nextLong();

  TestPeer(Identity identity) {
    this.identity = identity;
  }

  static TestPeer generate() {
    return new TestPeer(Identity.generate(RANDOM));
  }

  Identity identity() {
    return identity;
  }

  void know(Identity peer) {
    armors.put(peer.address().value(), new Armor(identity.agree(peer).orElseThrow()));
  }

  /** A stock-like HELLO to {@code peer}, sent to {@code to}. */
  List<byte[]> hello(Identity peer, InetSocketAddress to, long now) {
    return seal(
        peer,
        new Hello(12, 1, 14, 1, now, identity, IpEndpoint.of(to), 0, 0, List.of()),
        CipherSuite.POLY1305_NONE);
  }

  /** The datagrams carrying {@code message} to {@code peer}. */
  List<byte[]> seal(Identity peer, Message message, CipherSuite cipher) {
    Armor armor = armors.get(peer.address().value());
    byte[] out = new byte[PacketHeader.MAX_LENGTH];
    int length =
        codec.seal(
            message, nextId++, peer.address(), identity.address(), cipher, armor, true, MTU, out);
    List<byte[]> datagrams = new ArrayList<>();
    if (PacketHeader.isFragmented(out)) {
      Fragmenter.split(
          out,
          length,
          MTU,
          new byte[MTU],
          (bytes, offset, n) ->
              datagrams.add(java.util.Arrays.copyOfRange(bytes, offset, offset + n)));
    } else {
      datagrams.add(java.util.Arrays.copyOf(out, length));
    }
    return datagrams;
  }

  List<byte[]> seal(Identity peer, Message message) {
    return seal(peer, message, CipherSuite.AES_GMAC_SIV);
  }

  /** The packet a datagram completes, opened; empty for fragments pending, strangers, garbage. */
  Optional<Received> open(byte[] datagram, int length, long now) {
    byte[] packet = java.util.Arrays.copyOf(datagram, length);
    if (Fragment.isFragment(packet, length) || PacketHeader.isFragmented(packet)) {
      Reassembler.Result result = reassembler.offer(packet, length, now);
      if (result.outcome() != Reassembler.Outcome.COMPLETE) {
        return Optional.empty();
      }
      packet = result.packet();
    }
    if (packet.length < PacketHeader.MIN_LENGTH) {
      return Optional.empty();
    }
    long source = PacketHeader.source(packet);
    Armor armor = armors.get(source);
    if (armor == null) {
      return Optional.empty();
    }
    int hops = PacketHeader.hops(packet);
    long id = PacketHeader.id(packet);
    try {
      return Optional.of(new Received(source, hops, id, codec.open(packet, packet.length, armor)));
    } catch (ProtocolException e) {
      return Optional.empty();
    }
  }
}
