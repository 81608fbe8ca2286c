package dev.orbital.root.packet;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.crypto.SymmetricKey;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.packet.Armor;
import dev.orbital.protocol.packet.CipherSuite;
import dev.orbital.protocol.packet.Compression;
import dev.orbital.protocol.packet.Fragment;
import dev.orbital.protocol.packet.Fragmenter;
import dev.orbital.protocol.packet.PacketHeader;
import dev.orbital.protocol.packet.Reassembler;
import dev.orbital.protocol.packet.Verb;
import dev.orbital.protocol.verb.Echo;
import dev.orbital.protocol.verb.ErrorCode;
import dev.orbital.protocol.verb.ErrorDetail;
import dev.orbital.protocol.verb.ErrorReply;
import dev.orbital.protocol.verb.GatherResults;
import dev.orbital.protocol.verb.Hello;
import dev.orbital.protocol.verb.Message;
import dev.orbital.protocol.verb.MulticastGather;
import dev.orbital.protocol.verb.MulticastLike;
import dev.orbital.protocol.verb.OkEcho;
import dev.orbital.protocol.verb.OkHello;
import dev.orbital.protocol.verb.OkMulticastGather;
import dev.orbital.protocol.verb.OkWhois;
import dev.orbital.protocol.verb.PacketCodec;
import dev.orbital.protocol.verb.Rendezvous;
import dev.orbital.protocol.verb.VerbCodec;
import dev.orbital.protocol.verb.Whois;
import dev.orbital.protocol.world.World;
import dev.orbital.root.multicast.MulticastDirectory;
import dev.orbital.root.peer.Peer;
import dev.orbital.root.peer.PeerDirectory;
import dev.orbital.root.peer.ValidationRateLimiter;
import dev.orbital.root.world.RootWorlds;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What a ZeroTier root does with each datagram (spec §8, §9 root column, §10): answers HELLO, ECHO,
 * WHOIS and MULTICAST_GATHER, stores MULTICAST_LIKE, and relays packets and fragments addressed to
 * other peers to their freshest path with the hop count raised, introducing both ends with
 * RENDEZVOUS. No I/O types: the endpoint hands datagrams in and sends what comes out through the
 * {@link Sender}. Every call must come from one thread (the packet thread); garbage never throws,
 * it is dropped and counted.
 */
public final class RootPacketService {

  /** Sends one datagram; the bytes are valid only during the call. */
  @FunctionalInterface
  public interface Sender {
    void send(byte[] bytes, int offset, int length, InetSocketAddress to);
  }

  /**
   * Runs the memory-hard identity check off the packet thread and calls back on the packet thread.
   */
  @FunctionalInterface
  public interface Validator {
    void validate(Identity identity, Consumer<Boolean> onPacketThread);
  }

  /** We speak AES-GMAC-SIV, so we announce what stock 1.14.1 does. */
  static final int PROTOCOL_VERSION = 12;

  /** Stock nodes only display the version; we announce the stock release we are compatible with. */
  static final int VERSION_MAJOR = 1;

  static final int VERSION_MINOR = 14;
  static final int VERSION_REVISION = 1;

  /** ZT_PROTO_VERSION_MIN: HELLOs from below are dropped. */
  static final int MIN_PROTOCOL_VERSION = 4;

  /** A RENDEZVOUS pair at most this often (ZT_MIN_UNITE_INTERVAL). */
  static final long UNITE_INTERVAL_MILLIS = 30_000;

  /** A moon root asks its planet for one multicast group's members at most this often. */
  static final long PLANET_GATHER_INTERVAL_MILLIS = 5_000;

  /** Pairs remembered for the unite interval at most; past it, nobody is introduced until swept. */
  static final int MAX_UNITE_PAIRS = 1 << 20;

  /** Replies longer than this are fragmented (ZT_DEFAULT_PHYSMTU). */
  static final int MTU = PacketHeader.DEFAULT_PHYSICAL_MTU;

