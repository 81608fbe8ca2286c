package dev.orbital.node.engine;

import dev.orbital.node.engine.Counters.Traffic;
import dev.orbital.node.peer.Peer;
import dev.orbital.node.peer.PeerPath;
import dev.orbital.node.transport.FallbackTransport;
import dev.orbital.node.transport.Transport;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.crypto.SymmetricKey;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.packet.Compression;
import dev.orbital.protocol.packet.Fragmenter;
import dev.orbital.protocol.packet.PacketHeader;
import dev.orbital.protocol.packet.Reassembler;
import dev.orbital.protocol.packet.Verb;
import dev.orbital.protocol.verb.Echo;
import dev.orbital.protocol.verb.ErrorReply;
import dev.orbital.protocol.verb.Hello;
import dev.orbital.protocol.verb.Message;
import dev.orbital.protocol.verb.OkEcho;
import dev.orbital.protocol.verb.OkHello;
import dev.orbital.protocol.verb.OkWhois;
import dev.orbital.protocol.verb.PacketCodec;
import dev.orbital.protocol.verb.PushDirectPaths;
import dev.orbital.protocol.verb.Rendezvous;
import dev.orbital.protocol.verb.VerbCodec;
import dev.orbital.protocol.verb.Whois;
import dev.orbital.protocol.world.World;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The node's protocol engine: peers and their keys, HELLO/OK(HELLO), WHOIS through a root, ECHO
 * keepalives, paths, and the send path (direct when a path is alive, else relayed by a root). The
 * network side (configs, frames, multicast, credentials) is {@link NetworkPlane}. Everything here
 * runs on one thread, the engine's event loop; other threads hand work to it.
 */
public final class Engine {

  private static final System.Logger LOG = System.getLogger(Engine.class.getName());

  public static final int PROTOCOL_VERSION = 12;
  public static final int MAJOR_VERSION = 1;
  public static final int MINOR_VERSION = 14;
  public static final int REVISION = 1;

  /** Every datagram we send is at most this long (ZT_DEFAULT_PHYSMTU). */
  static final int PHYSICAL_MTU = PacketHeader.DEFAULT_PHYSICAL_MTU;

  /** Bounded peer table; the stalest non-root peer goes when it is full. */
  static final int MAX_PEERS = 8192;

  /** With a live path to a root, HELLO it this often; without one, every {@link #ROOT_RETRY}. */
  static final long ROOT_HELLO_MILLIS = 30_000;

  static final long ROOT_RETRY_MILLIS = 5_000;

  /** ZT_PEER_ACTIVITY_TIMEOUT: online while a root was heard within this. */
  static final long ONLINE_MILLIS = 500_000;

  /** ZT_PATH_HEARTBEAT_PERIOD and ZT_PEER_PING_PERIOD. */
  static final long ECHO_MILLIS = 14_000;

  static final long PEER_HELLO_MILLIS = 60_000;

  /** A peer silent this long (and not needed) is forgotten. */
  static final long PEER_FORGET_MILLIS = 30 * 60_000;

  /** Unknown identities are checked (a memory-hard hash) at most this often. */
  static final long IDENTITY_CHECK_MILLIS = 50;

  /**
   * New identities checked back to back (several peers answering at once) before the rate bites.
   */
  static final int IDENTITY_CHECK_BURST = 8;

  static final int MAX_PENDING_HELLOS = 256;
  static final int MAX_DIRECT_PATHS_PER_PUSH = 8;

