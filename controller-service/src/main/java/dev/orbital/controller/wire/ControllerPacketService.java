package dev.orbital.controller.wire;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.crypto.SymmetricKey;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.packet.Armor;
import dev.orbital.protocol.packet.CipherSuite;
import dev.orbital.protocol.packet.Fragment;
import dev.orbital.protocol.packet.Fragmenter;
import dev.orbital.protocol.packet.PacketHeader;
import dev.orbital.protocol.packet.Reassembler;
import dev.orbital.protocol.packet.Verb;
import dev.orbital.protocol.verb.Echo;
import dev.orbital.protocol.verb.Hello;
import dev.orbital.protocol.verb.Message;
import dev.orbital.protocol.verb.NetworkConfigPush;
import dev.orbital.protocol.verb.NetworkConfigRequest;
import dev.orbital.protocol.verb.OkEcho;
import dev.orbital.protocol.verb.OkHello;
import dev.orbital.protocol.verb.OkNetworkConfigRequest;
import dev.orbital.protocol.verb.OkWhois;
import dev.orbital.protocol.verb.PacketCodec;
import dev.orbital.protocol.verb.Rendezvous;
import dev.orbital.protocol.verb.VerbCodec;
import dev.orbital.protocol.verb.Whois;
import java.net.InetSocketAddress;
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
 * The controller as a node on the wire (spec §8, §9 controller column): HELLOs its roots and keeps
 * them alive, answers HELLO and ECHO, learns unknown senders by WHOIS through a root (queueing
 * their packets meanwhile), and hands each NETWORK_CONFIG_REQUEST to {@link ConfigRequests}.
 * Replies go back on the path the request came from; pushes go to where the member was last heard.
 * No I/O types: datagrams come in through {@link #receive} and leave through the {@link Sender}.
 * Every call must come from one thread (the packet thread); garbage is dropped and counted, never
 * thrown.
 */
public final class ControllerPacketService {

  /** Sends one datagram; the bytes are valid only during the call. */
  @FunctionalInterface
  public interface Sender {
    void send(byte[] bytes, int offset, int length, InetSocketAddress to);
  }

  /** Runs the memory-hard identity check off the packet thread, calling back on it. */
  @FunctionalInterface
  public interface Validator {
    void validate(Identity identity, Consumer<Boolean> onPacketThread);
  }

  /** Takes a config request from an authenticated member; answers later through {@link #reply}. */
  @FunctionalInterface
  public interface ConfigRequests {
    void requested(
        Identity member, long packetId, NetworkConfigRequest request, InetSocketAddress path);

    /**
     * The member acknowledged a pushed config of {@code networkId} (stock answers a NETWORK_CONFIG
     * it assembled with OK, in-re verb ECHO, payload {@code networkId configUpdateId}).
     */
    default void acknowledged(Address member, long networkId) {}
  }

  /** The stock 1.14.1 protocol version: we speak AES-GMAC-SIV. */
  static final int PROTOCOL_VERSION = 12;

  static final int VERSION_MAJOR = 1;
  static final int VERSION_MINOR = 14;
  static final int VERSION_REVISION = 1;

  /** ZT_PROTO_VERSION_MIN: HELLOs from below are dropped. */
  static final int MIN_PROTOCOL_VERSION = 4;

  /** ZT_PING_CHECK_INTERVAL: how often {@link #housekeeping} should run. */
  public static final long PING_CHECK_MILLIS = 5_000;

  /** An upstream with a path gets a HELLO this often (14 s × 16, spec §10.3). */
  static final long UPSTREAM_HELLO_MILLIS = 224_000;

  /** Nodes silent this long are forgotten (their next packet is learned again by WHOIS). */
  static final long PEER_EXPIRY_MILLIS = 600_000;

  /** A WHOIS for one address at most this often (spec §8 WHOIS). */
  static final long WHOIS_RETRY_MILLIS = 500;

  /** Packets from an unknown sender wait this long for the WHOIS answer. */
  static final long WHOIS_QUEUE_MILLIS = 10_000;

  static final int MAX_QUEUED_PER_ADDRESS = 8;
  static final int MAX_QUEUED_ADDRESSES = 4_096;
  static final int MAX_PENDING_VALIDATIONS = 64;

  /** ZT_DEFAULT_PHYSMTU. */
  static final int MTU = PacketHeader.DEFAULT_PHYSICAL_MTU;

  private record Queued(byte[] packet, InetSocketAddress from) {}

  private static final class WhoisWait {
    final List<Queued> packets = new ArrayList<>();
    final long since;
    long lastAsked = Long.MIN_VALUE / 2;

    WhoisWait(long since) {
      this.since = since;
    }
  }

  private final Identity self;
  private final long selfAddress;
  private final List<Upstream> upstreams;
  private final long planetId;
  private final long planetTimestamp;
  private final WireMetrics metrics;
  private final Validator validator;
  private final ConfigRequests requests;
  private final Sender sender;
  private final LongSupplier clock;
  private final Map<Long, WirePeer> peers = new HashMap<>();
  private final Map<Long, WhoisWait> whoisWaits = new HashMap<>();
  private final PacketCodec codec = new PacketCodec();
  private final Reassembler reassembler = new Reassembler();
  private final byte[] out = new byte[PacketHeader.MAX_LENGTH];
  private final byte[] fragmentScratch = new byte[MTU];
  private long nextPacketId = new SecureRandom().nextLong();
  private int pendingValidations;

  /**
   * @param planetId the planet (World ID and timestamp) announced in our HELLOs, 0 if none
   */
  public ControllerPacketService(
      Identity self,
      List<Upstream> upstreams,
      long planetId,
      long planetTimestamp,
      WireMetrics metrics,
      Validator validator,
      ConfigRequests requests,
      Sender sender,
      LongSupplier clock) {
    this.self = self;
    this.selfAddress = self.address().value();
    this.upstreams = List.copyOf(upstreams);
    this.planetId = planetId;
    this.planetTimestamp = planetTimestamp;
    this.metrics = metrics;
    this.validator = validator;
    this.requests = requests;
    this.sender = sender;
    this.clock = clock;
    long now = clock.getAsLong();
    for (Upstream upstream : this.upstreams) {
      Optional<SymmetricKey> key = self.agree(upstream.identity());
      if (key.isEmpty()) {
        throw new IllegalArgumentException("no key agreement with root " + upstream.identity());
      }
      peers.put(
          upstream.identity().address().value(),
          new WirePeer(upstream.identity(), new Armor(key.get()), upstream, now));
    }
  }

  /** HELLOs every root and keeps them alive; call every {@link #PING_CHECK_MILLIS}. */
  public void housekeeping() {
    long now = clock.getAsLong();
    for (WirePeer peer : peers.values()) {
      if (peer.isRoot()) {
        boolean unanswered = peer.lastOkHello() < peer.lastHelloSent();
        long since = now - peer.lastHelloSent();
        if (since >= UPSTREAM_HELLO_MILLIS || (unanswered && since >= PING_CHECK_MILLIS)) {
          helloRoot(peer, now);
        }
      }
    }
    peers.values().removeIf(p -> !p.isRoot() && now - p.lastHeard() >= PEER_EXPIRY_MILLIS);
    whoisWaits.values().removeIf(w -> now - w.since >= WHOIS_QUEUE_MILLIS);
    reassembler.expire(now);
  }

  /** Whether a root has answered our HELLO. */
  public boolean hasUpstream() {
    return peers.values().stream()
        .anyMatch(p -> p.isRoot() && p.lastOkHello() > Long.MIN_VALUE / 2);
  }

  /** Handles one received datagram, {@code data[0 .. length)}, which it may change. */
  public void receive(byte[] data, int length, InetSocketAddress from) {
    long now = clock.getAsLong();
    if (Fragment.isFragment(data, length)) {
      if (Fragment.destination(data) != selfAddress) {
        metrics.drop(DropReason.NOT_FOR_US);
      } else {
        reassemble(data, length, from, now);
      }
      return;
    }
    if (length < PacketHeader.MIN_LENGTH) {
      metrics.drop(DropReason.TOO_SHORT);
      return;
    }
    if (PacketHeader.destination(data) != selfAddress) {
      metrics.drop(DropReason.NOT_FOR_US);
    } else if (PacketHeader.isFragmented(data)) {
      reassemble(data, length, from, now);
    } else {
      process(data, length, from, now);
    }
  }

  /** Sends {@code messages} to a member on the path its request came in on. */
  public void reply(Address member, InetSocketAddress path, List<? extends Message> messages) {
    WirePeer peer = peers.get(member.value());
    if (peer == null) {
      return;
    }
    for (Message message : messages) {
      send(peer, message, path);
    }
  }

  /** Sends {@code messages} to where a member was last heard; false if there is nowhere. */
  public boolean push(Address member, List<? extends Message> messages) {
    WirePeer peer = peers.get(member.value());
    InetSocketAddress path = peer == null ? null : peer.path(clock.getAsLong());
    if (path == null) {
      return false;
    }
    for (Message message : messages) {
      send(peer, message, path);
    }
    return true;
  }

  private void reassemble(byte[] data, int length, InetSocketAddress from, long now) {
    Reassembler.Result result = reassembler.offer(data, length, now);
    switch (result.outcome()) {
      case COMPLETE:
        byte[] packet = result.packet();
        if (PacketHeader.destination(packet) != selfAddress) {
          metrics.drop(DropReason.NOT_FOR_US);
        } else {
          process(packet, packet.length, from, now);
        }
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

  private void process(byte[] packet, int length, InetSocketAddress from, long now) {
    long source = PacketHeader.source(packet);
    if (source == selfAddress) {
      metrics.drop(DropReason.FROM_SELF);
      return;
    }
    WirePeer peer = peers.get(source);
    if (PacketHeader.cipher(packet) == CipherSuite.POLY1305_NONE.id()
        && PacketHeader.verb(packet) == Verb.HELLO.code()
        && (peer == null || !peer.isRoot())) {
      hello(peer, packet, length, from, now);
      return;
    }
    if (peer == null) {
      awaitWhois(source, packet, length, from, now);
      return;
    }
    Message message = open(peer, packet, length);
    if (message == null) {
      return;
    }
    peer.heard(from, PacketHeader.hops(packet), now);
    dispatch(peer, PacketHeader.id(packet), message, from, now);
  }

  private Message open(WirePeer peer, byte[] packet, int length) {
    try {
      return codec.open(packet, length, peer.armor());
    } catch (PacketCodec.UnauthenticatedPacketException e) {
      switch (e.result()) {
        case UNSUPPORTED_CIPHER:
          metrics.drop(DropReason.UNSUPPORTED_CIPHER);
          break;
        case BAD_LENGTH:
          metrics.drop(DropReason.TOO_SHORT);
          break;
        default:
          metrics.drop(DropReason.BAD_MAC);
          break;
      }
      return null;
    } catch (ProtocolException | RuntimeException e) {
      metrics.drop(DropReason.MALFORMED);
      return null;
    }
  }

  private void dispatch(
      WirePeer peer, long packetId, Message message, InetSocketAddress from, long now) {
    if (message instanceof NetworkConfigRequest request) {
      requests.requested(peer.identity(), packetId, request, from);
    } else if (message instanceof Echo echo) {
      send(peer, new OkEcho(packetId, echo.payload()), from);
    } else if (message instanceof Hello hello) {
      peer.announced(hello.protocolVersion());
      answerHello(peer, packetId, hello, from);
    } else if (message instanceof OkHello okHello) {
      peer.announced(okHello.protocolVersion());
      if (peer.isRoot()) {
        peer.okHello(now);
      }
    } else if (message instanceof Rendezvous rendezvous) {
      introduced(peer, rendezvous, now);
    } else if (message instanceof OkEcho okEcho && !peer.isRoot()) {
      okEcho.asConfigAck().ifPresent(ack -> requests.acknowledged(peer.address(), ack.networkId()));
    } else if (message instanceof OkWhois okWhois) {
      if (!peer.isRoot()) {
        metrics.drop(DropReason.NOT_FROM_ROOT);
        return;
      }
      for (Identity identity : okWhois.identities()) {
        learned(identity);
      }
    }
    // Anything else (ERROR, config acks, LIKEs, frames...) needs no answer here.
  }

  // ---- HELLO ----------------------------------------------------------------------------------

  private void hello(WirePeer peer, byte[] packet, int length, InetSocketAddress from, long now) {
    Hello clear;
    try {
      int payload = length - PacketHeader.PAYLOAD;
      int clearLength = Hello.cryptFieldOffset(packet, PacketHeader.PAYLOAD, payload);
      clear =
          (Hello) VerbCodec.decode(Verb.HELLO.code(), packet, PacketHeader.PAYLOAD, clearLength);
    } catch (ProtocolException | RuntimeException e) {
      metrics.drop(DropReason.MALFORMED);
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
      Message opened = open(peer, packet, length);
      if (opened instanceof Hello hello) {
        peer.heard(from, PacketHeader.hops(packet), now);
        peer.announced(hello.protocolVersion());
        answerHello(peer, PacketHeader.id(packet), hello, from);
      }
      return;
    }
    Optional<Armor> armor = armorFor(identity);
    if (armor.isEmpty()) {
      return;
    }
    WirePeer candidate = new WirePeer(identity, armor.get(), null, now);
    Message opened = open(candidate, packet, length);
    if (!(opened instanceof Hello hello)) {
      return;
    }
    if (peer != null) {
      metrics.drop(DropReason.IDENTITY_COLLISION);
      return;
    }
    long packetId = PacketHeader.id(packet);
    int hops = PacketHeader.hops(packet);
    validateThen(
        identity,
        () -> {},
        () -> {
          long later = clock.getAsLong();
          WirePeer known = peers.get(identity.address().value());
          if (known != null && !sameKey(known.identity(), identity)) {
            metrics.drop(DropReason.IDENTITY_COLLISION);
            return;
          }
          WirePeer added = known != null ? known : candidate;
          peers.put(identity.address().value(), added);
          added.heard(from, hops, later);
          added.announced(hello.protocolVersion());
          answerHello(added, packetId, hello, from);
          replayQueued(added);
        });
  }

  private void answerHello(WirePeer peer, long inRe, Hello hello, InetSocketAddress from) {
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
            new byte[0]);
    // Stock answers HELLO in Salsa20/12: every version reads it.
    seal(peer, ok, CipherSuite.POLY1305_SALSA2012, from);
  }

  private void helloRoot(WirePeer root, long now) {
    for (InetSocketAddress endpoint : root.upstream().endpoints()) {
      sendHello(root, endpoint, now);
    }
    root.helloSent(now);
  }

  private void sendHello(WirePeer peer, InetSocketAddress to, long now) {
    Hello hello =
        new Hello(
            PROTOCOL_VERSION,
            VERSION_MAJOR,
            VERSION_MINOR,
            VERSION_REVISION,
            now,
            self,
            IpEndpoint.of(to),
            planetId,
            planetTimestamp,
            List.of());
    seal(peer, hello, CipherSuite.POLY1305_NONE, to);
  }

  /**
   * A root introduces a member it relays for: HELLO it at the address the root saw, so that its
   * answer (hops 0) gives us a direct path. Only roots may introduce, and port 0 means no address
   * (spec §8 RENDEZVOUS).
   */
  private void introduced(WirePeer from, Rendezvous rendezvous, long now) {
    if (!from.isRoot()) {
      metrics.drop(DropReason.NOT_FROM_ROOT);
      return;
    }
    WirePeer member = peers.get(rendezvous.peer().value());
    if (member == null || member.isRoot() || rendezvous.endpoint().port() == 0) {
      return;
    }
    sendHello(member, rendezvous.endpoint().toSocketAddress(), now);
  }

  // ---- WHOIS ----------------------------------------------------------------------------------

  private void awaitWhois(
      long source, byte[] packet, int length, InetSocketAddress from, long now) {
    WhoisWait wait = whoisWaits.get(source);
    if (wait == null) {
      if (whoisWaits.size() >= MAX_QUEUED_ADDRESSES) {
        metrics.drop(DropReason.WHOIS_QUEUE_FULL);
        return;
      }
      wait = new WhoisWait(now);
      whoisWaits.put(source, wait);
    }
    if (wait.packets.size() >= MAX_QUEUED_PER_ADDRESS) {
      metrics.drop(DropReason.WHOIS_QUEUE_FULL);
    } else {
      wait.packets.add(new Queued(Arrays.copyOf(packet, length), from));
    }
    if (now - wait.lastAsked >= WHOIS_RETRY_MILLIS) {
      WirePeer root = bestRoot();
      if (root == null) {
        metrics.drop(DropReason.UNKNOWN_SOURCE);
        return;
      }
      wait.lastAsked = now;
      send(root, Whois.of(new Address(source)), root.path(now));
    }
  }

  /** The root heard from most recently, or any root if none answered yet. */
  private WirePeer bestRoot() {
    WirePeer best = null;
    for (WirePeer peer : peers.values()) {
      if (peer.isRoot() && (best == null || peer.lastOkHello() > best.lastOkHello())) {
        best = peer;
      }
    }
    return best;
  }

  private void learned(Identity identity) {
    long address = identity.address().value();
    if (address == selfAddress || peers.containsKey(address) || !whoisWaits.containsKey(address)) {
      return;
    }
    Optional<Armor> armor = armorFor(identity);
    if (armor.isEmpty()) {
      return;
    }
    validateThen(
        identity,
        () -> whoisWaits.remove(address),
        () -> {
          if (!peers.containsKey(address)) {
            WirePeer peer = new WirePeer(identity, armor.get(), null, clock.getAsLong());
            peers.put(address, peer);
            replayQueued(peer);
          }
        });
  }

  /** The armor for traffic with a new identity; empty (and counted) without key agreement. */
  private Optional<Armor> armorFor(Identity identity) {
    Optional<SymmetricKey> key = self.agree(identity);
    if (key.isEmpty()) {
      metrics.drop(DropReason.BAD_KEY);
    }
    return key.map(Armor::new);
  }

  /**
   * Runs {@code onValid} or {@code onInvalid} once the validator has checked the identity; while
   * {@link #MAX_PENDING_VALIDATIONS} checks are waiting, drops it instead (each one is costly).
   */
  private void validateThen(Identity identity, Runnable onInvalid, Runnable onValid) {
    if (pendingValidations >= MAX_PENDING_VALIDATIONS) {
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
            onInvalid.run();
          }
        });
  }

  private void replayQueued(WirePeer peer) {
    WhoisWait wait = whoisWaits.remove(peer.address().value());
    if (wait == null) {
      return;
    }
    for (Queued queued : wait.packets) {
      process(queued.packet(), queued.packet().length, queued.from(), clock.getAsLong());
    }
  }

  // ---- sending --------------------------------------------------------------------------------

  private void send(WirePeer peer, Message message, InetSocketAddress to) {
    seal(peer, message, CipherSuite.forEncryptionTo(peer.protocolVersion()), to);
  }

  private void seal(WirePeer peer, Message message, CipherSuite cipher, InetSocketAddress to) {
    // Configs compress well (stock LZ4-compresses them); small control packets are not worth it.
    boolean compress =
        message instanceof OkNetworkConfigRequest || message instanceof NetworkConfigPush;
    int length;
    try {
      length =
          codec.seal(
              message,
              nextPacketId++,
              peer.address(),
              self.address(),
              cipher,
              peer.armor(),
              compress,
              MTU,
              out);
    } catch (IllegalArgumentException e) {
      metrics.drop(DropReason.MALFORMED);
      return;
    }
    if (PacketHeader.isFragmented(out)) {
      Fragmenter.split(
          out,
          length,
          MTU,
          fragmentScratch,
          (bytes, offset, n) -> sender.send(bytes, offset, n, to));
    } else {
      sender.send(out, 0, length, to);
    }
  }

  private static boolean sameKey(Identity a, Identity b) {
    return MessageDigest.isEqual(a.publicKey(), b.publicKey());
  }
}