  /** Identities per OK(WHOIS), so the answer fits one datagram. */
  static final int MAX_WHOIS_ANSWERS =
      (MTU - PacketHeader.PAYLOAD - 9) / Identity.PUBLIC_BINARY_LENGTH;

  /** Members per OK(MULTICAST_GATHER), so the answer fits one datagram. */
  static final int MAX_GATHER_ANSWERS = (MTU - PacketHeader.PAYLOAD - 9 - 18 - 6) / Address.LENGTH;

  private static final int LEGACY_BEACON_LENGTH = 13;

  /** A latency probe's ECHO payload: "ORBP" then our clock (ms). */
  static final int PROBE_MAGIC = 0x4f524250;

  static final int PROBE_LENGTH = 12;

  private record Pair(long low, long high) {
    static Pair of(long a, long b) {
      return a < b ? new Pair(a, b) : new Pair(b, a);
    }
  }

  private final Identity self;
  private final long selfAddress;
  private final RootWorlds worlds;
  private final PeerDirectory peers;
  private final MulticastDirectory multicast;
  private final ValidationRateLimiter validationLimiter;
  private final int maxPendingValidations;
  private final RootMetrics metrics;
  private final Validator validator;
  private final Sender sender;
  private final LongSupplier clock;
  private final Reassembler reassembler = new Reassembler();
  private final Compression compression = new Compression();
  private final byte[] decompressed = new byte[PacketHeader.MAX_LENGTH];
  private final byte[] fragmentScratch = new byte[MTU];
  private final Map<Pair, Long> lastUnite = new HashMap<>();
  private final Map<MulticastDirectory.Group, Long> lastPlanetGather = new HashMap<>();
  private final PacketCodec codec = new PacketCodec();
  private final byte[] helloScratch = new byte[MTU];

  /** A moon root's registration with its planet's roots; null for a planet root. */
  private final PlanetUplink uplink;

  private long nextPacketId;
  private int pendingValidations;

  public RootPacketService(
      Identity self,
      RootWorlds worlds,
      PeerDirectory peers,
      MulticastDirectory multicast,
      ValidationRateLimiter validationLimiter,
      int maxPendingValidations,
      RootMetrics metrics,
      Validator validator,
      Sender sender,
      LongSupplier clock) {
    this.self = self;
    this.selfAddress = self.address().value();
    this.worlds = worlds;
    this.peers = peers;
    this.multicast = multicast;
    this.validationLimiter = validationLimiter;
    this.maxPendingValidations = maxPendingValidations;
    this.metrics = metrics;
    this.validator = validator;
    this.sender = sender;
    this.clock = clock;
    this.nextPacketId = new SecureRandom().nextLong();
    this.uplink = worlds.planet().map(planet -> PlanetUplink.of(self, planet)).orElse(null);
  }

  /**
   * Handles one received datagram, {@code data[0 .. length)}, which this call may change (the hop
   * count of a relayed packet) but does not keep.
   */
  public void receive(byte[] data, int length, InetSocketAddress from) {
    long now = clock.getAsLong();
    if (length == LEGACY_BEACON_LENGTH) {
      metrics.drop(DropReason.BEACON);
      return;
    }
    if (Fragment.isFragment(data, length)) {
      if (Fragment.destination(data) != selfAddress) {
        relayFragment(data, length);
      } else {
        reassemble(data, length, from, now);
      }
      return;
    }
    if (length < PacketHeader.MIN_LENGTH) {
      metrics.drop(DropReason.TOO_SHORT);
      return;
    }
    long destination = PacketHeader.destination(data);
    if (destination != selfAddress) {
      relay(data, length, destination, now);
    } else if (PacketHeader.isFragmented(data)) {
      reassemble(data, length, from, now);
    } else {
      process(data, length, from, now);
    }
  }

  /** Expires paths, peers, LIKEs, rendezvous memory and rate-limit buckets. Call every few s. */
  public void housekeeping() {
    long now = clock.getAsLong();
    peers.expire(now);
    multicast.expire(now);
    validationLimiter.expire(now);
    reassembler.expire(now);
    lastUnite.values().removeIf(at -> now - at >= UNITE_INTERVAL_MILLIS);
    lastPlanetGather.values().removeIf(at -> now - at >= PLANET_GATHER_INTERVAL_MILLIS);
  }

