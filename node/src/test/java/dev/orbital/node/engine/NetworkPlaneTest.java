package dev.orbital.node.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbital.node.NodeHome;
import dev.orbital.node.control.NetworkState;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.netconf.CertificateOfMembership;
import dev.orbital.protocol.netconf.DnsSettings;
import dev.orbital.protocol.netconf.NetworkAddresses;
import dev.orbital.protocol.netconf.NetworkConfig;
import dev.orbital.protocol.netconf.NetworkConfigCodec;
import dev.orbital.protocol.packet.Verb;
import dev.orbital.protocol.rules.Rule;
import dev.orbital.protocol.verb.ConfigChunk;
import dev.orbital.protocol.verb.ErrorCode;
import dev.orbital.protocol.verb.ErrorDetail;
import dev.orbital.protocol.verb.ErrorReply;
import dev.orbital.protocol.verb.Frame;
import dev.orbital.protocol.verb.Message;
import dev.orbital.protocol.verb.NetworkConfigPush;
import dev.orbital.protocol.verb.NetworkConfigRequest;
import dev.orbital.protocol.verb.OkEcho;
import dev.orbital.protocol.verb.OkNetworkConfigRequest;
import dev.orbital.protocol.world.World;
import dev.orbital.protocol.world.WorldType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Joining and configs without sockets or TAPs (the TAP worker here runs nothing): only a config the
 * network's controller signed, issued to us, is taken; its errors count only from it; frames from a
 * peer that never proved membership are refused.
 */
class NetworkPlaneTest {

  static Identity self;
  static Identity controller;
  static Identity member;
  static Identity root;
  static long networkId;

  static final InetSocketAddress ROOT = new InetSocketAddress("192.0.2.1", 9993);
  static final InetSocketAddress CONTROLLER = new InetSocketAddress("192.0.2.2", 9993);
  static final InetSocketAddress MEMBER = new InetSocketAddress("192.0.2.3", 9993);

  @TempDir Path home;

  TestWire wire;
  final Counters counters = new Counters();
  Engine engine;
  NetworkPlane plane;
  final long now = System.currentTimeMillis();

  @BeforeAll
  static void identities() {
    SecureRandom random = new SecureRandom();
    self = Identity.generate(random);
    controller = Identity.generate(random);
    member = Identity.generate(random);
    root = Identity.generate(random);
    networkId = NetworkAddresses.networkId(controller.address(), 0x000042);
  }

