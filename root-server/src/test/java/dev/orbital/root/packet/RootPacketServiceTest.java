package dev.orbital.root.packet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.packet.Armor;
import dev.orbital.protocol.packet.CipherSuite;
import dev.orbital.protocol.packet.Fragment;
import dev.orbital.protocol.packet.Fragmenter;
import dev.orbital.protocol.packet.PacketHeader;
import dev.orbital.protocol.packet.Reassembler;
import dev.orbital.protocol.verb.Echo;
import dev.orbital.protocol.verb.OkEcho;
import dev.orbital.protocol.verb.Rendezvous;
import dev.orbital.protocol.verb.VerbCodec;
import dev.orbital.protocol.world.World;
import dev.orbital.protocol.world.WorldSigningKey;
import dev.orbital.protocol.world.WorldType;
import dev.orbital.root.multicast.MulticastDirectory;
import dev.orbital.root.peer.PeerDirectory;
import dev.orbital.root.peer.ValidationRateLimiter;
import dev.orbital.root.presence.PresenceSink;
import dev.orbital.root.world.RootWorlds;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The root's packet logic without sockets or event loops: datagrams in, datagrams out. */
class RootPacketServiceTest {

  private record Sent(byte[] bytes, InetSocketAddress to) {}

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final InetSocketAddress ALICE_PATH = new InetSocketAddress("10.0.1.5", 40001);
  private static final InetSocketAddress BOB_PATH = new InetSocketAddress("10.0.2.5", 40002);
  private static final InetSocketAddress CAROL_PATH = new InetSocketAddress("10.0.1.9", 40003);

  private static Identity root;
  private static Identity alice;
  private static Identity bob;
  private static Identity carol;
  private static RootWorlds worlds;

  private final List<Sent> sent = new ArrayList<>();
  private final AtomicBoolean identitiesValid = new AtomicBoolean(true);
  private long now = 1_000_000;
  private RootMetrics metrics;
  private PeerDirectory peers;
  private RootPacketService service;

  @BeforeAll
  static void identities() {
    root = Identity.generate(RANDOM);
    alice = Identity.generate(RANDOM);
    bob = Identity.generate(RANDOM);
    carol = Identity.generate(RANDOM);
    World planet =
        World.of(
                WorldType.PLANET,
                77,
                1000,
                WorldSigningKey.generate(RANDOM).publicKey(),
                List.of(new World.Root(root, List.of())))
            .sign(WorldSigningKey.generate(RANDOM));
    worlds = new RootWorlds(planet);
  }

  @BeforeEach
  void service() {
    metrics = new RootMetrics(new SimpleMeterRegistry());
    peers = new PeerDirectory(100, 4, root.address().toString(), PresenceSink.NONE);
    service =
        new RootPacketService(
            root,
            worlds,
            peers,
            new MulticastDirectory(100),
            new ValidationRateLimiter(2_000, 1),
            8,
            metrics,
            (identity, callback) -> callback.accept(identitiesValid.get()),
            (bytes, offset, length, to) ->
                sent.add(new Sent(Arrays.copyOfRange(bytes, offset, offset + length), to)),
            () -> now);
  }

  @Test
  void shouldRelayToTheDestinationsPathWithTheHopCountRaised() {
    hello(alice, ALICE_PATH);
    hello(bob, BOB_PATH);
    byte[] packet = echoBetween(alice, bob);

    service.receive(packet.clone(), packet.length, ALICE_PATH);

    Sent relayed = sent.get(0);
    assertThat(relayed.to()).isEqualTo(BOB_PATH);
    assertThat(PacketHeader.hops(relayed.bytes())).isEqualTo(1);
    PacketHeader.setHops(relayed.bytes(), 0);
    assertThat(relayed.bytes()).isEqualTo(packet);
    assertThat(metrics.relayed()).isEqualTo(1);
  }