  private void reassemble(byte[] data, int length, InetSocketAddress from, long now) {
    Reassembler.Result result = reassembler.offer(data, length, now);
    switch (result.outcome()) {
      case COMPLETE:
        byte[] packet = result.packet();
        process(packet, packet.length, from, now);
        break;
      case PENDING:
        break;
      case TOO_SHORT:
        metrics.drop(DropReason.TOO_SHORT);
        break;
      default:
        metrics.drop(DropReason.BAD_FRAGMENT);
        break;
    }
  }

  // ---- relaying -------------------------------------------------------------------------------

  private void relay(byte[] data, int length, long destination, long now) {
    int hops = PacketHeader.hops(data);
    if (hops >= PacketHeader.MAX_HOPS) {
      metrics.drop(DropReason.MAX_HOPS);
      return;
    }
    InetSocketAddress to = peers.freshestPath(destination);
    if (to == null) {
      to = towardsPlanet(PacketHeader.source(data), now);
    }
    if (to == null) {
      metrics.drop(DropReason.UNKNOWN_DESTINATION);
      return;
    }
    PacketHeader.setHops(data, hops + 1);
    sender.send(data, 0, length, to);
    metrics.relayed(length, false);
    long source = PacketHeader.source(data);
    if (source != selfAddress) {
      unite(source, destination, now);
    }
  }

  private void relayFragment(byte[] data, int length) {
    int hops = Fragment.hops(data);
    if (hops >= PacketHeader.MAX_HOPS) {
      metrics.drop(DropReason.MAX_HOPS);
      return;
    }
    InetSocketAddress to = peers.freshestPath(Fragment.destination(data));
    if (to == null) {
      to = towardsPlanet(-1, clock.getAsLong());
    }
    if (to == null) {
      metrics.drop(DropReason.UNKNOWN_DESTINATION);
      return;
    }
    Fragment.setHops(data, hops + 1);
    sender.send(data, 0, length, to);
    metrics.relayed(length, true);
  }

  /**
   * A moon root hands a packet for a peer it does not know to its planet, as a stock root hands it
   * to its upstream: the planet's roots know every node and the controllers. Never back to a planet
   * root that sent it. Null for a planet root.
   */
  private InetSocketAddress towardsPlanet(long source, long now) {
    if (uplink == null || uplink.root(source) != null) {
      return null;
    }
    PlanetUplink.Root upstream = uplink.upstream(now);
    return upstream == null || upstream.endpoints().isEmpty() ? null : upstream.endpoints().get(0);
  }

  /**
   * Introduces two peers that talk through us: each gets the other's address in a RENDEZVOUS, at
   * most once per pair per {@link #UNITE_INTERVAL_MILLIS}, IPv6 preferred when both have it.
   */
  private void unite(long a, long b, long now) {
    Pair pair = Pair.of(a, b);
    Long last = lastUnite.get(pair);
    if (last != null && now - last < UNITE_INTERVAL_MILLIS) {
      return;
    }
    Peer peerA = peers.get(a);
    Peer peerB = peers.get(b);
    if (peerA == null || peerB == null) {
      return;
    }
    InetSocketAddress[] match = matchPaths(peerA.pathAddresses(), peerB.pathAddresses());
    if (match == null) {
      return;
    }
    if (last == null && lastUnite.size() >= MAX_UNITE_PAIRS) {
      return;
    }
    lastUnite.put(pair, now);
    send(peerA, Rendezvous.of(peerB.identity().address(), IpEndpoint.of(match[1])), match[0]);
    send(peerB, Rendezvous.of(peerA.identity().address(), IpEndpoint.of(match[0])), match[1]);
    metrics.rendezvous();
  }