  @BeforeEach
  void start() throws Exception {
    wire = new TestWire(self);
    World planet =
        World.of(
            WorldType.PLANET,
            77,
            1,
            new byte[64],
            List.of(new World.Root(root.toPublic(), List.of(IpEndpoint.of(ROOT)))));
    engine = new Engine(self, planet, counters);
    plane = new NetworkPlane(engine, NodeHome.open(home), Runnable::run, task -> {});
    engine.start(wire, now);
    for (Identity peer : List.of(controller, member)) {
      InetSocketAddress at = peer == controller ? CONTROLLER : MEMBER;
      byte[] hello = wire.hello(peer, at, now);
      // The engine validates at most one new identity per IDENTITY_CHECK_MILLIS: say HELLO again
      // until this one is taken.
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(Engine.IDENTITY_CHECK_MILLIS + 10))
          .until(
              () -> {
                engine.receive(wire, at, hello.clone(), hello.length);
                return engine.peer(peer.address().value()) != null;
              });
    }
    wire.clear();
  }

  @Test
  void shouldAskTheControllerAtOnceAndTakeItsSignedConfig() throws Exception {
    plane.join(networkId, now);
    List<Message> toController = wire.messagesFor(controller);
    assertThat(toController).singleElement().isInstanceOf(NetworkConfigRequest.class);
    assertThat(((NetworkConfigRequest) toController.get(0)).networkId()).isEqualTo(networkId);

    answer(controller, config(self), controller);

    assertThat(plane.status(networkId).orElseThrow().state()).isEqualTo(NetworkState.OK);
    assertThat(plane.status(networkId).orElseThrow().assignedAddresses())
        .containsExactly("10.9.9.1/24");
    assertThat(plane.status(networkId).orElseThrow().mac())
        .isEqualTo(NetworkAddresses.memberMac(networkId, self.address()).toString());
  }

  @Test
  void shouldRefuseAConfigSignedByAnyoneButTheController() throws Exception {
    plane.join(networkId, now);
    answer(controller, config(self), member); // from the controller's address, member's signature
    answer(member, config(self), member); // from another peer altogether

    assertThat(counters.drops(Drop.BAD_CONFIG)).isEqualTo(1);
    assertThat(counters.drops(Drop.UNEXPECTED_REPLY)).isEqualTo(1);
    assertThat(plane.status(networkId).orElseThrow().state())
        .isEqualTo(NetworkState.REQUESTING_CONFIGURATION);
  }

  @Test
  void shouldRefuseAConfigIssuedToAnotherMember() throws Exception {
    plane.join(networkId, now);
    answer(controller, config(member), controller);

    assertThat(counters.drops(Drop.BAD_CONFIG)).isEqualTo(1);
    assertThat(plane.status(networkId).orElseThrow().state())
        .isEqualTo(NetworkState.REQUESTING_CONFIGURATION);
  }

  @Test
  void shouldTakeAccessDeniedOnlyFromTheController() throws Exception {
    plane.join(networkId, now);
    ErrorReply denied =
        new ErrorReply(
            Verb.NETWORK_CONFIG_REQUEST.code(),
            1,
            ErrorCode.NETWORK_ACCESS_DENIED,
            ErrorDetail.Network.of(networkId));
    receive(member, denied, MEMBER);
    assertThat(plane.status(networkId).orElseThrow().state())
        .isEqualTo(NetworkState.REQUESTING_CONFIGURATION);

    receive(controller, denied, CONTROLLER);
    assertThat(plane.status(networkId).orElseThrow().state()).isEqualTo(NetworkState.ACCESS_DENIED);
  }

  @Test
  void shouldApplyAPushedConfigAndAcknowledgeIt() throws Exception {
    plane.join(networkId, now);
    wire.clear();
    List<ConfigChunk> chunks =
        ConfigChunk.split(networkId, NetworkConfigCodec.encode(config(self)), 77, 0, controller);
    receive(controller, new NetworkConfigPush(chunks.get(0)), CONTROLLER);

    assertThat(plane.status(networkId).orElseThrow().state()).isEqualTo(NetworkState.OK);
    assertThat(wire.messagesFor(controller))
        .anySatisfy(
            m ->
                assertThat(((OkEcho) m).asConfigAck())
                    .hasValue(new OkEcho.ConfigAck(networkId, 77)));
  }

  @Test
  void shouldRefuseFramesFromAPeerThatShowedNoMembershipCertificate() throws Exception {
    plane.join(networkId, now);
    answer(controller, config(self), controller);
    wire.clear();

    receive(member, new Frame(networkId, 0x0800, new byte[40]), MEMBER);

    assertThat(counters.drops(Drop.NOT_MEMBER)).isEqualTo(1);
    assertThat(wire.messagesFor(member))
        .anySatisfy(
            m -> {
              assertThat(m).isInstanceOf(ErrorReply.class);
              assertThat(((ErrorReply) m).code()).isEqualTo(ErrorCode.NEED_MEMBERSHIP_CERTIFICATE);
            });
  }

  private void answer(Identity from, NetworkConfig config, Identity signer) {
    byte[] dictionary = NetworkConfigCodec.encode(config);
    for (ConfigChunk chunk : ConfigChunk.split(networkId, dictionary, 99, 0, signer)) {
      receive(from, new OkNetworkConfigRequest(1, chunk), from == controller ? CONTROLLER : MEMBER);
    }
  }

  private void receive(Identity from, Message message, InetSocketAddress at) {
    byte[] packet = wire.seal(message, from);
    engine.receive(wire, at, packet, packet.length);
  }

  private NetworkConfig config(Identity to) throws Exception {
    long maxDelta = 30 * 60_000L;
    return new NetworkConfig(
        NetworkConfig.CURRENT_VERSION,
        networkId,
        now,
        maxDelta,
        3,
        to.address(),
        new Address(0),
        0,
        NetworkConfig.FLAG_ENABLE_BROADCAST,
        32,
        NetworkConfig.TYPE_PRIVATE,
        "unit",
        2800,
        CertificateOfMembership.issue(now, maxDelta, networkId, to, controller),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(new IpEndpoint(InetAddress.getByName("10.9.9.1"), 24)),
        List.of(new Rule.ActionAccept()),
        DnsSettings.NONE,
        0,
        false);
  }
}
