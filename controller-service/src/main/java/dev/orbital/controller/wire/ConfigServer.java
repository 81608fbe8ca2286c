package dev.orbital.controller.wire;

import dev.orbital.controller.netconf.ConfigReply;
import dev.orbital.controller.netconf.ConfigRequestService;
import dev.orbital.controller.netconf.RevocationService;
import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.Network;
import dev.orbital.controller.store.StoreView;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.netconf.NetworkCredentials;
import dev.orbital.protocol.netconf.Revocation;
import dev.orbital.protocol.packet.Verb;
import dev.orbital.protocol.verb.ConfigChunk;
import dev.orbital.protocol.verb.Credentials;
import dev.orbital.protocol.verb.ErrorDetail;
import dev.orbital.protocol.verb.ErrorReply;
import dev.orbital.protocol.verb.Message;
import dev.orbital.protocol.verb.NetworkConfigPush;
import dev.orbital.protocol.verb.NetworkConfigRequest;
import dev.orbital.protocol.verb.OkNetworkConfigRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Serves configs from this replica's store view, off the packet thread: answers requests
 * (OK(NETWORK_CONFIG_REQUEST) chunks or ERROR), pushes fresh configs (NETWORK_CONFIG, or the ERROR
 * a refused member gets, in re packet 0 as stock sends) and revocations (NETWORK_CREDENTIALS).
 * Member records a request produces go to the {@code memberWriter}, which must not block. Safe for
 * any thread.
 */
public final class ConfigServer {

  /** Where messages leave; implementations hop to the packet thread. */
  public interface Outbox {
    void reply(Address member, InetSocketAddress path, List<? extends Message> messages);

    void push(Address member, List<? extends Message> messages);
  }

  /** Every IP held in a network and its active bridges, rebuilt after each change. */
  private record NetworkIndex(Set<InetAddress> allocated, List<Address> activeBridges) {}

  private final StoreView view;
  private final ConfigRequestService requests;
  private final RevocationService revocations;
  private final WireMetrics metrics;
  private final Outbox outbox;
  private final Consumer<Member> memberWriter;
  private final LongSupplier clock;
  private final RequestLog log = new RequestLog();
  private final Map<Long, NetworkIndex> indexes = new ConcurrentHashMap<>();
  private final Map<Long, Set<InetAddress>> inFlight = new ConcurrentHashMap<>();

  /**
   * The member records our config requests wrote, whole: an API write can take the same revision
   * first (the store then refuses ours), and only a record equal to ours is one its member was
   * sent.
   */
  private final Map<MemberRef, Member> ownWrites = new ConcurrentHashMap<>();

  private final Map<Long, Object> locks = new ConcurrentHashMap<>();

  public ConfigServer(
      StoreView view,
      ConfigRequestService requests,
      RevocationService revocations,
      WireMetrics metrics,
      Outbox outbox,
      Consumer<Member> memberWriter,
      LongSupplier clock) {
    this.view = view;
    this.requests = requests;
    this.revocations = revocations;
    this.metrics = metrics;
    this.outbox = outbox;
    this.memberWriter = memberWriter;
    this.clock = clock;
  }

  /** Answers a NETWORK_CONFIG_REQUEST on the path it came in on. */
  public void answer(
      Identity member, long packetId, NetworkConfigRequest request, InetSocketAddress path) {
    long now = clock.getAsLong();
    if (!log.requested(request.networkId(), member, request.metadata(), now)) {
      metrics.drop(DropReason.REQUEST_RATE_LIMITED);
      return;
    }
    ConfigReply reply = decide(request.networkId(), member, request.metadata(), now);
    outbox.reply(member.address(), path, answerMessages(request.networkId(), packetId, reply));
  }

  /** The messages answering request {@code packetId}: one OK per chunk, or the ERROR. */
  static List<Message> answerMessages(long networkId, long packetId, ConfigReply reply) {
    List<Message> messages = new ArrayList<>();
    if (reply instanceof ConfigReply.Config config) {
      for (ConfigChunk chunk : config.chunks()) {
        messages.add(new OkNetworkConfigRequest(packetId, chunk));
      }
    } else {
      messages.add(refusal(networkId, packetId, (ConfigReply.Refused) reply));
    }
    return messages;
  }

  /** The messages a push carries: one NETWORK_CONFIG per chunk, or the ERROR in re packet 0. */
  static List<Message> pushMessages(long networkId, ConfigReply reply) {
    List<Message> messages = new ArrayList<>();
    if (reply instanceof ConfigReply.Config config) {
      for (ConfigChunk chunk : config.chunks()) {
        messages.add(new NetworkConfigPush(chunk));
      }
    } else {
      messages.add(refusal(networkId, 0, (ConfigReply.Refused) reply));
    }
    return messages;
  }

  /** NETWORK_CREDENTIALS carrying one revocation, as stock's ncSendRevocation. */
  static Credentials revocationMessage(Revocation revocation) {
    return new Credentials(NetworkCredentials.ofRevocations(List.of(revocation)));
  }

  private static ErrorReply refusal(long networkId, long packetId, ConfigReply.Refused refused) {
    return new ErrorReply(
        Verb.NETWORK_CONFIG_REQUEST.code(),
        packetId,
        refused.code(),
        ErrorDetail.Network.of(networkId));
  }