  /** The freshest paths of A and B of one family, IPv6 first; null if they share none. */
  private static InetSocketAddress[] matchPaths(
      List<InetSocketAddress> pathsA, List<InetSocketAddress> pathsB) {
    for (boolean v6 : new boolean[] {true, false}) {
      InetSocketAddress a = firstOfFamily(pathsA, v6);
      InetSocketAddress b = firstOfFamily(pathsB, v6);
      if (a != null && b != null) {
        return new InetSocketAddress[] {a, b};
      }
    }
    return null;
  }

  private static InetSocketAddress firstOfFamily(List<InetSocketAddress> paths, boolean v6) {
    for (InetSocketAddress path : paths) {
      if ((path.getAddress() instanceof Inet6Address) == v6) {
        return path;
      }
    }
    return null;
  }

  // ---- packets for the root -------------------------------------------------------------------

  private void process(byte[] packet, int length, InetSocketAddress from, long now) {
    long source = PacketHeader.source(packet);
    if (source == selfAddress) {
      metrics.drop(DropReason.FROM_SELF);
      return;
    }
    Peer peer = peers.get(source);
    if (PacketHeader.cipher(packet) == CipherSuite.POLY1305_NONE.id()
        && PacketHeader.verb(packet) == Verb.HELLO.code()) {
      hello(peer, packet, length, from, now);
      return;
    }
    if (peer == null) {
      PlanetUplink.Root planetRoot = uplink == null ? null : uplink.root(source);
      if (planetRoot != null) {
        fromPlanetRoot(planetRoot, packet, length, from, now);
      } else {
        metrics.drop(DropReason.UNKNOWN_SOURCE);
      }
      return;
    }
    if (!dearmor(armor(peer), packet, length)) {
      return;
    }
    peers.heard(peer, PacketHeader.hops(packet) == 0 ? from : null, now);
    Message message = decode(packet, length);
    if (message == null) {
      return;
    }
    metrics.in(PacketHeader.verb(packet));
    long inRe = PacketHeader.id(packet);
    if (message instanceof Echo echo) {
      reply(peer, new OkEcho(inRe, echo.payload()), from);
    } else if (message instanceof OkEcho okEcho) {
      probeAnswered(peer, okEcho.payload(), now);
    } else if (message instanceof Whois whois) {
      whois(peer, inRe, whois, from);
    } else if (message instanceof MulticastLike like) {
      for (MulticastLike.Like entry : like.likes()) {
        multicast.like(group(entry.networkId(), entry.group()), source, now);
      }
    } else if (message instanceof MulticastGather gather) {
      gather(peer, inRe, gather, from);
    } else if (message instanceof Hello hello) {
      announced(peer, hello);
      answerHello(peer, inRe, hello, from);
    }
    // Anything else (OK, ERROR, NOP, ACK, frames, ...) is not for a root: counted, ignored.
  }

  private boolean dearmor(Armor armor, byte[] packet, int length) {
    Armor.Result result = armor.dearmor(packet, length);
    switch (result) {
      case AUTHENTIC:
        return true;
      case UNSUPPORTED_CIPHER:
        metrics.drop(DropReason.UNSUPPORTED_CIPHER);
        return false;
      case BAD_LENGTH:
        metrics.drop(DropReason.TOO_SHORT);
        return false;
      default:
        metrics.drop(DropReason.BAD_MAC);
        return false;
    }
  }

  /** The payload of an authenticated packet, decompressed if flagged; null (counted) if bad. */
  private Message decode(byte[] packet, int length) {
    try {
      if (PacketHeader.isCompressed(packet)) {
        length = compression.decompress(packet, length, decompressed);
        packet = decompressed;
      }
      return VerbCodec.decode(
          PacketHeader.verb(packet), packet, PacketHeader.PAYLOAD, length - PacketHeader.PAYLOAD);
    } catch (ProtocolException e) {
      metrics.drop(DropReason.MALFORMED);
      return null;
    }
  }

  // ---- HELLO ----------------------------------------------------------------------------------