  @Test
  void shouldDropARelayedPacketThatHasReachedTheMaximumHops() {
    hello(alice, ALICE_PATH);
    hello(bob, BOB_PATH);
    byte[] packet = echoBetween(alice, bob);
    PacketHeader.setHops(packet, PacketHeader.MAX_HOPS);

    service.receive(packet, packet.length, ALICE_PATH);

    assertThat(sent).isEmpty();
    assertThat(metrics.drops(DropReason.MAX_HOPS)).isEqualTo(1);
  }

  @Test
  void shouldRelayFragmentsRaisingTheirHopByte() {
    hello(bob, BOB_PATH);
    byte[] fragment = new byte[100];
    Fragment.writeHeader(fragment, 0, 12345L, bob.address().value(), 1, 2);

    service.receive(fragment, fragment.length, ALICE_PATH);

    assertThat(sent)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.to()).isEqualTo(BOB_PATH);
              assertThat(Fragment.hops(s.bytes())).isEqualTo(1);
            });
  }

  @Test
  void shouldDropPacketsForPeersItDoesNotKnow() {
    byte[] packet = echoBetween(alice, bob);

    service.receive(packet, packet.length, ALICE_PATH);

    assertThat(sent).isEmpty();
    assertThat(metrics.drops(DropReason.UNKNOWN_DESTINATION)).isEqualTo(1);
  }

  @Test
  void shouldIntroduceAPairWithRendezvousAtMostOncePer30Seconds() {
    hello(alice, ALICE_PATH);
    hello(bob, BOB_PATH);
    Armor aliceToRoot = new Armor(alice.agree(root).orElseThrow());

    relay(echoBetween(alice, bob));
    relay(echoBetween(bob, alice));
    now += RootPacketService.UNITE_INTERVAL_MILLIS - 1;
    relay(echoBetween(alice, bob));

    List<Rendezvous> toAlice = rendezvousTo(ALICE_PATH, aliceToRoot);
    assertThat(toAlice)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.peer()).isEqualTo(bob.address());
              assertThat(r.endpoint().toSocketAddress()).isEqualTo(BOB_PATH);
            });
    // Two relayed packets and one RENDEZVOUS.
    assertThat(sent.stream().filter(s -> s.to().equals(BOB_PATH))).hasSize(3);

    sent.clear();
    now += 1;
    relay(echoBetween(alice, bob));
    assertThat(rendezvousTo(ALICE_PATH, aliceToRoot)).hasSize(1);
  }

  @Test
  void shouldValidateOneNewIdentityPerSlash24PerInterval() {
    hello(alice, ALICE_PATH);
    sent.clear();

    service.receive(helloFrom(carol, CAROL_PATH), helloFrom(carol, CAROL_PATH).length, CAROL_PATH);
    assertThat(sent).isEmpty();
    assertThat(metrics.drops(DropReason.VALIDATION_RATE_LIMITED)).isEqualTo(1);

    now += 2_000;
    byte[] hello = helloFrom(carol, CAROL_PATH);
    service.receive(hello, hello.length, CAROL_PATH);
    assertThat(sent).isNotEmpty().allSatisfy(s -> assertThat(s.to()).isEqualTo(CAROL_PATH));
  }

  @Test
  void shouldNotLearnAnIdentityThatFailsValidation() {
    identitiesValid.set(false);

    byte[] hello = helloFrom(alice, ALICE_PATH);
    service.receive(hello, hello.length, ALICE_PATH);

    assertThat(sent).isEmpty();
    assertThat(metrics.drops(DropReason.INVALID_IDENTITY)).isEqualTo(1);
    identitiesValid.set(true);
    hello(bob, BOB_PATH);
    sent.clear();
    byte[] packet = echoBetween(bob, alice);
    service.receive(packet, packet.length, BOB_PATH);
    assertThat(metrics.drops(DropReason.UNKNOWN_DESTINATION)).isEqualTo(1);
  }

  @Test
  void shouldAnswerACollidingIdentityOnlyOnceItValidates() {
    hello(alice, ALICE_PATH);
    Identity other = Identity.generate(RANDOM);
    Identity impostor = Identity.of(alice.address(), other.publicKey(), secretOf(other));
    InetSocketAddress elsewhere = new InetSocketAddress("10.9.9.9", 40009);

    identitiesValid.set(false);
    byte[] forged = helloFrom(impostor, elsewhere);
    service.receive(forged, forged.length, elsewhere);
    assertThat(sent).as("nothing addressed to alice goes to the impostor").isEmpty();
    assertThat(metrics.drops(DropReason.INVALID_IDENTITY)).isEqualTo(1);
    assertThat(metrics.drops(DropReason.IDENTITY_COLLISION)).isZero();

    // A real collision (an identity that validates under a taken address): told, under its key.
    identitiesValid.set(true);
    now += 2_000;
    byte[] colliding = helloFrom(impostor, elsewhere);
    service.receive(colliding, colliding.length, elsewhere);
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).to()).isEqualTo(elsewhere);
    assertThat(metrics.drops(DropReason.IDENTITY_COLLISION)).isEqualTo(1);
  }

  @Test
  void shouldMeasureLatencyWithAnEchoProbeAfterHello() throws Exception {
    byte[] hello = helloFrom(alice, ALICE_PATH);
    service.receive(hello, hello.length, ALICE_PATH);
    Armor aliceToRoot = new Armor(alice.agree(root).orElseThrow());
    Sent probe = sent.get(1);
    long probeId = PacketHeader.id(probe.bytes());
    assertThat(aliceToRoot.dearmor(probe.bytes(), probe.bytes().length).isAuthentic()).isTrue();
    Echo echo =
        (Echo)
            VerbCodec.decode(
                PacketHeader.verb(probe.bytes()),
                probe.bytes(),
                PacketHeader.PAYLOAD,
                probe.bytes().length - PacketHeader.PAYLOAD);

    now += 7;
    byte[] answer =
        TestPackets.armored(
            aliceToRoot,
            alice.address().value(),
            root.address().value(),
            new OkEcho(probeId, echo.payload()),
            CipherSuite.AES_GMAC_SIV);
    service.receive(answer, answer.length, ALICE_PATH);

    assertThat(peers.get(alice.address().value()).latencyMs()).isEqualTo(7);
  }

  @Test
  void shouldReassembleAFragmentedRequestAndFragmentALongReply() throws Exception {
    hello(alice, ALICE_PATH);
    Armor aliceToRoot = new Armor(alice.agree(root).orElseThrow());
    byte[] payload = new byte[3000];
    RANDOM.nextBytes(payload);
    byte[] packet =
        TestPackets.plain(alice.address().value(), root.address().value(), new Echo(payload));
    PacketHeader.setFragmented(packet, true);
    aliceToRoot.armor(packet, packet.length, CipherSuite.AES_GMAC_SIV);
    List<byte[]> pieces = new ArrayList<>();
    Fragmenter.split(
        packet,
        packet.length,
        PacketHeader.DEFAULT_PHYSICAL_MTU,
        new byte[PacketHeader.DEFAULT_PHYSICAL_MTU],
        (bytes, offset, length) -> pieces.add(Arrays.copyOfRange(bytes, offset, offset + length)));

    for (int i = pieces.size() - 1; i >= 0; i--) {
      service.receive(pieces.get(i), pieces.get(i).length, ALICE_PATH);
    }

    assertThat(sent).hasSizeGreaterThan(1);
    Reassembler reassembler = new Reassembler();
    byte[] reply = null;
    for (Sent s : sent) {
      assertThat(s.bytes().length).isLessThanOrEqualTo(PacketHeader.DEFAULT_PHYSICAL_MTU);
      Reassembler.Result result = reassembler.offer(s.bytes(), s.bytes().length, now);
      if (result.outcome() == Reassembler.Outcome.COMPLETE) {
        reply = result.packet();
      }
    }
    assertThat(reply).isNotNull();
    assertThat(aliceToRoot.dearmor(reply, reply.length).isAuthentic()).isTrue();
    OkEcho ok =
        (OkEcho)
            VerbCodec.decode(
                PacketHeader.verb(reply),
                reply,
                PacketHeader.PAYLOAD,
                reply.length - PacketHeader.PAYLOAD);
    assertThat(ok.payload()).isEqualTo(payload);
  }

  @Test
  void shouldNeverThrowOnGarbage() {
    byte[] buffer = new byte[200];
    for (int i = 0; i < 5_000; i++) {
      RANDOM.nextBytes(buffer);
      int length = RANDOM.nextInt(buffer.length + 1);
      if (i % 2 == 0) {
        Address.writeLong(root.address().value(), buffer, PacketHeader.DESTINATION);
      }
      service.receive(buffer.clone(), length, ALICE_PATH);
    }
    assertThat(sent).isEmpty();
  }

  private void relay(byte[] packet) {
    service.receive(packet, packet.length, ALICE_PATH);
  }

  private List<Rendezvous> rendezvousTo(InetSocketAddress path, Armor armor) {
    List<Rendezvous> found = new ArrayList<>();
    for (Sent s : sent) {
      if (s.to().equals(path)
          && PacketHeader.source(s.bytes()) == root.address().value()
          && armor.dearmor(s.bytes(), s.bytes().length).isAuthentic()
          && PacketHeader.verb(s.bytes()) == 0x05) {
        try {
          found.add(
              (Rendezvous)
                  VerbCodec.decode(
                      0x05,
                      s.bytes(),
                      PacketHeader.PAYLOAD,
                      s.bytes().length - PacketHeader.PAYLOAD));
        } catch (dev.orbital.protocol.ProtocolException e) {
          throw new AssertionError(e);
        }
      }
    }
    return found;
  }

  @Test
  void shouldRegisterAMoonRootWithItsPlanetsRootsSoTheyKnowItsIdentityAndPath() {
    // The moon root (this test's "alice") registers with the planet root (the service under test).
    InetSocketAddress planetEndpoint = new InetSocketAddress("10.0.9.1", 9993);
    InetSocketAddress moonPath = new InetSocketAddress("10.0.3.7", 9993);
    World planet =
        World.of(
                WorldType.PLANET,
                77,
                1000,
                WorldSigningKey.generate(RANDOM).publicKey(),
                List.of(new World.Root(root, List.of(IpEndpoint.of(planetEndpoint)))))
            .sign(WorldSigningKey.generate(RANDOM));
    World moon =
        World.of(
                WorldType.MOON,
                alice.address().value(),
                1,
                WorldSigningKey.generate(RANDOM).publicKey(),
                List.of(new World.Root(alice, List.of(IpEndpoint.of(moonPath)))))
            .sign(WorldSigningKey.generate(RANDOM));
    List<Sent> fromMoon = new ArrayList<>();
    long[] moonClock = {now};
    RootPacketService moonRoot =
        new RootPacketService(
            alice,
            new RootWorlds(moon, java.util.Optional.of(planet)),
            new PeerDirectory(100, 4, alice.address().toString(), PresenceSink.NONE),
            new MulticastDirectory(100),
            new ValidationRateLimiter(2_000, 1),
            8,
            new RootMetrics(new SimpleMeterRegistry()),
            (identity, callback) -> callback.accept(true),
            (bytes, offset, length, to) ->
                fromMoon.add(new Sent(Arrays.copyOfRange(bytes, offset, offset + length), to)),
            () -> moonClock[0]);

    moonRoot.keepUplink();
    assertThat(fromMoon).singleElement().extracting(Sent::to).isEqualTo(planetEndpoint);
    Sent hello = fromMoon.remove(0);
    service.receive(hello.bytes(), hello.bytes().length, moonPath);

    assertThat(peers.get(alice.address().value())).isNotNull();
    assertThat(peers.freshestPath(alice.address().value())).isEqualTo(moonPath);
    Sent ok = sent.stream().filter(s -> s.to().equals(moonPath)).findFirst().orElseThrow();
    assertThat(moonRoot.planetRootsAnswering()).isZero();
    moonRoot.receive(ok.bytes(), ok.bytes().length, planetEndpoint);
    assertThat(moonRoot.planetRootsAnswering()).isEqualTo(1);

    moonClock[0] += PlanetUplink.RETRY_MILLIS;
    moonRoot.keepUplink();
    assertThat(fromMoon).as("no HELLO before the keepalive is due").isEmpty();
    moonClock[0] += PlanetUplink.KEEPALIVE_MILLIS;
    moonRoot.keepUplink();
    assertThat(fromMoon).as("the keepalive HELLO").hasSize(1);
    fromMoon.clear();

    // What the moon root cannot place goes to the planet, as a stock root hands it upstream.
    byte[] toUnknown = echoBetween(bob, carol);
    moonRoot.receive(toUnknown, toUnknown.length, BOB_PATH);
    assertThat(fromMoon).singleElement().extracting(Sent::to).isEqualTo(planetEndpoint);
    assertThat(PacketHeader.hops(fromMoon.get(0).bytes())).isEqualTo(1);
    fromMoon.clear();

    // A WHOIS the moon root cannot answer is asked of the planet; its answer serves the next one.
    Armor bobToMoon = new Armor(bob.agree(alice).orElseThrow());
    byte[] bobHello =
        TestPackets.hello(bob, bobToMoon, alice.address().value(), moonPath, 77, 1000);
    moonRoot.receive(bobHello, bobHello.length, BOB_PATH);
    fromMoon.clear();
    byte[] whois =
        TestPackets.armored(
            bobToMoon,
            bob.address().value(),
            alice.address().value(),
            dev.orbital.protocol.verb.Whois.of(carol.address()),
            CipherSuite.POLY1305_SALSA2012);
    moonRoot.receive(whois.clone(), whois.length, BOB_PATH);
    assertThat(fromMoon)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.to()).isEqualTo(planetEndpoint);
              assertThat(PacketHeader.destination(s.bytes())).isEqualTo(root.address().value());
            });
    fromMoon.clear();
    byte[] answer =
        TestPackets.armored(
            new Armor(root.agree(alice).orElseThrow()),
            root.address().value(),
            alice.address().value(),
            new dev.orbital.protocol.verb.OkWhois(1, List.of(carol)),
            CipherSuite.POLY1305_SALSA2012);
    moonRoot.receive(answer, answer.length, planetEndpoint);
    moonRoot.receive(whois.clone(), whois.length, BOB_PATH);
    assertThat(fromMoon)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.to()).isEqualTo(BOB_PATH);
              assertThat(PacketHeader.destination(s.bytes())).isEqualTo(bob.address().value());
            });
  }

  private void hello(Identity node, InetSocketAddress path) {
    byte[] hello = helloFrom(node, path);
    service.receive(hello, hello.length, path);
    assertThat(sent).as("OK(HELLO) to " + node.address()).isNotEmpty();
    sent.clear();
  }

  private static byte[] helloFrom(Identity node, InetSocketAddress path) {
    Armor armor = new Armor(node.agree(root).orElseThrow());
    return TestPackets.hello(node, armor, root.address().value(), path, 77, 1000);
  }

  private static byte[] echoBetween(Identity from, Identity to) {
    Armor armor = new Armor(from.agree(to).orElseThrow());
    return TestPackets.armored(
        armor,
        from.address().value(),
        to.address().value(),
        new Echo(new byte[] {7}),
        CipherSuite.AES_GMAC_SIV);
  }

  private static byte[] secretOf(Identity identity) {
    String[] fields = identity.toSecretString().split(":");
    return java.util.HexFormat.of().parseHex(fields[3]);
  }
}