  /**
   * Pushes a fresh config (or the refusal) to a reachable member (see {@link #online}); false if it
   * is not.
   */
  public boolean pushConfig(long networkId, Address member) {
    long now = clock.getAsLong();
    RequestLog.Request last = log.reachable(networkId, member, now, seenOnline(now));
    if (last == null) {
      return false;
    }
    ConfigReply reply = decide(networkId, last.identity(), last.metadata(), now);
    metrics.pushed(
        reply instanceof ConfigReply.Config
            ? WireMetrics.PushKind.CONFIG
            : WireMetrics.PushKind.REFUSAL);
    outbox.push(member, pushMessages(networkId, reply));
    return true;
  }

  /** Sends a revocation of {@code revoked}'s COM to the network's other reachable members. */
  public Revocation revoke(long networkId, Address revoked) {
    long now = clock.getAsLong();
    Revocation revocation = revocations.revokeMembership(networkId, revoked, now);
    List<Message> message = List.of(revocationMessage(revocation));
    for (Address member : log.reachable(networkId, now, seenOnline(now))) {
      if (!member.equals(revoked)) {
        metrics.pushed(WireMetrics.PushKind.REVOCATION);
        outbox.push(member, message);
      }
    }
    return revocation;
  }

  /**
   * The network's members a push reaches: those that requested its config or acknowledged a push of
   * it within {@link RequestLog#ONLINE_MILLIS}, and those a root reports online with a {@code
   * lastSeen} that recent (the roots republish a node they keep hearing, so a live one never ages
   * out).
   */
  public List<Address> online(long networkId) {
    long now = clock.getAsLong();
    return log.reachable(networkId, now, seenOnline(now));
  }

  /** The member acknowledged a pushed config of the network (stock's OK(ECHO) config ack). */
  public void acknowledged(long networkId, Address member) {
    log.acknowledged(networkId, member, clock.getAsLong());
  }

  private Predicate<Address> seenOnline(long now) {
    return member ->
        view.presence(member)
            .map(p -> p.online() && now - p.lastSeen() < RequestLog.ONLINE_MILLIS)
            .orElse(false);
  }

  /**
   * Whether {@code after} is the record a config request of ours stored: its member already has
   * that config, so the change needs no push.
   */
  public boolean isOwnWrite(long networkId, Address address, Member after) {
    if (after == null) {
      return false;
    }
    return ownWrites.remove(new MemberRef(networkId, address), after);
  }

  /** Drops what was derived from the network's state; call on every change to it. */
  public void changed(long networkId, Member after) {
    indexes.remove(networkId);
    if (after != null) {
      Set<InetAddress> reserved = inFlight.get(networkId);
      if (reserved != null) {
        after.ipAssignments().forEach(reserved::remove);
      }
    }
  }

  /** The store refused a member record a request produced: nothing of it holds. */
  public void writeFailed(Member member) {
    ownWrites.remove(new MemberRef(member.networkId(), member.address()), member);
    Set<InetAddress> reserved = inFlight.get(member.networkId());
    if (reserved != null) {
      member.ipAssignments().forEach(reserved::remove);
    }
  }

  /** Forgets members offline for long; call now and then. */
  public void expire() {
    long now = clock.getAsLong();
    log.expire(now, seenOnline(now));
  }

  private ConfigReply decide(long networkId, Identity member, byte[] metadata, long now) {
    Network network = view.network(networkId).orElse(null);
    Member stored = network == null ? null : view.member(networkId, member.address()).orElse(null);
    NetworkIndex index = network == null ? null : index(networkId);
    Set<InetAddress> allocated = index == null ? Set.of() : index.allocated();
    List<Address> bridges = index == null ? List.of() : index.activeBridges();
    ConfigReply reply = requests.handle(network, stored, member, metadata, allocated, bridges, now);
    Member toSave = reply.memberToSave();
    if (toSave != null && takesNewAddresses(stored, toSave)) {
      // A new address: pick it again, one request at a time per network, past addresses handed
      // out whose writes have not reached the view yet.
      synchronized (locks.computeIfAbsent(networkId, id -> new Object())) {
        Set<InetAddress> reserved = inFlight.computeIfAbsent(networkId, id -> newReserved());
        Set<InetAddress> taken = new HashSet<>(allocated);
        taken.addAll(reserved);
        reply = requests.handle(network, stored, member, metadata, taken, bridges, now);
        toSave = reply.memberToSave();
        if (toSave != null) {
          reserved.addAll(toSave.ipAssignments());
        }
      }
    }
    count(reply);
    if (toSave != null) {
      ownWrites.put(new MemberRef(networkId, member.address()), toSave);
      memberWriter.accept(toSave);
    }
    return reply;
  }

  private static Set<InetAddress> newReserved() {
    return ConcurrentHashMap.newKeySet();
  }

  private static boolean takesNewAddresses(Member stored, Member toSave) {
    List<InetAddress> before = stored == null ? List.of() : stored.ipAssignments();
    return !before.containsAll(toSave.ipAssignments());
  }

  private void count(ConfigReply reply) {
    if (reply instanceof ConfigReply.Refused refused) {
      metrics.refused(refused.code());
    } else {
      metrics.served();
    }
  }

  private NetworkIndex index(long networkId) {
    return indexes.computeIfAbsent(
        networkId,
        id -> {
          Set<InetAddress> allocated = new HashSet<>();
          List<Address> bridges = new ArrayList<>();
          for (Member m : view.members(id)) {
            allocated.addAll(m.ipAssignments());
            if (m.activeBridge() && m.authorized()) {
              bridges.add(m.address());
            }
          }
          return new NetworkIndex(Set.copyOf(allocated), List.copyOf(bridges));
        });
  }
}