  /**
   * A cipher-0 HELLO (spec §8 HELLO receiver steps): a known peer's is checked under its key; a
   * different identity claiming a known address gets ERROR(IDENTITY_COLLISION) if its own MAC holds
   * and it validates; a new identity is MAC-checked first, then validated (memory-hard,
   * rate-limited per source network, off the packet thread), then learned and answered.
   */
  private void hello(Peer peer, byte[] packet, int length, InetSocketAddress from, long now) {
    Hello clear = decodeClearHello(packet, length);
    if (clear == null) {
      return;
    }
    if (clear.protocolVersion() < MIN_PROTOCOL_VERSION) {
      metrics.drop(DropReason.OLD_PROTOCOL);
      return;
    }
    Identity identity = clear.identity();
    if (identity.address().value() != PacketHeader.source(packet)) {
      metrics.drop(DropReason.IDENTITY_MISMATCH);
      return;
    }
    if (peer != null && sameKey(peer.identity(), identity)) {
      if (dearmor(armor(peer), packet, length)) {
        learnAndAnswer(peer, packet, length, from, now);
      }
      return;
    }
    Optional<SymmetricKey> key = self.agree(identity);
    if (key.isEmpty()) {
      metrics.drop(DropReason.BAD_KEY);
      return;
    }
    Armor armor = new Armor(key.get());
    if (!dearmor(armor, packet, length)) {
      return;
    }
    if (peer != null) {
      collision(identity, armor, PacketHeader.id(packet), from, now);
      return;
    }
    byte[] kept = Arrays.copyOf(packet, length);
    validateThen(
        identity,
        from,
        now,
        () -> {
          long later = clock.getAsLong();
          Peer added = peers.add(identity, armor, later);
          if (!sameKey(added.identity(), identity)) {
            metrics.drop(DropReason.IDENTITY_COLLISION);
            return;
          }
          learnAndAnswer(added, kept, kept.length, from, later);
        });
  }

  /**
   * Someone else's key under a known address: tell them, under their own key, but only once their
   * identity validates (its address really derives from its key). Unvalidated, anyone could make
   * this root send a packet addressed to a known node to any UDP endpoint, which is exactly what
   * the relay takes as proof that a connection is that node (stock answers before validating).
   */
  private void collision(
      Identity identity, Armor armor, long helloId, InetSocketAddress from, long now) {
    validateThen(
        identity,
        from,
        now,
        () -> {
          metrics.drop(DropReason.IDENTITY_COLLISION);
          ErrorReply error =
              new ErrorReply(
                  Verb.HELLO.code(), helloId, ErrorCode.IDENTITY_COLLISION, ErrorDetail.Raw.EMPTY);
          sendArmored(
              armor, identity.address().value(), error, CipherSuite.POLY1305_SALSA2012, from);
        });
  }

  /**
   * Runs the memory-hard check of a new identity off the packet thread (one per source network per
   * interval, a bounded number at once) and {@code onValid} back on it if it holds.
   */
  private void validateThen(Identity identity, InetSocketAddress from, long now, Runnable onValid) {
    if (!validationLimiter.tryAdmit(from.getAddress(), now)) {
      metrics.drop(DropReason.VALIDATION_RATE_LIMITED);
      return;
    }
    if (pendingValidations >= maxPendingValidations) {
      metrics.drop(DropReason.VALIDATION_BUSY);
      return;
    }
    pendingValidations++;
    validator.validate(
        identity,
        valid -> {
          pendingValidations--;
          if (valid) {
            onValid.run();
          } else {
            metrics.drop(DropReason.INVALID_IDENTITY);
          }
        });
  }

  /** The HELLO's clear fields (its moon list is still encrypted); null (counted) if malformed. */
  private Hello decodeClearHello(byte[] packet, int length) {
    try {
      int payloadLength = length - PacketHeader.PAYLOAD;
      int clearLength = Hello.cryptFieldOffset(packet, PacketHeader.PAYLOAD, payloadLength);
      return (Hello) VerbCodec.decode(Verb.HELLO.code(), packet, PacketHeader.PAYLOAD, clearLength);
    } catch (ProtocolException e) {
      metrics.drop(DropReason.MALFORMED);
      return null;
    }
  }

