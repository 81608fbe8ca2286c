package dev.orbital.controller.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.controller.Corpus;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.packet.PacketHeader;
import dev.orbital.protocol.verb.Echo;
import dev.orbital.protocol.verb.Hello;
import dev.orbital.protocol.verb.NetworkConfigRequest;
import dev.orbital.protocol.verb.OkEcho;
import dev.orbital.protocol.verb.OkHello;
import dev.orbital.protocol.verb.OkWhois;
import dev.orbital.protocol.verb.Rendezvous;
import dev.orbital.protocol.verb.Whois;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ControllerPacketServiceTest {

  private static final Identity CONTROLLER = Corpus.identity("A");
  private static final Identity MEMBER = Corpus.identity("B");
  private static final Identity ROOT = Corpus.identity("C");
  private static final InetSocketAddress ROOT_PATH = new InetSocketAddress("127.0.0.1", 9993);
  private static final InetSocketAddress MEMBER_PATH = new InetSocketAddress("127.0.0.2", 40000);
  private static final long NOW = 1_795_528_000_000L;

  private record Sent(byte[] bytes, InetSocketAddress to) {}

  private record Request(
      Identity member, long packetId, NetworkConfigRequest request, InetSocketAddress path) {}

  private long now = NOW;
  private final List<Sent> sent = new ArrayList<>();
  private final List<Request> requests = new ArrayList<>();
  private final List<String> acks = new ArrayList<>();
  private final WireMetrics metrics = new WireMetrics(new SimpleMeterRegistry());
  private final ControllerPacketService service =
      new ControllerPacketService(
          CONTROLLER,
          List.of(new Upstream(ROOT, List.of(ROOT_PATH))),
          0,
          0,
          metrics,
          (identity, callback) -> callback.accept(identity.locallyValidate()),
          new ControllerPacketService.ConfigRequests() {
            @Override
            public void requested(
                Identity member, long packetId, NetworkConfigRequest request, InetSocketAddress p) {
              requests.add(new Request(member, packetId, request, p));
            }

            @Override
            public void acknowledged(Address member, long networkId) {
              acks.add(member + "/" + Long.toHexString(networkId));
            }
          },
          (bytes, offset, length, to) ->
              sent.add(new Sent(Arrays.copyOfRange(bytes, offset, offset + length), to)),
          () -> now);
  private final TestPeer member = new TestPeer(MEMBER);
  private final TestPeer root = new TestPeer(ROOT);

  ControllerPacketServiceTest() {
    member.know(CONTROLLER);
    root.know(CONTROLLER);
  }

  private void deliver(List<byte[]> datagrams, InetSocketAddress from, int hops) {
    for (byte[] datagram : datagrams) {
      if (hops > 0) {
        PacketHeader.setHops(datagram, hops);
      }
      service.receive(datagram, datagram.length, from);
    }
  }

  private Optional<TestPeer.Received> openSent(TestPeer peer, int index) {
    Sent s = sent.get(index);
    return peer.open(s.bytes(), s.bytes().length, NOW);
  }

  @Test
  void shouldHelloTheRootsAtStart() {
    service.housekeeping();

    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).to()).isEqualTo(ROOT_PATH);
    TestPeer.Received hello = openSent(root, 0).orElseThrow();
    assertThat(hello.message()).isInstanceOf(Hello.class);
    assertThat(((Hello) hello.message()).identity().address()).isEqualTo(CONTROLLER.address());
  }

  @Test
  void shouldRetryAnUnansweredRootHelloButNotAnAnsweredOne() {
    service.housekeeping();
    service.housekeeping();
    assertThat(sent).hasSize(1);

    now += ControllerPacketService.PING_CHECK_MILLIS;
    service.housekeeping();
    assertThat(sent).hasSize(2);
    TestPeer.Received hello = openSent(root, 1).orElseThrow();

    deliver(
        root.seal(
            CONTROLLER,
            new OkHello(
                hello.packetId(), now, 12, 1, 14, 1, IpEndpoint.of(ROOT_PATH), new byte[0])),
        ROOT_PATH,
        0);
    now += ControllerPacketService.PING_CHECK_MILLIS;
    service.housekeeping();
    assertThat(sent).hasSize(2);
    assertThat(service.hasUpstream()).isTrue();
  }

  @Test
  void shouldAnswerAHelloWithOkHelloOnItsPath() {
    List<byte[]> hello = member.hello(CONTROLLER, MEMBER_PATH, NOW);
    long id = PacketHeader.id(hello.get(0));
    deliver(hello, MEMBER_PATH, 0);

    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).to()).isEqualTo(MEMBER_PATH);
    OkHello ok = (OkHello) openSent(member, 0).orElseThrow().message();
    assertThat(ok.inRePacketId()).isEqualTo(id);
    assertThat(ok.timestampEcho()).isEqualTo(NOW);
    assertThat(ok.surface().toSocketAddress()).isEqualTo(MEMBER_PATH);
  }

  @Test
  void shouldLearnAnUnknownSenderByWhoisThroughTheRootThenServeIt() {
    NetworkConfigRequest request = new NetworkConfigRequest(Corpus.NETWORK_ID, new byte[0], 0, 0);
    List<byte[]> packet = member.seal(CONTROLLER, request);
    long id = PacketHeader.id(packet.get(0));
    deliver(packet, ROOT_PATH, 1);

    assertThat(requests).isEmpty();
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).to()).isEqualTo(ROOT_PATH);
    TestPeer.Received whois = openSent(root, 0).orElseThrow();
    assertThat(((Whois) whois.message()).addresses()).containsExactly(MEMBER.address());

    deliver(root.seal(CONTROLLER, new OkWhois(whois.packetId(), List.of(MEMBER))), ROOT_PATH, 0);

    assertThat(requests).hasSize(1);
    Request served = requests.get(0);
    assertThat(served.member().address()).isEqualTo(MEMBER.address());
    assertThat(served.packetId()).isEqualTo(id);
    assertThat(served.request().networkId()).isEqualTo(Corpus.NETWORK_ID);
    assertThat(served.path()).isEqualTo(ROOT_PATH);
  }

  @Test
  void shouldPushToWhereTheMemberWasLastHeard() {
    deliver(member.hello(CONTROLLER, MEMBER_PATH, NOW), MEMBER_PATH, 0);
    deliver(member.seal(CONTROLLER, new Echo(new byte[] {1, 2})), MEMBER_PATH, 0);
    assertThat(openSent(member, 1).orElseThrow().message()).isInstanceOf(OkEcho.class);
    sent.clear();

    assertThat(service.push(MEMBER.address(), List.of(new Echo(new byte[] {3})))).isTrue();
    assertThat(service.push(new Address(0x1122334455L), List.of(new Echo(new byte[] {3}))))
        .isFalse();

    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).to()).isEqualTo(MEMBER_PATH);
    assertThat(openSent(member, 0).orElseThrow().message()).isEqualTo(new Echo(new byte[] {3}));
  }

  @Test
  void shouldTakeStocksOkEchoConfigAckAsTheMemberAcknowledgingAPush() {
    deliver(member.hello(CONTROLLER, MEMBER_PATH, NOW), MEMBER_PATH, 0);

    // 1.14.1 answers an assembled NETWORK_CONFIG with OK, in-re verb ECHO: nwid, configUpdateId.
    deliver(member.seal(CONTROLLER, OkEcho.configAck(42, Corpus.NETWORK_ID, 7)), MEMBER_PATH, 0);
    // An ordinary ECHO answer is no ack.
    deliver(member.seal(CONTROLLER, new OkEcho(43, new byte[] {1, 2, 3})), MEMBER_PATH, 0);

    assertThat(acks).containsExactly(MEMBER.address() + "/" + Long.toHexString(Corpus.NETWORK_ID));
  }

  @Test
  void shouldDropAndCountGarbageWithoutAnswering() {
    deliver(member.hello(CONTROLLER, MEMBER_PATH, NOW), MEMBER_PATH, 0);
    sent.clear();

    service.receive(new byte[] {1, 2, 3}, 3, MEMBER_PATH);
    byte[] forged = member.seal(CONTROLLER, new Echo(new byte[] {9})).get(0);
    forged[forged.length - 1] ^= 1;
    service.receive(forged, forged.length, MEMBER_PATH);
    byte[] elsewhere = member.seal(CONTROLLER, new Echo(new byte[] {9})).get(0);
    PacketHeader.setDestination(elsewhere, 0x0102030405L);
    service.receive(elsewhere, elsewhere.length, MEMBER_PATH);

    assertThat(sent).isEmpty();
    assertThat(metrics.dropped(DropReason.TOO_SHORT)).isEqualTo(1);
    assertThat(metrics.dropped(DropReason.BAD_MAC)).isEqualTo(1);
    assertThat(metrics.dropped(DropReason.NOT_FOR_US)).isEqualTo(1);
  }

  @Test
  void shouldIgnoreWhoisAnswersFromNonRoots() {
    deliver(member.hello(CONTROLLER, MEMBER_PATH, NOW), MEMBER_PATH, 0);
    deliver(member.seal(CONTROLLER, new OkWhois(1, List.of(ROOT))), MEMBER_PATH, 0);

    assertThat(metrics.dropped(DropReason.NOT_FROM_ROOT)).isEqualTo(1);
  }

  @Test
  void shouldHelloAMemberTheRootIntroducesAndThenUseTheDirectPath() {
    deliver(member.hello(CONTROLLER, ROOT_PATH, NOW), ROOT_PATH, 1);
    sent.clear();

    deliver(
        root.seal(CONTROLLER, Rendezvous.of(MEMBER.address(), IpEndpoint.of(MEMBER_PATH))),
        ROOT_PATH,
        0);

    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).to()).isEqualTo(MEMBER_PATH);
    TestPeer.Received hello = openSent(member, 0).orElseThrow();
    assertThat(hello.message()).isInstanceOf(Hello.class);
    sent.clear();

    deliver(
        member.seal(
            CONTROLLER,
            new OkHello(
                hello.packetId(), NOW, 12, 1, 14, 1, IpEndpoint.of(MEMBER_PATH), new byte[0])),
        MEMBER_PATH,
        0);
    service.push(MEMBER.address(), List.of(new Echo(new byte[] {1})));

    assertThat(sent.get(0).to()).isEqualTo(MEMBER_PATH);
  }

  @Test
  void shouldIgnoreIntroductionsFromNonRoots() {
    deliver(member.hello(CONTROLLER, MEMBER_PATH, NOW), MEMBER_PATH, 0);
    sent.clear();

    deliver(
        member.seal(CONTROLLER, Rendezvous.of(ROOT.address(), IpEndpoint.of(ROOT_PATH))),
        MEMBER_PATH,
        0);

    assertThat(sent).isEmpty();
    assertThat(metrics.dropped(DropReason.NOT_FROM_ROOT)).isEqualTo(1);
  }
}
