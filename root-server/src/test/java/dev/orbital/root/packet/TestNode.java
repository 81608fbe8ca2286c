package dev.orbital.root.packet;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.packet.Armor;
import dev.orbital.protocol.packet.CipherSuite;
import dev.orbital.protocol.packet.PacketHeader;
import dev.orbital.protocol.verb.Message;
import dev.orbital.protocol.verb.VerbCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A ZeroTier node for tests, built from the protocol module only: its own identity and UDP socket
 * on a loopback address, armoring what it sends and dearmoring what it gets, under the key agreed
 * with whoever is at the other end.
 */
final class TestNode implements AutoCloseable {

  /** A received, authenticated packet. */
  record Received(long source, int hops, long packetId, Message message, InetSocketAddress from) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Identity identity;
  private final DatagramSocket socket;
  private final Map<Long, Armor> armors = new HashMap<>();
  private final Map<Long, Identity> known = new HashMap<>();

  TestNode(Identity identity, String loopbackAddress) {
    this.identity = identity;
    try {
      socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(loopbackAddress), 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static TestNode create(String loopbackAddress) {
    return new TestNode(Identity.generate(RANDOM), loopbackAddress);
  }

  Identity identity() {
    return identity;
  }

  Address address() {
    return identity.address();
  }

  InetSocketAddress localAddress() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  /** Learns a peer's identity (a root's from its world, another node's from OK(WHOIS)). */
  void know(Identity peer) {
    known.put(peer.address().value(), peer);
    armors.put(peer.address().value(), new Armor(identity.agree(peer).orElseThrow()));
  }

  /** Sends a cipher-0 HELLO to {@code root}, with its moon list encrypted as stock does. */
  long hello(Identity root, InetSocketAddress to, long planetId, long planetTimestamp) {
    byte[] packet = helloPacket(root, to, planetId, planetTimestamp);
    sendRaw(packet, to);
    return PacketHeader.id(packet);
  }

  /** An armored HELLO to {@code root}, not sent. */
  byte[] helloPacket(Identity root, InetSocketAddress to, long planetId, long planetTimestamp) {
    know(root);
    return TestPackets.hello(
        identity,
        armors.get(root.address().value()),
        root.address().value(),
        to,
        planetId,
        planetTimestamp);
  }

  /** Sends {@code message} to {@code destination} (armored for it) via the socket address. */
  long send(long destination, Message message, CipherSuite cipher, InetSocketAddress via) {
    byte[] packet = packet(destination, message);
    armors.get(destination).armor(packet, packet.length, cipher);
    sendRaw(packet, via);
    return PacketHeader.id(packet);
  }

  void sendRaw(byte[] datagram, InetSocketAddress to) {
    try {
      socket.send(new DatagramPacket(datagram, datagram.length, to));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] packet(long destination, Message message) {
    return TestPackets.plain(identity.address().value(), destination, message);
  }

  /**
   * Waits up to {@code timeout} for an authenticated packet matching {@code wanted}, dropping the
   * others; null if none came.
   */
  Received await(Predicate<Received> wanted, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    byte[] buffer = new byte[16384];
    while (System.nanoTime() < deadline) {
      try {
        int wait = (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        socket.setSoTimeout(wait);
        DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
        socket.receive(datagram);
        Received received = open(datagram);
        if (received != null && wanted.test(received)) {
          return received;
        }
      } catch (SocketTimeoutException e) {
        return null;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return null;
  }

  /** Drains whatever is queued, so a later {@link #await} sees only new packets. */
  void drain() {
    while (await(r -> true, Duration.ofMillis(20)) != null) {
      // keep draining
    }
  }

  private Received open(DatagramPacket datagram) {
    int length = datagram.getLength();
    if (length < PacketHeader.MIN_LENGTH) {
      return null;
    }
    byte[] packet = java.util.Arrays.copyOf(datagram.getData(), length);
    Armor armor = armors.get(PacketHeader.source(packet));
    if (armor == null) {
      return null;
    }
    int hops = PacketHeader.hops(packet);
    long id = PacketHeader.id(packet);
    if (!armor.dearmor(packet, length).isAuthentic()) {
      return null;
    }
    try {
      Message message =
          VerbCodec.decode(
              PacketHeader.verb(packet),
              packet,
              PacketHeader.PAYLOAD,
              length - PacketHeader.PAYLOAD);
      return new Received(
          PacketHeader.source(packet),
          hops,
          id,
          message,
          (InetSocketAddress) datagram.getSocketAddress());
    } catch (ProtocolException e) {
      return null;
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