  private final Identity self;
  private final long selfAddress;
  private final World planet;
  private final Counters counters;
  private final PacketCodec codec = new PacketCodec();
  private final Compression compression = new Compression();
  private final Reassembler reassembler = new Reassembler();
  private final byte[] out = new byte[PacketHeader.MAX_LENGTH];
  private final byte[] scratch = new byte[PHYSICAL_MTU];
  private final byte[] decompressed = new byte[PacketHeader.MAX_LENGTH];
  private final Map<Long, Peer> peers = new HashMap<>();
  private final List<Peer> roots = new ArrayList<>();
  private final WhoisQueue whois = new WhoisQueue();
  private final Map<Long, Long> pendingHellos =
      new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
          return size() > MAX_PENDING_HELLOS;
        }
      };
  private final Fragmenter.PieceSink pieceSink = this::sendPiece;
  private NetworkPlane networks;
  private Transport primary;
  private FallbackTransport fallback;
  private final List<InetSocketAddress> rootEndpoints = new ArrayList<>();
  private boolean receivingFromRelay;
  private PeerPath piecePath;
  private long pieceNow;
  private long nextPacketId;
  private long identityChecksRefilledAt;
  private int identityChecksLeft = IDENTITY_CHECK_BURST;

  public Engine(Identity self, World planet, Counters counters) {
    this.self = self;
    this.selfAddress = self.address().value();
    this.planet = planet;
    this.counters = counters;
    this.nextPacketId = new SecureRandom().nextLong();
  }

  void networks(NetworkPlane plane) {
    this.networks = plane;
  }

  public Identity self() {
    return self;
  }

  long selfAddress() {
    return selfAddress;
  }

  Counters counters() {
    return counters;
  }

  /** Starts talking: adds the planet's roots (paths to their stable endpoints) and HELLOs them. */
  public void start(Transport transport, long now) {
    this.primary = transport;
    if (transport instanceof FallbackTransport) {
      fallback = (FallbackTransport) transport;
    }
    if (planet == null) {
      return;
    }
    for (World.Root root : planet.roots()) {
      if (root.identity().address().value() == selfAddress) {
        continue;
      }
      Optional<SymmetricKey> key = self.agree(root.identity());
      if (key.isEmpty()) {
        continue;
      }
      Peer peer = new Peer(root.identity(), key.get(), true);
      for (IpEndpoint endpoint : root.stableEndpoints()) {
        peer.addPath(transport, endpoint.toSocketAddress());
        rootEndpoints.add(endpoint.toSocketAddress());
      }
      peers.put(peer.address().value(), peer);
      roots.add(peer);
    }
    for (Peer root : roots) {
      helloAllPaths(root, now);
    }
  }

  // ---------------------------------------------------------------- receive

  /** One datagram from a transport. */
  /** A token bucket: {@link #IDENTITY_CHECK_BURST} at once, then one per 50 ms. */
  private boolean mayCheckIdentity(long now) {
    long refill = (now - identityChecksRefilledAt) / IDENTITY_CHECK_MILLIS;
    if (refill > 0) {
      identityChecksLeft = (int) Math.min(IDENTITY_CHECK_BURST, identityChecksLeft + refill);
      identityChecksRefilledAt = now;
    }
    if (identityChecksLeft == 0) {
      return false;
    }
    identityChecksLeft--;
    return true;
  }

  /**
   * One datagram the relay forwarded from {@code from}: like {@link #receive}, except that an
   * answer from a root this way says nothing about UDP.
   */
  public void receiveFromRelay(InetSocketAddress from, byte[] data, int length) {
    receivingFromRelay = true;
    try {
      receive(primary, from, data, length);
    } finally {
      receivingFromRelay = false;
    }
  }

  /** Whether traffic goes through the relay now (UDP failing, or forced). */
  public boolean overRelay() {
    return fallback != null && fallback.overRelay();
  }

  public void receive(Transport via, InetSocketAddress from, byte[] data, int length) {
    long now = System.currentTimeMillis();
    counters.count(Traffic.DATAGRAMS_IN);
    if (length < PacketHeader.SOURCE
        || Address.readLong(data, PacketHeader.DESTINATION) != selfAddress) {
      counters.drop(length < PacketHeader.SOURCE ? Drop.MALFORMED_DATAGRAM : Drop.NOT_FOR_US);
      return;
    }
    Reassembler.Result result = reassembler.offer(data, length, now);
    switch (result.outcome()) {
      case NOT_FRAGMENTED -> packet(via, from, data, length, false, now);
      case COMPLETE -> packet(via, from, result.packet(), result.packet().length, true, now);
      case PENDING -> {
        // waits for the rest of its fragments
      }
      default -> counters.drop(Drop.MALFORMED_DATAGRAM);
    }
  }

  private void packet(
      Transport via, InetSocketAddress from, byte[] packet, int length, boolean owned, long now) {
    long source = PacketHeader.source(packet);
    if (source == selfAddress || source == 0) {
      counters.drop(Drop.MALFORMED_DATAGRAM);
      return;
    }
    if (PacketHeader.cipher(packet) == 0
        && (packet[PacketHeader.VERB] & PacketHeader.VERB_MASK) == Verb.HELLO.code()) {
      hello(via, from, packet, length, now);
      return;
    }
    Peer peer = peers.get(source);
    if (peer == null) {
      WhoisQueue.Entry entry = ask(source, now);
      byte[] copy = owned ? packet : Arrays.copyOf(packet, length);
      if (entry == null || !whois.hold(entry, new WhoisQueue.HeldPacket(via, from, copy, length))) {
        counters.drop(Drop.UNKNOWN_SOURCE);
      }
      return;
    }
    authenticated(peer, via, from, packet, length, now);
  }

  private void authenticated(
      Peer peer, Transport via, InetSocketAddress from, byte[] packet, int length, long now) {
    long wireId = PacketHeader.id(packet);
    int hops = PacketHeader.hops(packet);
    if (!peer.armor().dearmor(packet, length).isAuthentic()) {
      counters.drop(Drop.UNAUTHENTICATED);
      return;
    }
    counters.count(Traffic.PACKETS_IN);
    peer.received(now);
    if (fallback != null && peer.isRoot() && !receivingFromRelay) {
      fallback.fallback().rootAnsweredOverUdp(now);
    }
    int verb = PacketHeader.verb(packet);
    learnPath(peer, via, from, hops, verb == Verb.OK.code(), now);
    if (verb == Verb.FRAME.code() && !PacketHeader.isCompressed(packet)) {
      networks.frameIn(peer, packet, PacketHeader.PAYLOAD, length - PacketHeader.PAYLOAD, now);
      return;
    }
    Message message;
    try {
      byte[] plain = packet;
      int plainLength = length;
      if (PacketHeader.isCompressed(packet)) {
        plainLength = compression.decompress(packet, length, decompressed);
        plain = decompressed;
      }
      message =
          VerbCodec.decode(verb, plain, PacketHeader.PAYLOAD, plainLength - PacketHeader.PAYLOAD);
    } catch (ProtocolException | RuntimeException e) {
      counters.drop(Drop.MALFORMED_PACKET);
      return;
    }
    dispatch(peer, message, wireId, now);
  }

  private void hello(Transport via, InetSocketAddress from, byte[] packet, int length, long now) {
    long wireId = PacketHeader.id(packet);
    int hops = PacketHeader.hops(packet);
    Identity identity;
    try {
      WireReader in =
          WireReader.of(packet, PacketHeader.PAYLOAD, length - PacketHeader.PAYLOAD, "HELLO");
      if (in.u8() < 4) {
        counters.drop(Drop.MALFORMED_PACKET);
        return;
      }
      in.skip(12);
      identity = Identity.read(in);
    } catch (ProtocolException e) {
      counters.drop(Drop.MALFORMED_PACKET);
      return;
    }
    long source = PacketHeader.source(packet);
    if (identity.address().value() != source) {
      counters.drop(Drop.BAD_IDENTITY);
      return;
    }
    Peer peer = peers.get(source);
    boolean fresh = peer == null;
    if (!fresh && !peer.identity().equals(identity)) {
      counters.drop(Drop.BAD_IDENTITY);
      return;
    }
    if (fresh) {
      Optional<SymmetricKey> key = self.agree(identity);
      if (key.isEmpty()) {
        counters.drop(Drop.BAD_IDENTITY);
        return;
      }
      peer = new Peer(identity, key.get(), false);
    }
    Message message;
    try {
      message = codec.open(packet, length, peer.armor());
    } catch (PacketCodec.UnauthenticatedPacketException e) {
      counters.drop(Drop.UNAUTHENTICATED);
      return;
    } catch (ProtocolException | RuntimeException e) {
      counters.drop(Drop.MALFORMED_PACKET);
      return;
    }
    if (fresh) {
      if (!mayCheckIdentity(now) || !identity.locallyValidate()) {
        counters.drop(Drop.BAD_IDENTITY);
        return;
      }
      addPeer(peer, now);
    }
    counters.count(Traffic.PACKETS_IN);
    Hello hello = (Hello) message;
    peer.versions(
        hello.protocolVersion(), hello.majorVersion(), hello.minorVersion(), hello.revision());
    peer.received(now);
    OkHello ok =
        new OkHello(
            wireId,
            hello.timestamp(),
            PROTOCOL_VERSION,
            MAJOR_VERSION,
            MINOR_VERSION,
            REVISION,
            hops == 0 ? IpEndpoint.of(from) : IpEndpoint.NONE,
            new byte[0]);
    if (hops == 0) {
      PeerPath path = peer.addPath(via, from);
      path.received(now);
      sendOn(peer, path, ok, false, now);
      if (!path.confirmed() && now - peer.lastHelloSent() > 1_000) {
        sendHello(peer, path, now);
      }
    } else {
      // It reached us only through a root, so it has no path to us: ours to it may be stale (it
      // restarted on another port, a NAT mapping ended). Use them again only once they answer.
      for (PeerPath path : peer.paths()) {
        if (path.confirmed()) {
          path.doubt();
          sendHello(peer, path, now);
        }
      }
      send(peer, ok, false, now);
    }
  }

  private void learnPath(
      Peer peer, Transport via, InetSocketAddress from, int hops, boolean ok, long now) {
    if (hops != 0) {
      return;
    }
    PeerPath path = peer.path(via, from);
    if (path == null && ok) {
      path = peer.addPath(via, from);
    }
    if (ok) {
      path.confirm();
    } else if (path == null || !path.confirmed()) {
      // An unknown or unconfirmed path: confirm it with a HELLO, whose OK adds or confirms it.
      // Behind a NAT the first HELLO on a path is often lost (sent before the peer's own packet
      // opened the mapping), so every packet over an unconfirmed path asks again, at most 1/s.
      if (now - peer.lastHelloSent() > 1_000) {
        sendHello(peer, path != null ? path : new PeerPath(via, from), now);
      }
      if (path == null) {
        return;
      }
    }
    path.received(now);
  }

  private void dispatch(Peer peer, Message message, long wireId, long now) {
    if (message instanceof OkHello) {
      okHello(peer, (OkHello) message, now);
    } else if (message instanceof OkWhois) {
      okWhois(peer, (OkWhois) message, now);
    } else if (message instanceof OkEcho) {
      return; // the path was confirmed on the way in
    } else if (message instanceof Whois) {
      answerWhois(peer, (Whois) message, wireId, now);
    } else if (message instanceof Echo) {
      send(peer, new OkEcho(wireId, ((Echo) message).payload()), false, now);
    } else if (message instanceof Rendezvous) {
      rendezvous(peer, (Rendezvous) message, now);
    } else if (message instanceof PushDirectPaths) {
      pushDirectPaths(peer, (PushDirectPaths) message, now);
    } else if (message instanceof ErrorReply) {
      networks.error(peer, (ErrorReply) message, now);
    } else {
      networks.message(peer, message, wireId, now);
    }
  }

  private void okHello(Peer peer, OkHello ok, long now) {
    Long sentAt = pendingHellos.remove(ok.inRePacketId());
    if (sentAt == null) {
      counters.drop(Drop.UNEXPECTED_REPLY);
      return;
    }
    peer.latency((int) Math.min(Integer.MAX_VALUE, Math.max(0, now - sentAt)));
    peer.versions(ok.protocolVersion(), ok.majorVersion(), ok.minorVersion(), ok.revision());
  }

  private void okWhois(Peer from, OkWhois ok, long now) {
    if (!from.isRoot() || ok.identities().isEmpty()) {
      counters.drop(Drop.UNEXPECTED_REPLY);
      return;
    }
    Identity identity = ok.identities().get(0);
    long address = identity.address().value();
    if (peers.containsKey(address) || !whois.isPending(address) || address == selfAddress) {
      return;
    }
    Optional<SymmetricKey> key = self.agree(identity);
    if (key.isEmpty()) {
      counters.drop(Drop.BAD_IDENTITY);
      return;
    }
    Peer peer = new Peer(identity, key.get(), false);
    addPeer(peer, now);
    // Let it learn our version (for AES) and identity without a WHOIS of its own.
    send(peer, hello(peer, IpEndpoint.NONE, now), false, now);
    resolved(peer, now);
  }

  private void resolved(Peer peer, long now) {
    WhoisQueue.Entry entry = whois.remove(peer.address().value());
    if (entry == null) {
      return;
    }
    for (WhoisQueue.HeldPacket held : entry.packets) {
      authenticated(peer, held.via(), held.from(), held.packet(), held.length(), now);
    }
    for (Consumer<Peer> action : entry.actions) {
      action.accept(peer);
    }
  }

  private void answerWhois(Peer peer, Whois request, long wireId, long now) {
    if (!peer.mayAnswerWhois(now)) {
      return;
    }
    List<Identity> known = new ArrayList<>();
    for (Address address : request.addresses()) {
      Peer p = address.value() == selfAddress ? null : peers.get(address.value());
      if (address.value() == selfAddress) {
        known.add(self.toPublic());
      } else if (p != null) {
        known.add(p.identity());
      }
      if (known.size() >= 8) {
        break;
      }
    }
    if (!known.isEmpty()) {
      send(peer, new OkWhois(wireId, known), false, now);
    }
  }

  private void rendezvous(Peer from, Rendezvous rendezvous, long now) {
    if (!from.isRoot()) {
      counters.drop(Drop.UNEXPECTED_REPLY);
      return;
    }
    Peer peer = peers.get(rendezvous.peer().value());
    if (peer == null || rendezvous.endpoint().isNone()) {
      return;
    }
    contact(peer, rendezvous.endpoint().toSocketAddress(), now);
  }

  private void pushDirectPaths(Peer peer, PushDirectPaths push, long now) {
    int tried = 0;
    for (PushDirectPaths.DirectPath path : push.paths()) {
      if (tried >= MAX_DIRECT_PATHS_PER_PUSH) {
        break;
      }
      if ((path.flags() & PushDirectPaths.FLAG_FORGET_PATH) != 0 || path.endpoint().isNone()) {
        continue;
      }
      contact(peer, path.endpoint().toSocketAddress(), now);
      tried++;
    }
  }

  /** Tries a direct path: HELLO to it; the OK(HELLO) confirms it. */
  void contact(Peer peer, InetSocketAddress endpoint, long now) {
    if (primary == null) {
      return;
    }
    PeerPath path = peer.addPath(primary, endpoint);
    sendHello(peer, path, now);
  }

  // ---------------------------------------------------------------- peers and WHOIS

  private void addPeer(Peer peer, long now) {
    if (peers.size() >= MAX_PEERS) {
      Peer stalest = null;
      for (Peer p : peers.values()) {
        if (!p.isRoot() && (stalest == null || p.lastReceive() < stalest.lastReceive())) {
          stalest = p;
        }
      }
      if (stalest != null) {
        peers.remove(stalest.address().value());
      }
    }
    peer.received(now);
    peers.put(peer.address().value(), peer);
  }

  Peer peer(long address) {
    return peers.get(address);
  }

  /**
   * Runs {@code action} with the peer at {@code address}: at once if known, else once a root
   * answered our WHOIS. Drops (and counts) when the WHOIS queue is full.
   */
  void withPeer(long address, long now, Consumer<Peer> action) {
    Peer peer = peers.get(address);
    if (peer != null) {
      action.accept(peer);
      return;
    }
    if (address == selfAddress) {
      return;
    }
    WhoisQueue.Entry entry = ask(address, now);
    if (entry == null || !whois.hold(entry, action)) {
      counters.drop(Drop.NO_ROUTE);
    }
  }

  private WhoisQueue.Entry ask(long address, long now) {
    boolean fresh = !whois.isPending(address);
    WhoisQueue.Entry entry = whois.entry(address, now);
    if (entry != null && fresh) {
      sendWhois(entry, now);
    }
    return entry;
  }

  private void sendWhois(WhoisQueue.Entry entry, long now) {
    entry.lastAsked = now;
    Peer root = bestRoot(now);
    if (root != null) {
      send(root, Whois.of(new Address(entry.address)), false, now);
    }
  }

  /** The root with a live path and the lowest latency, else any root with a path. */
  Peer bestRoot(long now) {
    Peer best = null;
    for (Peer root : roots) {
      if (root.bestPath(now) != null && (best == null || latencyOf(root) < latencyOf(best))) {
        best = root;
      }
    }
    if (best == null) {
      for (Peer root : roots) {
        if (!root.paths().isEmpty()) {
          return root;
        }
      }
    }
    return best;
  }

  private static int latencyOf(Peer peer) {
    return peer.latency() < 0 ? Integer.MAX_VALUE : peer.latency();
  }

  List<Peer> roots() {
    return roots;
  }

  public boolean online(long now) {
    for (Peer root : roots) {
      if (now - root.lastReceive() < ONLINE_MILLIS && root.bestPath(now) != null) {
        return true;
      }
    }
    return false;
  }

  public Iterable<Peer> peers() {
    return peers.values();
  }

  // ---------------------------------------------------------------- send

  /** Seals {@code message} for {@code peer} and sends it on its best path, or relayed by a root. */
  long send(Peer peer, Message message, boolean compress, long now) {
    PeerPath path = route(peer, now);
    if (path == null) {
      counters.drop(Drop.NO_ROUTE);
      return 0;
    }
    return sendOn(peer, path, message, compress, now);
  }

  /** Sends a message on one given path; returns the packet ID as it went on the wire. */
  long sendOn(Peer peer, PeerPath path, Message message, boolean compress, long now) {
    int length;
    try {
      length =
          codec.seal(
              message,
              nextPacketId++,
              peer.address(),
              self.address(),
              peer.cipher(),
              peer.armor(),
              compress,
              PHYSICAL_MTU,
              out);
    } catch (IllegalArgumentException e) {
      LOG.log(
          Level.DEBUG, "cannot send {0}: {1}", message.getClass().getSimpleName(), e.getMessage());
      counters.drop(Drop.BAD_FRAME);
      return 0;
    }
    long wireId = PacketHeader.id(out);
    transmit(path, out, length, now);
    return wireId;
  }

  /** The path to send to {@code peer} on: its own if alive, else a root's (which relays). */
  PeerPath route(Peer peer, long now) {
    PeerPath direct = peer.bestPath(now);
    if (direct != null) {
      return direct;
    }
    if (peer.isRoot()) {
      return peer.paths().isEmpty() ? null : peer.paths().get(0);
    }
    Peer root = bestRoot(now);
    if (root == null) {
      return null;
    }
    PeerPath viaRoot = root.bestPath(now);
    return viaRoot != null ? viaRoot : root.paths().get(0);
  }

  /** Sends an armored packet, fragmenting it as needed. */
  void transmit(PeerPath path, byte[] packet, int length, long now) {
    counters.count(Traffic.PACKETS_OUT);
    piecePath = path;
    pieceNow = now;
    Fragmenter.split(packet, length, PHYSICAL_MTU, scratch, pieceSink);
  }

  private void sendPiece(byte[] bytes, int offset, int length) {
    counters.count(Traffic.DATAGRAMS_OUT);
    piecePath.send(bytes, offset, length, pieceNow);
  }

  /** The shared output buffer, for the frame path that writes packets in place. */
  byte[] out() {
    return out;
  }

  long nextPacketId() {
    return nextPacketId++;
  }

  private Hello hello(Peer peer, IpEndpoint destination, long now) {
    return new Hello(
        PROTOCOL_VERSION,
        MAJOR_VERSION,
        MINOR_VERSION,
        REVISION,
        now,
        self,
        destination,
        planet == null ? 0 : planet.id(),
        planet == null ? 0 : planet.timestamp(),
        List.of());
  }

  void sendHello(Peer peer, PeerPath path, long now) {
    long id = sendOn(peer, path, hello(peer, IpEndpoint.of(path.endpoint()), now), false, now);
    if (id != 0) {
      peer.helloSent(now);
      pendingHellos.put(id, now);
    }
  }

  private void helloAllPaths(Peer peer, long now) {
    for (PeerPath path : new ArrayList<>(peer.paths())) {
      sendHello(peer, path, now);
    }
  }

  // ---------------------------------------------------------------- housekeeping

  /** An ECHO to every root endpoint over plain UDP: its answer tells UDP works (again). */
  private void probeRootsOverUdp(long now) {
    for (Peer root : roots) {
      for (InetSocketAddress endpoint : rootEndpoints) {
        if (root.paths().stream().anyMatch(p -> p.endpoint().equals(endpoint))) {
          sendOn(root, new PeerPath(fallback.udp(), endpoint), new Echo(new byte[0]), false, now);
        }
      }
    }
    fallback.fallback().probeSent(now);
  }

  /** Runs every second on the engine thread. */
  public void tick(long now) {
    reassembler.expire(now);
    if (fallback != null && fallback.fallback().probeDue(now)) {
      probeRootsOverUdp(now);
    }
    for (Peer root : roots) {
      PeerPath best = root.bestPath(now);
      if (best == null) {
        if (now - root.lastHelloSent() >= ROOT_RETRY_MILLIS) {
          helloAllPaths(root, now);
        }
      } else if (now - root.lastHelloSent() >= ROOT_HELLO_MILLIS) {
        sendHello(root, best, now);
      }
    }
    for (Iterator<Peer> it = peers.values().iterator(); it.hasNext(); ) {
      Peer peer = it.next();
      if (peer.isRoot()) {
        continue;
      }
      peer.expirePaths(now);
      if (now - peer.lastReceive() > PEER_FORGET_MILLIS && !networks.needs(peer)) {
        it.remove();
        continue;
      }
      if (now - peer.lastReceive() > PEER_HELLO_MILLIS * 3) {
        continue; // not in use: no keepalives
      }
      PeerPath best = peer.bestPath(now);
      if (now - peer.lastHelloSent() >= PEER_HELLO_MILLIS) {
        if (best != null) {
          sendHello(peer, best, now);
        } else {
          send(peer, hello(peer, IpEndpoint.NONE, now), false, now);
          peer.helloSent(now);
        }
      } else if (best != null && now - peer.lastEchoSent() >= ECHO_MILLIS) {
        sendOn(peer, best, new Echo(new byte[0]), false, now);
        peer.echoSent(now);
      }
    }
    for (WhoisQueue.Entry entry :
        whois.due(
            now,
            expired -> {
              for (int i = 0; i < expired.waiting(); i++) {
                counters.drop(Drop.UNKNOWN_SOURCE);
              }
            })) {
      sendWhois(entry, now);
    }
  }

  int pendingWhois() {
    return whois.size();
  }
}