  /** An authenticated cipher-0 HELLO: decrypt the moon list, learn the path, answer. */
  private void learnAndAnswer(
      Peer peer, byte[] packet, int length, InetSocketAddress from, long now) {
    Hello hello;
    try {
      int payloadLength = length - PacketHeader.PAYLOAD;
      int cryptOffset =
          PacketHeader.PAYLOAD
              + Hello.cryptFieldOffset(packet, PacketHeader.PAYLOAD, payloadLength);
      if (cryptOffset < length) {
        armor(peer).cryptHelloField(packet, cryptOffset, length - cryptOffset);
      }
      hello =
          (Hello) VerbCodec.decode(Verb.HELLO.code(), packet, PacketHeader.PAYLOAD, payloadLength);
    } catch (ProtocolException e) {
      metrics.drop(DropReason.MALFORMED);
      return;
    }
    metrics.in(Verb.HELLO.code());
    announced(peer, hello);
    peers.heard(peer, PacketHeader.hops(packet) == 0 ? from : null, now);
    answerHello(peer, PacketHeader.id(packet), hello, from);
    if (peers.shouldProbe(peer, now)) {
      probe(peer, from, now);
    }
  }

  /**
   * Measures a peer's round trip: an ECHO carrying our clock, which the peer copies into its
   * OK(ECHO). A HELLO's own timestamp cannot serve: it is the node's clock, not ours.
   */
  private void probe(Peer peer, InetSocketAddress to, long now) {
    byte[] payload = ByteBuffer.allocate(PROBE_LENGTH).putInt(PROBE_MAGIC).putLong(now).array();
    reply(peer, new Echo(payload), to);
  }

  private void probeAnswered(Peer peer, byte[] payload, long now) {
    if (payload.length != PROBE_LENGTH) {
      return;
    }
    ByteBuffer probe = ByteBuffer.wrap(payload);
    if (probe.getInt() != PROBE_MAGIC) {
      return;
    }
    long rtt = now - probe.getLong();
    if (rtt >= 0 && rtt < PeerDirectory.PROBE_INTERVAL_MILLIS) {
      peers.measured(peer, (int) rtt);
    }
  }

  private void announced(Peer peer, Hello hello) {
    peers.announced(
        peer,
        hello.protocolVersion(),
        hello.majorVersion(),
        hello.minorVersion(),
        hello.revision(),
        -1);
  }

  private void answerHello(Peer peer, long inRe, Hello hello, InetSocketAddress from) {
    Optional<World> update =
        worlds.updateFor(hello.planetId(), hello.planetTimestamp(), hello.moons());
    byte[] worldUpdates = update.map(World::toBytes).orElse(new byte[0]);
    // Below protocol 5 the reported address hides its port, as stock does.
    IpEndpoint surface =
        new IpEndpoint(from.getAddress(), hello.protocolVersion() < 5 ? 0 : from.getPort());
    OkHello ok =
        new OkHello(
            inRe,
            hello.timestamp(),
            PROTOCOL_VERSION,
            VERSION_MAJOR,
            VERSION_MINOR,
            VERSION_REVISION,
            surface,
            worldUpdates);
    // Stock answers a first HELLO in Salsa20/12: every version reads it.
    sendArmored(armor(peer), peer.address(), ok, CipherSuite.POLY1305_SALSA2012, from);
  }

  // ---- a moon root's planet ------------------------------------------------------------------

