package dev.orbital.controller.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.controller.Corpus;
import dev.orbital.controller.netconf.ConfigFixtures;
import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.Network;
import dev.orbital.controller.network.NetworkService;
import dev.orbital.controller.network.NodePresence;
import dev.orbital.controller.store.StoreView;
import dev.orbital.controller.store.TestViews;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.dictionary.Dictionary;
import dev.orbital.protocol.dictionary.DictionaryCodec;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.verb.Credentials;
import dev.orbital.protocol.verb.ErrorReply;
import dev.orbital.protocol.verb.Message;
import dev.orbital.protocol.verb.NetworkConfigPush;
import dev.orbital.protocol.verb.NetworkConfigRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConfigPusherTest {

  private static final Identity B = Corpus.identity("B");
  private static final Identity C = Corpus.identity("C");
  private static final long NOW = ConfigFixtures.NOW;
  private static final InetSocketAddress PATH = new InetSocketAddress("127.0.0.1", 9993);

  private record Pushed(Address to, Message message) {}

  private final NetworkService networks = new NetworkService();
  private final StoreView view = new StoreView();
  private final List<Pushed> pushed = new ArrayList<>();
  private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
  private volatile long now = NOW;

  /** While set, the records requests write wait here instead of reaching the view. */
  private volatile boolean holdWrites;

  private final List<Member> held = new ArrayList<>();
  private final ConfigServer server =
      new ConfigServer(
          view,
          ConfigFixtures.requestService(),
          ConfigFixtures.revocationService(),
          new WireMetrics(new SimpleMeterRegistry()),
          new ConfigServer.Outbox() {
            @Override
            public void reply(Address member, InetSocketAddress path, List<? extends Message> m) {}

            @Override
            public void push(Address member, List<? extends Message> m) {
              synchronized (pushed) {
                m.forEach(message -> pushed.add(new Pushed(member, message)));
              }
            }
          },
          member -> {
            if (holdWrites) {
              held.add(member);
            } else {
              TestViews.put(view, member);
            }
          },
          () -> now);

  ConfigPusherTest() {
    view.addListener(new ConfigPusher(server, scheduler, Runnable::run, 100));
  }

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private static NetworkConfigRequest request() {
    byte[] metadata = DictionaryCodec.encode(new Dictionary().putU64("v", 7).putU64("revr", 1));
    return new NetworkConfigRequest(Corpus.NETWORK_ID, metadata, 0, 0);
  }

  private Network network() {
    return networks.create(
        Corpus.NETWORK_ID,
        Map.of(
            "v4AssignMode", Map.of("zt", true),
            "ipAssignmentPools",
                List.of(Map.of("ipRangeStart", "10.147.20.1", "ipRangeEnd", "10.147.20.254"))),
        NOW);
  }

  private void change(Identity member, Map<String, ?> body) {
    Member current = view.member(Corpus.NETWORK_ID, member.address()).orElseThrow();
    Member updated =
        networks.updateMember(Corpus.NETWORK_ID, member.address(), current, body, NOW, Set.of());
    TestViews.put(view, updated.withRevision(current.revision() + 1));
  }

  private List<Pushed> pushedSoFar() {
    synchronized (pushed) {
      return List.copyOf(pushed);
    }
  }

  private List<Pushed> awaitPushes(int count) {
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> pushedSoFar().size() >= count);
    return pushedSoFar();
  }

  /** Waits out the coalescing window and a margin: nothing more may arrive. */
  private void assertNoMorePushes(int count) {
    Awaitility.await()
        .during(Duration.ofMillis(400))
        .atMost(Duration.ofSeconds(2))
        .until(() -> pushedSoFar().size() == count);
  }

  /** B and C asked for their config, were authorized and got it; the pushes so far are cleared. */
  private void authorizeTwoOnlineMembers() {
    TestViews.put(view, network());
    server.answer(B, 1, request(), PATH);
    server.answer(C, 2, request(), PATH);
    change(B, Map.of("authorized", true));
    change(C, Map.of("authorized", true));
    awaitPushes(2);
    pushed.clear();
  }

  @Test
  void shouldNotPushTheRecordARequestMade() {
    TestViews.put(view, network());
    server.answer(B, 1, request(), PATH);

    assertNoMorePushes(0);
  }

  @Test
  void shouldPushOnceAfterABurstOfChangesToOneMember() {
    TestViews.put(view, network());
    server.answer(B, 1, request(), PATH);

    change(B, Map.of("authorized", true));
    change(B, Map.of("name", "first"));
    change(B, Map.of("name", "second"));

    assertNoMorePushes(awaitPushes(1).size());
    List<Pushed> pushes = pushedSoFar();
    assertThat(pushes).allMatch(p -> p.to().equals(B.address()));
    assertThat(pushes).allMatch(p -> p.message() instanceof NetworkConfigPush);
    assertThat(
            pushes.stream()
                .map(p -> ((NetworkConfigPush) p.message()).chunk().configUpdateId())
                .distinct())
        .hasSize(1);
  }

  @Test
  void shouldPushEveryOnlineMemberOnANetworkChange() {
    authorizeTwoOnlineMembers();

    Network current = view.network(Corpus.NETWORK_ID).orElseThrow();
    TestViews.put(view, networks.update(current, Map.of("mtu", 1400)));

    List<Pushed> pushes = awaitPushes(2);
    assertThat(pushes).extracting(Pushed::to).containsExactlyInAnyOrder(B.address(), C.address());
  }

  @Test
  void shouldRefuseTheDeauthorizedMemberAndRevokeItToTheOthers() {
    authorizeTwoOnlineMembers();

    change(B, Map.of("authorized", false));

    List<Pushed> pushes = awaitPushes(2);
    assertThat(pushes)
        .anySatisfy(
            p -> {
              assertThat(p.to()).isEqualTo(C.address());
              assertThat(p.message()).isInstanceOf(Credentials.class);
            })
        .anySatisfy(
            p -> {
              assertThat(p.to()).isEqualTo(B.address());
              assertThat(p.message()).isInstanceOf(ErrorReply.class);
            });
    assertThat(pushes)
        .noneMatch(p -> p.to().equals(B.address()) && p.message() instanceof Credentials);
  }

  private void changeNetwork(Map<String, ?> body) {
    Network current = view.network(Corpus.NETWORK_ID).orElseThrow();
    TestViews.put(view, networks.update(current, body));
  }

  private List<Address> targetsOfNextPushes(int count) {
    List<Pushed> pushes = awaitPushes(count);
    assertNoMorePushes(pushes.size());
    List<Address> targets = pushedSoFar().stream().map(Pushed::to).distinct().toList();
    pushed.clear();
    return targets;
  }

  @Test
  void shouldPushEveryChangeToAMemberThatAcknowledgesPushesLongAfterItsLastRequest() {
    authorizeTwoOnlineMembers();

    // Stock re-requests 60 s after the last config it applied: under a change every 50 s it never
    // asks again, and only its acknowledgements say it is there. C acknowledges nothing.
    for (int change = 1; change <= 5; change++) {
      now += 50_000;
      changeNetwork(Map.of("mtu", 1400 + change));
      List<Address> targets = targetsOfNextPushes(change <= 2 ? 2 : 1);
      assertThat(targets).as("change %d", change).contains(B.address());
      if (change > 2) {
        assertThat(targets).as("change %d", change).doesNotContain(C.address());
      }
      server.acknowledged(Corpus.NETWORK_ID, B.address());
    }

    now += 50_000;
    change(B, Map.of("authorized", false));
    List<Pushed> pushes = awaitPushes(1);
    assertThat(pushes)
        .anySatisfy(
            p -> {
              assertThat(p.to()).isEqualTo(B.address());
              assertThat(p.message()).isInstanceOf(ErrorReply.class);
            });
  }

  @Test
  void shouldPushToAMemberTheRootsSeeOnlineHoweverLongAgoItAsked() {
    authorizeTwoOnlineMembers();
    now += 10 * RequestLog.ONLINE_MILLIS;
    TestViews.put(view, presence(B, true, now - 30_000));
    TestViews.put(view, presence(C, true, now - RequestLog.ONLINE_MILLIS));

    changeNetwork(Map.of("mtu", 1400));

    assertThat(targetsOfNextPushes(1)).containsExactly(B.address());
  }

  @Test
  void shouldNotPushToAMemberTheRootsReportOffline() {
    authorizeTwoOnlineMembers();
    now += 10 * RequestLog.ONLINE_MILLIS;
    TestViews.put(view, presence(B, false, now - 1_000));

    changeNetwork(Map.of("mtu", 1400));

    assertNoMorePushes(0);
  }

  @Test
  void shouldPushAnApiWriteThatTookTheRevisionOfTheControllersOwnWrite() {
    TestViews.put(view, network());
    holdWrites = true;
    server.answer(B, 1, request(), PATH);
    assertThat(held).hasSize(1);
    Member ours = held.get(0);

    // The API authorizes B at the revision our pending record has; the store will refuse ours.
    Member api =
        networks
            .updateMember(
                Corpus.NETWORK_ID, B.address(), null, Map.of("authorized", true), NOW, Set.of())
            .withRevision(ours.revision());
    TestViews.put(view, api);
    server.writeFailed(ours);

    List<Pushed> pushes = awaitPushes(1);
    assertThat(pushes).allMatch(p -> p.to().equals(B.address()));
    assertThat(pushes).allMatch(p -> p.message() instanceof NetworkConfigPush);
  }

  private static NodePresence presence(Identity node, boolean online, long lastSeen) {
    return new NodePresence(
        node.address().toString(),
        "8e4df28b72",
        online,
        List.of("10.0.0.2/9993"),
        12,
        "1.14.1",
        1,
        lastSeen);
  }
}
