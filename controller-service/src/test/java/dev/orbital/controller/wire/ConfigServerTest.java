package dev.orbital.controller.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.controller.Corpus;
import dev.orbital.controller.ipam.IpAddresses;
import dev.orbital.controller.netconf.ConfigFixtures;
import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.Network;
import dev.orbital.controller.network.NetworkService;
import dev.orbital.controller.store.StoreView;
import dev.orbital.controller.store.TestViews;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.netconf.CredentialType;
import dev.orbital.protocol.netconf.NetworkConfig;
import dev.orbital.protocol.netconf.NetworkConfigCodec;
import dev.orbital.protocol.netconf.Revocation;
import dev.orbital.protocol.verb.ConfigAssembler;
import dev.orbital.protocol.verb.Credentials;
import dev.orbital.protocol.verb.ErrorCode;
import dev.orbital.protocol.verb.ErrorReply;
import dev.orbital.protocol.verb.Message;
import dev.orbital.protocol.verb.NetworkConfigPush;
import dev.orbital.protocol.verb.NetworkConfigRequest;
import dev.orbital.protocol.verb.OkNetworkConfigRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigServerTest {

  private static final Identity CONTROLLER = ConfigFixtures.CONTROLLER;
  private static final Identity B = Corpus.identity("B");
  private static final Identity C = Corpus.identity("C");
  private static final long NOW = ConfigFixtures.NOW;
  private static final InetSocketAddress PATH = new InetSocketAddress("127.0.0.1", 9993);

  private record Out(Address to, InetSocketAddress path, List<? extends Message> messages) {}

  private long now = NOW;
  private final NetworkService networks = new NetworkService();
  private final StoreView view = new StoreView();
  private final List<Out> out = new ArrayList<>();
  private final List<Member> written = new ArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ConfigServer server =
      new ConfigServer(
          view,
          ConfigFixtures.requestService(),
          ConfigFixtures.revocationService(),
          new WireMetrics(registry),
          new ConfigServer.Outbox() {
            @Override
            public void reply(Address member, InetSocketAddress path, List<? extends Message> m) {
              out.add(new Out(member, path, m));
            }

            @Override
            public void push(Address member, List<? extends Message> m) {
              out.add(new Out(member, null, m));
            }
          },
          written::add,
          () -> now);

  private static NetworkConfigRequest request() {
    return new NetworkConfigRequest(Corpus.NETWORK_ID, ConfigFixtures.metadata(), 0, 0);
  }

  private Network network() {
    return ConfigFixtures.network(networks);
  }

  /** Stores a member record as the store would after the write. */
  private void store(Member member) {
    TestViews.put(view, member);
  }

  private Member authorize(Member member) {
    return networks.updateMember(
        Corpus.NETWORK_ID, member.address(), member, Map.of("authorized", true), NOW, Set.of());
  }

  private static NetworkConfig assemble(List<? extends Message> messages) throws Exception {
    ConfigAssembler assembler = new ConfigAssembler();
    byte[] dictionary = null;
    for (Message m : messages) {
      var chunk =
          m instanceof OkNetworkConfigRequest ok ? ok.chunk() : ((NetworkConfigPush) m).chunk();
      assertThat(chunk.verify(CONTROLLER)).isTrue();
      dictionary = assembler.add(chunk).orElse(dictionary);
    }
    return NetworkConfigCodec.decode(dictionary);
  }

  @Test
  void shouldAnswerObjNotFoundForAnUnknownNetwork() {
    server.answer(B, 77, request(), PATH);

    ErrorReply error = (ErrorReply) out.get(0).messages().get(0);
    assertThat(error.code()).isEqualTo(ErrorCode.OBJ_NOT_FOUND);
    assertThat(error.inRePacketId()).isEqualTo(77);
    assertThat(out.get(0).path()).isEqualTo(PATH);
    assertThat(written).isEmpty();
    assertThat(
            registry
                .counter("orbital.controller.config.requests", "outcome", "obj_not_found")
                .count())
        .isEqualTo(1);
  }

  @Test
  void shouldRefuseAnUnknownMemberAndRecordItAsRequested() {
    TestViews.put(view, network());

    server.answer(B, 5, request(), PATH);

    ErrorReply error = (ErrorReply) out.get(0).messages().get(0);
    assertThat(error.code()).isEqualTo(ErrorCode.NETWORK_ACCESS_DENIED);
    assertThat(error.inRePacketId()).isEqualTo(5);
    assertThat(written).hasSize(1);
    assertThat(written.get(0).authorized()).isFalse();
    assertThat(written.get(0).revision()).isEqualTo(1);
    assertThat(server.isOwnWrite(Corpus.NETWORK_ID, B.address(), written.get(0))).isTrue();
  }

  @Test
  void shouldServeAnAuthorizedMemberSignedChunksWithItsAddressAndRoutes() throws Exception {
    TestViews.put(view, network());
    server.answer(B, 5, request(), PATH);
    store(authorize(written.get(0)));
    out.clear();
    now += RequestLog.MIN_REQUEST_PERIOD_MILLIS;

    server.answer(B, 6, request(), PATH);

    assertThat(out.get(0).messages()).allMatch(m -> m instanceof OkNetworkConfigRequest);
    NetworkConfig config = assemble(out.get(0).messages());
    assertThat(config.issuedTo()).isEqualTo(B.address());
    assertThat(config.com().verify(CONTROLLER)).isTrue();
    assertThat(config.staticIps()).hasSize(1);
    assertThat(config.routes()).hasSize(1);
    Member withAddress = written.get(written.size() - 1);
    assertThat(withAddress.ipAssignments()).hasSize(1);
  }

  @Test
  void shouldNeverHandTheSameAddressToTwoNewMembersBeforeTheStoreCatchesUp() {
    Network open = networks.update(network(), Map.of("private", false));
    TestViews.put(view, open);

    server.answer(B, 1, request(), PATH);
    server.answer(C, 2, request(), PATH);

    assertThat(written).hasSize(2);
    assertThat(written.get(0).ipAssignments()).isNotEmpty();
    assertThat(written.get(0).ipAssignments())
        .doesNotContainAnyElementsOf(written.get(1).ipAssignments());
  }

  @Test
  void shouldPushAFreshConfigOnlyToOnlineMembers() throws Exception {
    TestViews.put(view, network());
    server.answer(B, 5, request(), PATH);
    store(authorize(written.get(0)));
    out.clear();

    assertThat(server.pushConfig(Corpus.NETWORK_ID, B.address())).isTrue();
    assertThat(server.pushConfig(Corpus.NETWORK_ID, C.address())).isFalse();

    assertThat(out).hasSize(1);
    assertThat(out.get(0).messages()).allMatch(m -> m instanceof NetworkConfigPush);
    assertThat(assemble(out.get(0).messages()).issuedTo()).isEqualTo(B.address());
  }

  @Test
  void shouldPushTheRefusalInReZeroToADeauthorizedMember() {
    TestViews.put(view, network());
    server.answer(B, 5, request(), PATH);
    out.clear();

    server.pushConfig(Corpus.NETWORK_ID, B.address());

    ErrorReply error = (ErrorReply) out.get(0).messages().get(0);
    assertThat(error.code()).isEqualTo(ErrorCode.NETWORK_ACCESS_DENIED);
    assertThat(error.inRePacketId()).isZero();
  }

  @Test
  void shouldRevokeTheMembersComToTheOtherOnlineMembers() {
    TestViews.put(view, network());
    server.answer(B, 1, request(), PATH);
    server.answer(C, 2, request(), PATH);
    out.clear();

    Revocation sent = server.revoke(Corpus.NETWORK_ID, B.address());

    assertThat(out).hasSize(1);
    assertThat(out.get(0).to()).isEqualTo(C.address());
    Credentials credentials = (Credentials) out.get(0).messages().get(0);
    Revocation revocation = credentials.credentials().revocations().get(0);
    assertThat(revocation).isEqualTo(sent);
    assertThat(revocation.target()).isEqualTo(B.address());
    assertThat(revocation.networkId()).isEqualTo(Corpus.NETWORK_ID);
    assertThat(revocation.credentialType()).isEqualTo(CredentialType.COM);
    assertThat(revocation.threshold()).isEqualTo(NOW);
    assertThat(revocation.fastPropagate()).isTrue();
    assertThat(revocation.verify(CONTROLLER)).isTrue();
    assertThat(credentials.credentials().coms()).isEmpty();
  }

  @Test
  void shouldForgetAnOwnWriteTheStoreRefused() {
    TestViews.put(view, network());
    server.answer(B, 5, request(), PATH);
    Member refused = written.get(0);

    server.writeFailed(refused);

    assertThat(server.isOwnWrite(Corpus.NETWORK_ID, B.address(), refused)).isFalse();
  }

  @Test
  void shouldKnowAddressesOfStoredMembers() {
    TestViews.put(view, network());
    Member holder =
        networks.updateMember(
            Corpus.NETWORK_ID,
            C.address(),
            null,
            Map.of("authorized", true, "ipAssignments", List.of("10.147.20.59")),
            NOW,
            Set.of());
    store(holder);
    server.changed(Corpus.NETWORK_ID, holder);
    server.answer(B, 5, request(), PATH);
    store(authorize(written.get(0)));
    now += RequestLog.MIN_REQUEST_PERIOD_MILLIS;
    server.answer(B, 6, request(), PATH);

    assertThat(written.get(written.size() - 1).ipAssignments())
        .doesNotContain(IpAddresses.parse("10.147.20.59").orElseThrow());
  }

  @Test
  void shouldDropAMembersRequestsWithinOneSecondOfItsLast() {
    TestViews.put(view, network());
    server.answer(B, 1, request(), PATH);
    now += RequestLog.MIN_REQUEST_PERIOD_MILLIS - 1;
    server.answer(B, 2, request(), PATH);
    now += 1;
    server.answer(B, 3, request(), PATH);

    assertThat(out)
        .extracting(o -> ((ErrorReply) o.messages().get(0)).inRePacketId())
        .containsExactly(1L, 3L);
    assertThat(
            registry
                .counter("orbital.controller.packets.dropped", "reason", "request-rate-limited")
                .count())
        .isEqualTo(1);
  }
}