  /**
   * A moon root HELLOs each root of its planet, as stock's moon roots do (they are ordinary peers
   * of their planet): at once, every {@link PlanetUplink#RETRY_MILLIS} until it answers, then every
   * {@link PlanetUplink#KEEPALIVE_MILLIS}. Nothing for a planet root. Call every few seconds.
   */
  public void keepUplink() {
    if (uplink == null) {
      return;
    }
    long now = clock.getAsLong();
    for (PlanetUplink.Root root : uplink.roots()) {
      if (!root.helloDue(now)) {
        continue;
      }
      for (InetSocketAddress endpoint : root.endpoints()) {
        Hello hello =
            new Hello(
                PROTOCOL_VERSION,
                VERSION_MAJOR,
                VERSION_MINOR,
                VERSION_REVISION,
                now,
                self,
                IpEndpoint.of(endpoint),
                uplink.planet().id(),
                uplink.planet().timestamp(),
                List.of());
        int length =
            codec.seal(
                hello,
                nextPacketId++,
                root.address(),
                self.address(),
                CipherSuite.POLY1305_NONE,
                root.armor(),
                false,
                MTU,
                helloScratch);
        sender.send(helloScratch, 0, length, endpoint);
        metrics.out(Verb.HELLO.code());
      }
      root.helloSent(now);
    }
  }

  /** How many of the planet's roots answered our HELLO lately (0 for a planet root). */
  public int planetRootsAnswering() {
    return uplink == null ? 0 : uplink.answering(clock.getAsLong());
  }

  /** What a planet root sends a moon root: OK(HELLO) to our keepalive, its ECHO probes. */
  private void fromPlanetRoot(
      PlanetUplink.Root root, byte[] packet, int length, InetSocketAddress from, long now) {
    if (!dearmor(root.armor(), packet, length)) {
      return;
    }
    Message message = decode(packet, length);
    if (message == null) {
      return;
    }
    metrics.in(PacketHeader.verb(packet));
    if (message instanceof OkHello ok) {
      root.answered(ok.protocolVersion(), ok.timestampEcho(), now);
    } else if (message instanceof OkWhois ok) {
      // The planet's roots validated these identities when they first heard them.
      ok.identities().forEach(uplink::learn);
    } else if (message instanceof OkMulticastGather ok) {
      MulticastDirectory.Group group = group(ok.networkId(), ok.group());
      for (Address member : ok.results().members()) {
        if (member.value() != selfAddress) {
          multicast.like(group, member.value(), now);
        }
      }
    } else if (message instanceof Echo echo) {
      sendArmored(
          root.armor(),
          root.address().value(),
          new OkEcho(PacketHeader.id(packet), echo.payload()),
          CipherSuite.forEncryptionTo(root.protocolVersion()),
          from);
    }
    // Anything else from the planet (RENDEZVOUS, ...) is not for a root: counted, ignored.
  }

  // ---- WHOIS, GATHER --------------------------------------------------------------------------

  private void whois(Peer asker, long inRe, Whois whois, InetSocketAddress from) {
    List<Identity> known = new ArrayList<>();
    List<Address> unknown = new ArrayList<>();
    for (Address address : whois.addresses()) {
      Peer peer = address.value() == selfAddress ? null : peers.get(address.value());
      Identity identity = address.value() == selfAddress ? self.toPublic() : null;
      if (peer != null) {
        identity = peer.identity();
      } else if (identity == null && uplink != null) {
        identity = uplink.learned(address.value());
      }
      if (identity == null) {
        unknown.add(address);
      } else if (known.size() < MAX_WHOIS_ANSWERS) {
        known.add(identity);
      }
    }
    // A moon root asks its planet what it does not know, as a stock root asks its upstream; the
    // node asks again shortly and gets the answer then.
    PlanetUplink.Root upstream = uplink == null ? null : uplink.upstream(clock.getAsLong());
    if (!unknown.isEmpty() && upstream != null && !upstream.endpoints().isEmpty()) {
      sendArmored(
          upstream.armor(),
          upstream.address().value(),
          new Whois(unknown.subList(0, Math.min(unknown.size(), MAX_WHOIS_ANSWERS))),
          CipherSuite.forEncryptionTo(upstream.protocolVersion()),
          upstream.endpoints().get(0));
    }
    if (!known.isEmpty()) {
      reply(asker, new OkWhois(inRe, known), from);
    }
  }

