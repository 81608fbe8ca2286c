package dev.orbital.root.packet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.packet.CipherSuite;
import dev.orbital.protocol.packet.PacketHeader;
import dev.orbital.protocol.verb.Echo;
import dev.orbital.protocol.verb.MulticastGather;
import dev.orbital.protocol.verb.MulticastGroup;
import dev.orbital.protocol.verb.MulticastLike;
import dev.orbital.protocol.verb.OkEcho;
import dev.orbital.protocol.verb.OkHello;
import dev.orbital.protocol.verb.OkMulticastGather;
import dev.orbital.protocol.verb.OkWhois;
import dev.orbital.protocol.verb.Rendezvous;
import dev.orbital.protocol.verb.Whois;
import dev.orbital.protocol.world.World;
import dev.orbital.protocol.world.WorldCodec;
import dev.orbital.root.world.RootWorlds;
import dev.orbital.testing.kafka.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real nodes built from the protocol module talk to the running root over loopback UDP. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class RootProtocolTest {

  private static final InetSocketAddress ROOT = new InetSocketAddress("127.0.0.1", 39993);
  private static final Duration REPLY = Duration.ofMillis(500);
  private static final long NETWORK = 0x8056c2e21c000001L;

  private static TestNode alice;
  private static TestNode bob;

  @Inject Identity rootIdentity;
  @Inject RootWorlds worlds;
  @Inject RootMetrics metrics;

  @BeforeAll
  static void nodes() {
    // Different /24s: each new identity gets its own validation slot.
    alice = TestNode.create("127.0.1.1");
    bob = TestNode.create("127.0.2.1");
  }

  @AfterAll
  static void close() {
    alice.close();
    bob.close();
  }

  @Test
  void shouldAnswerHelloWithOkHelloEchoingTheTimestampAndTheAddressItCameFrom() {
    OkHello ok = helloUntilAnswered(alice, worlds.world().timestamp());

    assertThat(ok.protocolVersion()).isEqualTo(12);
    assertThat(ok.surface().toSocketAddress()).isEqualTo(alice.localAddress());
    assertThat(ok.timestampEcho()).isPositive();
    assertThat(ok.worldUpdates()).isEmpty();
  }

  @Test
  void shouldSendThePlanetToANodeHoldingAnOlderRevision() throws ProtocolException {
    OkHello ok = helloUntilAnswered(alice, worlds.world().timestamp() - 1);

    World update = WorldCodec.decode(ok.worldUpdates());
    assertThat(update).isEqualTo(worlds.world());
    assertThat(update.roots().get(0).identity().address()).isEqualTo(rootIdentity.address());
  }

  @Test
  void shouldAnswerEcho() {
    helloUntilAnswered(alice, worlds.world().timestamp());
    byte[] payload = {1, 2, 3, 4};

    long id = alice.send(rootAddress(), new Echo(payload), CipherSuite.AES_GMAC_SIV, ROOT);

    TestNode.Received reply = alice.await(r -> r.message() instanceof OkEcho, REPLY);
    assertThat(reply).isNotNull();
    OkEcho echo = (OkEcho) reply.message();
    assertThat(echo.inRePacketId()).isEqualTo(id);
    assertThat(echo.payload()).containsExactly(payload);
  }

  @Test
  void shouldRelayBetweenTwoNodesWithOneHopAndIntroduceBothWithRendezvous() {
    helloUntilAnswered(alice, worlds.world().timestamp());
    helloUntilAnswered(bob, worlds.world().timestamp());
    alice.drain();
    bob.drain();

    // Alice learns Bob's identity from the root, as stock nodes do.
    alice.send(rootAddress(), Whois.of(bob.address()), CipherSuite.AES_GMAC_SIV, ROOT);
    TestNode.Received whois = alice.await(r -> r.message() instanceof OkWhois, REPLY);
    assertThat(whois).isNotNull();
    Identity bobIdentity = ((OkWhois) whois.message()).identities().get(0);
    assertThat(bobIdentity.publicKey()).isEqualTo(bob.identity().publicKey());
    alice.know(bobIdentity);
    bob.know(alice.identity().toPublic());

    long sent =
        alice.send(
            bob.address().value(), new Echo(new byte[] {42}), CipherSuite.AES_GMAC_SIV, ROOT);

    TestNode.Received relayed = bob.await(r -> r.message() instanceof Echo, REPLY);
    assertThat(relayed).isNotNull();
    assertThat(relayed.source()).isEqualTo(alice.address().value());
    assertThat(relayed.hops()).isEqualTo(1);
    assertThat(relayed.from()).isEqualTo(ROOT);
    assertThat(relayed.packetId()).isEqualTo(sent);

    TestNode.Received toAlice = alice.await(r -> r.message() instanceof Rendezvous, REPLY);
    assertThat(toAlice).isNotNull();
    Rendezvous aboutBob = (Rendezvous) toAlice.message();
    assertThat(aboutBob.peer()).isEqualTo(bob.address());
    assertThat(aboutBob.endpoint().toSocketAddress()).isEqualTo(bob.localAddress());
    TestNode.Received toBob = bob.await(r -> r.message() instanceof Rendezvous, REPLY);
    assertThat(toBob).isNotNull();
    assertThat(((Rendezvous) toBob.message()).endpoint().toSocketAddress())
        .isEqualTo(alice.localAddress());

    // The answer goes back the same way.
    bob.send(alice.address().value(), new Echo(new byte[] {43}), CipherSuite.AES_GMAC_SIV, ROOT);
    TestNode.Received back = alice.await(r -> r.message() instanceof Echo, REPLY);
    assertThat(back).isNotNull();
    assertThat(back.hops()).isEqualTo(1);
  }

  @Test
  void shouldReturnALikeFromOneNodeInAnothersGather() {
    helloUntilAnswered(alice, worlds.world().timestamp());
    helloUntilAnswered(bob, worlds.world().timestamp());
    MulticastGroup arp = MulticastGroup.arp(0x0a000001);
    alice.send(
        rootAddress(),
        new MulticastLike(List.of(new MulticastLike.Like(NETWORK, arp))),
        CipherSuite.POLY1305_SALSA2012,
        ROOT);

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              bob.send(
                  rootAddress(),
                  new MulticastGather(NETWORK, 0, arp, 32, null),
                  CipherSuite.AES_GMAC_SIV,
                  ROOT);
              TestNode.Received reply =
                  bob.await(r -> r.message() instanceof OkMulticastGather, REPLY);
              assertThat(reply).isNotNull();
              OkMulticastGather gathered = (OkMulticastGather) reply.message();
              assertThat(gathered.networkId()).isEqualTo(NETWORK);
              assertThat(gathered.group()).isEqualTo(arp);
              assertThat(gathered.results().members()).containsExactly(alice.address());
            });
  }

  /**
   * An impostor with its own key and a known node's address (an identity that does not validate)
   * gets nothing: answering it would send a packet addressed to that node to the impostor's
   * endpoint, which a relay takes as proof that the endpoint is that node.
   */
  @Test
  void shouldNotAnswerAnImpostorClaimingAKnownAddress() {
    helloUntilAnswered(alice, worlds.world().timestamp());
    double invalidBefore = metrics.drops(DropReason.INVALID_IDENTITY);
    Identity other = Identity.generate(new java.security.SecureRandom());
    Identity impostor = Identity.of(alice.address(), other.publicKey(), secretOf(other));
    try (TestNode mallory = new TestNode(impostor, "127.0.3.1")) {
      mallory.hello(rootIdentity.toPublic(), ROOT, worlds.world().id(), 0);

      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> metrics.drops(DropReason.INVALID_IDENTITY) > invalidBefore);
      assertThat(mallory.await(r -> true, REPLY)).isNull();
    }
  }

  @Test
  void shouldDropAForgedHelloAndGarbageCountingEachByReason() {
    double badMac = metrics.drops(DropReason.BAD_MAC);
    double tooShort = metrics.drops(DropReason.TOO_SHORT);
    try (TestNode forger = TestNode.create("127.0.4.1")) {
      byte[] hello = forger.helloPacket(rootIdentity.toPublic(), ROOT, worlds.world().id(), 0);
      hello[PacketHeader.MAC] ^= 1;
      forger.sendRaw(hello, ROOT);
      forger.sendRaw(new byte[] {1, 2, 3}, ROOT);

      assertThat(forger.await(r -> true, Duration.ofMillis(300))).isNull();
    }
    await()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              assertThat(metrics.drops(DropReason.BAD_MAC)).isEqualTo(badMac + 1);
              assertThat(metrics.drops(DropReason.TOO_SHORT)).isEqualTo(tooShort + 1);
            });
  }

  @Test
  void shouldListOnlinePeersWithTheirPathsAndVersions() {
    helloUntilAnswered(alice, worlds.world().timestamp());
    InetSocketAddress path = alice.localAddress();

    given()
        .header("X-ZT1-Auth", "root-test-token")
        .when()
        .get("/admin/peers")
        .then()
        .statusCode(200)
        .body("address", hasItem(alice.address().toString()))
        .body(
            "find { it.address == '" + alice.address() + "' }.version",
            org.hamcrest.Matchers.equalTo("1.14.1"))
        .body(
            "find { it.address == '" + alice.address() + "' }.paths",
            hasItem(path.getAddress().getHostAddress() + "/" + path.getPort()));
  }

  private long rootAddress() {
    return rootIdentity.address().value();
  }

  /** HELLOs until answered: a new identity waits for its validation slot, as with stock roots. */
  private OkHello helloUntilAnswered(TestNode node, long planetTimestamp) {
    OkHello[] answer = new OkHello[1];
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              long id =
                  node.hello(rootIdentity.toPublic(), ROOT, worlds.world().id(), planetTimestamp);
              TestNode.Received reply =
                  node.await(
                      r -> r.message() instanceof OkHello ok && ok.inRePacketId() == id, REPLY);
              answer[0] = reply == null ? null : (OkHello) reply.message();
              return answer[0] != null;
            });
    return answer[0];
  }

  private static byte[] secretOf(Identity identity) {
    String[] fields = identity.toSecretString().split(":");
    return java.util.HexFormat.of().parseHex(fields[3]);
  }
}
