package dev.orbital.node.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.node.NodeHome;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.packet.PacketHeader;
import dev.orbital.protocol.verb.Echo;
import dev.orbital.protocol.verb.Message;
import dev.orbital.protocol.verb.OkEcho;
import dev.orbital.protocol.verb.OkHello;
import dev.orbital.protocol.verb.OkWhois;
import dev.orbital.protocol.verb.Whois;
import dev.orbital.protocol.world.World;
import dev.orbital.protocol.world.WorldType;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine without sockets: datagrams in through {@link Engine#receive}, out to a recorder. */
class EngineTest {

  static Identity self;
  static Identity peer;
  static Identity stranger;
  static Identity root;

  static final InetSocketAddress ROOT_ENDPOINT = new InetSocketAddress("192.0.2.1", 9993);
  static final InetSocketAddress PEER_ENDPOINT = new InetSocketAddress("192.0.2.7", 40000);

  @TempDir Path home;

  TestWire transport;
  final Counters counters = new Counters();
  Engine engine;
  long now = 1_000_000;

  @BeforeAll
  static void identities() {
    SecureRandom random = new SecureRandom();
    self = Identity.generate(random);
    peer = Identity.generate(random);
    stranger = Identity.generate(random);
    root = Identity.generate(random);
  }

  @BeforeEach
  void start() throws Exception {
    World planet =
        World.of(
            WorldType.PLANET,
            77,
            1,
            new byte[64],
            List.of(new World.Root(root.toPublic(), List.of(IpEndpoint.of(ROOT_ENDPOINT)))));
    transport = new TestWire(self);
    engine = new Engine(self, planet, counters);
    new NetworkPlane(engine, NodeHome.open(home), Runnable::run, Runnable::run);
    engine.start(transport, now);
    transport.clear();
  }

  @Test
  void shouldCountGarbageAndPacketsForOtherNodesAsDrops() {
    engine.receive(transport, PEER_ENDPOINT, new byte[] {1, 2, 3}, 3);
    byte[] forOther = new byte[64];
    Address.writeLong(stranger.address().value(), forOther, PacketHeader.DESTINATION);
    engine.receive(transport, PEER_ENDPOINT, forOther, forOther.length);

    assertThat(counters.drops(Drop.MALFORMED_DATAGRAM)).isEqualTo(1);
    assertThat(counters.drops(Drop.NOT_FOR_US)).isEqualTo(1);
    assertThat(transport.datagrams).isEmpty();
  }

  @Test
  void shouldAnswerAHelloWithOkHelloOnThePathItCameFromAndLearnTheVersion() throws Exception {
    byte[] hello = hello(peer);
    long helloId = PacketHeader.id(hello);
    engine.receive(transport, PEER_ENDPOINT, hello, hello.length);

    Message ok = firstTo(PEER_ENDPOINT, peer);
    assertThat(ok).isInstanceOf(OkHello.class);
    assertThat(((OkHello) ok).inRePacketId()).isEqualTo(helloId);
    assertThat(((OkHello) ok).surface()).isEqualTo(IpEndpoint.of(PEER_ENDPOINT));
    assertThat(engine.peer(peer.address().value()).version()).isEqualTo("1.12.0");
  }

  @Test
  void shouldDropAPacketWhoseMacDoesNotHoldUnderThePeersKey() throws Exception {
    byte[] hello = hello(peer);
    engine.receive(transport, PEER_ENDPOINT, hello, hello.length);
    transport.datagrams.clear();
    // claims to come from the peer, sealed under a key the stranger agreed with us
    byte[] forged = seal(new Echo(new byte[] {9}), peer.address(), stranger);
    engine.receive(transport, PEER_ENDPOINT, forged, forged.length);

    assertThat(counters.drops(Drop.UNAUTHENTICATED)).isEqualTo(1);
    assertThat(transport.datagrams).isEmpty();
  }

  @Test
  void shouldAskARootAboutAnUnknownSourceAndProcessItsPacketOnceAnswered() throws Exception {
    byte[] echo = seal(new Echo(new byte[] {4, 2}), peer.address(), peer);
    engine.receive(transport, ROOT_ENDPOINT, echo, echo.length);

    Message whois = firstTo(ROOT_ENDPOINT, root);
    assertThat(whois).isEqualTo(Whois.of(peer.address()));

    transport.datagrams.clear();
    transport.to.clear();
    byte[] answer = seal(new OkWhois(1, List.of(peer.toPublic())), root.address(), root);
    engine.receive(transport, ROOT_ENDPOINT, answer, answer.length);

    // no direct path to the peer yet: its OK(ECHO) goes to the root, which relays
    List<Message> toPeer = allFor(peer);
    assertThat(toPeer).anySatisfy(m -> assertThat(m).isInstanceOf(OkEcho.class));
    assertThat(transport.to).containsOnly(ROOT_ENDPOINT);
  }

  @Test
  void shouldBoundTheQueueOfPacketsWaitingForAWhois() throws Exception {
    byte[] echo = seal(new Echo(new byte[] {1}), peer.address(), peer);
    for (int i = 0; i < WhoisQueue.MAX_WAITING + 5; i++) {
      engine.receive(transport, ROOT_ENDPOINT, echo.clone(), echo.length);
    }
    assertThat(counters.drops(Drop.UNKNOWN_SOURCE)).isEqualTo(5);
  }

  private byte[] hello(Identity from) {
    return transport.hello(from, PEER_ENDPOINT, now);
  }

  private byte[] seal(Message message, Address source, Identity signer) {
    return transport.seal(message, source, signer);
  }

  private Message firstTo(InetSocketAddress endpoint, Identity reader) throws Exception {
    return transport.firstTo(endpoint, reader);
  }

  private List<Message> allFor(Identity reader) throws Exception {
    return transport.messagesFor(reader);
  }
}