  private void gather(Peer asker, long inRe, MulticastGather gather, InetSocketAddress from) {
    int limit = (int) Math.min(gather.gatherLimit(), MAX_GATHER_ANSWERS);
    MulticastDirectory.Group group = group(gather.networkId(), gather.group());
    MulticastDirectory.Gathered found =
        multicast.gather(group, asker.address(), Math.max(limit, 0));
    if (found.members().size() < limit) {
      gatherFromPlanet(gather, group);
    }
    if (found.members().isEmpty()) {
      return;
    }
    List<Address> members = new ArrayList<>(found.members().size());
    for (long member : found.members()) {
      members.add(new Address(member));
    }
    reply(
        asker,
        new OkMulticastGather(
            inRe,
            gather.networkId(),
            gather.group(),
            new GatherResults(found.totalKnown(), members)),
        from);
  }

  /**
   * A moon root knows only the LIKEs of the nodes that orbit it, while the rest of the network
   * LIKEs its planet's roots: it asks the planet for a group it cannot fill (at most once per group
   * per {@link #PLANET_GATHER_INTERVAL_MILLIS}) and keeps the members it names as subscribers, so
   * the node's next GATHER (stock repeats it while it knows no member) finds them.
   */
  private void gatherFromPlanet(MulticastGather gather, MulticastDirectory.Group group) {
    PlanetUplink.Root upstream = uplink == null ? null : uplink.upstream(clock.getAsLong());
    if (upstream == null || upstream.endpoints().isEmpty()) {
      return;
    }
    long now = clock.getAsLong();
    Long last = lastPlanetGather.get(group);
    if (last != null && now - last < PLANET_GATHER_INTERVAL_MILLIS
        || last == null && lastPlanetGather.size() >= MAX_UNITE_PAIRS) {
      return;
    }
    lastPlanetGather.put(group, now);
    sendArmored(
        upstream.armor(),
        upstream.address().value(),
        new MulticastGather(gather.networkId(), 0, gather.group(), MAX_GATHER_ANSWERS, null),
        CipherSuite.forEncryptionTo(upstream.protocolVersion()),
        upstream.endpoints().get(0));
  }

  private static MulticastDirectory.Group group(
      long networkId, dev.orbital.protocol.verb.MulticastGroup group) {
    return new MulticastDirectory.Group(networkId, group.mac().value(), (int) group.adi());
  }

  // ---- sending --------------------------------------------------------------------------------

  /** A reply to where the request came from, in the cipher the peer's protocol calls for. */
  private void reply(Peer peer, Message message, InetSocketAddress to) {
    sendArmored(
        armor(peer),
        peer.address(),
        message,
        CipherSuite.forEncryptionTo(peer.protocolVersion()),
        to);
  }

  private void send(Peer peer, Message message, InetSocketAddress to) {
    reply(peer, message, to);
  }

  private void sendArmored(
      Armor armor, long destination, Message message, CipherSuite cipher, InetSocketAddress to) {
    int length = PacketHeader.PAYLOAD + message.encodedLength();
    if (length > Fragmenter.maxPacketLength(MTU)) {
      return;
    }
    byte[] packet = new byte[length];
    PacketHeader.setId(packet, nextPacketId++);
    PacketHeader.setDestination(packet, destination);
    PacketHeader.setSource(packet, selfAddress);
    packet[PacketHeader.VERB] = (byte) message.verbCode();
    VerbCodec.encode(
        message, ByteBuffer.wrap(packet, PacketHeader.PAYLOAD, message.encodedLength()));
    boolean fragmented = Fragmenter.needsFragmenting(length, MTU);
    PacketHeader.setFragmented(packet, fragmented);
    armor.armor(packet, length, cipher);
    if (fragmented) {
      Fragmenter.split(
          packet,
          length,
          MTU,
          fragmentScratch,
          (bytes, offset, n) -> sender.send(bytes, offset, n, to));
    } else {
      sender.send(packet, 0, length, to);
    }
    metrics.out(message.verbCode());
  }

  private static Armor armor(Peer peer) {
    return peer.armor();
  }

  private static boolean sameKey(Identity a, Identity b) {
    return MessageDigest.isEqual(a.publicKey(), b.publicKey());
  }
}
