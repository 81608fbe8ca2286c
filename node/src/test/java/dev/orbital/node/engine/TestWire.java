package dev.orbital.node.engine;

import dev.orbital.node.transport.Transport;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.packet.Armor;
import dev.orbital.protocol.packet.CipherSuite;
import dev.orbital.protocol.packet.PacketHeader;
import dev.orbital.protocol.verb.Hello;
import dev.orbital.protocol.verb.Message;
import dev.orbital.protocol.verb.PacketCodec;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The far side of an engine under test: a transport that records every datagram, and sealing and
 * opening of packets between {@code self} and other identities.
 */
final class TestWire implements Transport {

  final Identity self;
  final List<InetSocketAddress> to = new ArrayList<>();
  final List<byte[]> datagrams = new ArrayList<>();
  private final PacketCodec codec = new PacketCodec();
  private final SecureRandom random = new SecureRandom();

  TestWire(Identity self) {
    this.self = self;
  }

  @Override
  public boolean send(InetSocketAddress address, byte[] data, int offset, int length) {
    to.add(address);
    datagrams.add(Arrays.copyOfRange(data, offset, offset + length));
    return true;
  }

  @Override
  public boolean relayed() {
    return false;
  }

  void clear() {
    to.clear();
    datagrams.clear();
  }

  /** A packet to {@code self} from {@code source}, armored under the key {@code signer} agrees. */
  byte[] seal(Message message, Address source, Identity signer) {
    byte[] out = new byte[PacketHeader.MAX_LENGTH];
    int length =
        codec.seal(
            message,
            random.nextLong(),
            self.address(),
            source,
            CipherSuite.POLY1305_SALSA2012,
            new Armor(signer.agree(self).orElseThrow()),
            false,
            PacketHeader.DEFAULT_PHYSICAL_MTU,
            out);
    return Arrays.copyOf(out, length);
  }

  byte[] seal(Message message, Identity from) {
    return seal(message, from.address(), from);
  }

  byte[] hello(Identity from, InetSocketAddress sentTo, long now) {
    return seal(new Hello(12, 1, 12, 0, now, from, IpEndpoint.of(sentTo), 77, 1, List.of()), from);
  }

  /** Every message sent to {@code reader}, opened with its key. */
  List<Message> messagesFor(Identity reader) throws Exception {
    List<Message> out = new ArrayList<>();
    for (byte[] datagram : datagrams) {
      if (PacketHeader.destination(datagram) == reader.address().value()) {
        out.add(
            codec.open(
                datagram.clone(), datagram.length, new Armor(reader.agree(self).orElseThrow())));
      }
    }
    return out;
  }

  /** The first message sent to {@code endpoint} for {@code reader}. */
  Message firstTo(InetSocketAddress endpoint, Identity reader) throws Exception {
    for (int i = 0; i < datagrams.size(); i++) {
      byte[] datagram = datagrams.get(i);
      if (to.get(i).equals(endpoint)
          && PacketHeader.destination(datagram) == reader.address().value()) {
        return codec.open(
            datagram.clone(), datagram.length, new Armor(reader.agree(self).orElseThrow()));
      }
    }
    throw new AssertionError("nothing sent to " + endpoint + " for " + reader.address());
  }
}
