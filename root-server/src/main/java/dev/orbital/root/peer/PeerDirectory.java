package dev.orbital.root.peer;

import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.packet.Armor;
import dev.orbital.root.presence.PresenceEvent;
import dev.orbital.root.presence.PresenceSink;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Every peer this root knows, by address, with hard caps: at most {@code maxPeers} peers (the one
 * heard from least recently is evicted first) and {@code maxPathsPerPeer} paths each (likewise).
 * Paths expire after {@link #PATH_EXPIRY_MILLIS} of silence, which is longer than the 224 s between
 * a silent leaf's HELLOs to its roots; a peer without paths is forgotten.
 *
 * <p>Presence changes (a new peer, a changed path set, an expired peer) go to the {@link
 * PresenceSink}, never per packet; so does a peer heard again {@code presenceRefreshMillis} or more
 * after its last event, so that its {@code lastSeen} downstream is never more than that older than
 * the root's last packet from it while it keeps talking (a leaf HELLOs its roots every 60 s at
 * least). That is at most one event per peer per refresh interval. Thread-safe by one lock: the
 * packet thread writes, the admin API reads snapshots.
 */
public final class PeerDirectory {

  /** Longer than stock's ZT_PEER_PATH_EXPIRATION (243 s): a silent leaf HELLOs every 224 s. */
  public static final long PATH_EXPIRY_MILLIS = 300_000;

  /** A peer's latency is measured at most this often (an ECHO after its HELLO). */
  public static final long PROBE_INTERVAL_MILLIS = 60_000;

  /** A peer heard again is republished at most this often, by default. */
  public static final long PRESENCE_REFRESH_MILLIS = 30_000;

  private final int maxPeers;
  private final int maxPathsPerPeer;
  private final String rootAddress;
  private final PresenceSink presence;
  private final long presenceRefreshMillis;
  private final Map<Long, Peer> peers = new HashMap<>();
  private Peer oldest;
  private Peer newest;
  private LongConsumer evictions = n -> {};

  public PeerDirectory(
      int maxPeers, int maxPathsPerPeer, String rootAddress, PresenceSink presence) {
    this(maxPeers, maxPathsPerPeer, rootAddress, presence, PRESENCE_REFRESH_MILLIS);
  }

  public PeerDirectory(
      int maxPeers,
      int maxPathsPerPeer,
      String rootAddress,
      PresenceSink presence,
      long presenceRefreshMillis) {
    this.maxPeers = maxPeers;
    this.maxPathsPerPeer = maxPathsPerPeer;
    this.rootAddress = rootAddress;
    this.presence = presence;
    this.presenceRefreshMillis = presenceRefreshMillis;
  }

  /** Told how many peers each cap eviction removed (for a metric). */
  public void onEviction(LongConsumer evictions) {
    this.evictions = evictions;
  }

  public synchronized Peer get(long address) {
    return peers.get(address);
  }

  public synchronized int size() {
    return peers.size();
  }

  /**
   * Adds a newly validated peer, evicting the least recently heard one if the directory is full. If
   * the address is already taken (a concurrent HELLO), the existing peer is returned.
   */
  public synchronized Peer add(Identity identity, Armor armor, long now) {
    Peer existing = peers.get(identity.address().value());
    if (existing != null) {
      return existing;
    }
    if (peers.size() >= maxPeers) {
      remove(oldest);
      evictions.accept(1);
    }
    Peer peer = new Peer(identity, armor, now);
    peers.put(peer.address(), peer);
    linkNewest(peer);
    return peer;
  }

  /**
   * Records a packet from {@code peer}: it becomes the most recently heard, and when {@code path}
   * is not null (only direct packets, hops = 0, teach paths) that path is refreshed or added.
   * Returns true if the path set changed (and presence was told). Presence is also told when the
   * peer's last event is a refresh interval old.
   */
  public synchronized boolean heard(Peer peer, InetSocketAddress path, long now) {
    if (peers.get(peer.address()) != peer) {
      return false;
    }
    peer.lastReceive = now;
    unlink(peer);
    linkNewest(peer);
    if (path == null) {
      refresh(peer, now);
      return false;
    }
    for (Peer.Path known : peer.paths) {
      if (known.address.equals(path)) {
        known.lastReceive = now;
        refresh(peer, now);
        return false;
      }
    }
    if (peer.paths.size() >= maxPathsPerPeer) {
      Peer.Path stalest = peer.paths.get(0);
      for (Peer.Path known : peer.paths) {
        if (known.lastReceive < stalest.lastReceive) {
          stalest = known;
        }
      }
      peer.paths.remove(stalest);
    }
    peer.paths.add(new Peer.Path(path, now));
    presence.changed(event(peer, true));
    return true;
  }

  private void refresh(Peer peer, long now) {
    // A peer never published (heard only through another root so far) waits for its first path.
    if (peer.lastPublished != Peer.NEVER_PUBLISHED
        && now - peer.lastPublished >= presenceRefreshMillis) {
      presence.changed(event(peer, true));
    }
  }

  /** Updates what a peer announced in its HELLO. */
  public synchronized void announced(
      Peer peer, int protocolVersion, int major, int minor, int revision, int latencyMs) {
    peer.protocolVersion = protocolVersion;
    peer.versionMajor = major;
    peer.versionMinor = minor;
    peer.versionRevision = revision;
    if (latencyMs >= 0) {
      peer.latencyMs = latencyMs;
    }
  }

  /**
   * Whether to send the peer a latency probe now: true at most once per {@link
   * #PROBE_INTERVAL_MILLIS} per peer (and the interval restarts).
   */
  public synchronized boolean shouldProbe(Peer peer, long now) {
    if (peer.lastProbe != Long.MIN_VALUE && now - peer.lastProbe < PROBE_INTERVAL_MILLIS) {
      return false;
    }
    peer.lastProbe = now;
    return true;
  }

  /** Records a measured round trip; the first one for a peer is published as presence. */
  public synchronized void measured(Peer peer, int latencyMs) {
    boolean first = peer.latencyMs < 0;
    peer.latencyMs = latencyMs;
    if (first && peers.get(peer.address()) == peer) {
      presence.changed(event(peer, true));
    }
  }

  /** The freshest path to the peer with {@code address}, or null. */
  public synchronized InetSocketAddress freshestPath(long address) {
    Peer peer = peers.get(address);
    return peer == null ? null : peer.freshestPath();
  }

  /**
   * Drops paths silent for {@link #PATH_EXPIRY_MILLIS} and the peers left without any; returns how
   * many peers went.
   */
  public synchronized int expire(long now) {
    long cutoff = now - PATH_EXPIRY_MILLIS;
    int removed = 0;
    // Peers are in last-heard order: only those not heard since the cutoff can lose every path.
    while (oldest != null && oldest.lastReceive < cutoff) {
      remove(oldest);
      removed++;
    }
    for (Peer peer = oldest; peer != null; peer = peer.newer) {
      if (peer.paths.removeIf(p -> p.lastReceive < cutoff)) {
        presence.changed(event(peer, true));
      }
    }
    return removed;
  }

  /** A consistent copy of every peer's public state, for the admin API. */
  public synchronized List<PeerView> snapshot() {
    List<PeerView> views = new ArrayList<>(peers.size());
    for (Peer peer = newest; peer != null; peer = peer.older) {
      views.add(
          new PeerView(
              peer.identity().address().toString(),
              peer.pathStrings(),
              peer.protocolVersion,
              peer.version(),
              peer.latencyMs,
              peer.lastReceive));
    }
    return views;
  }

  private void remove(Peer peer) {
    peers.remove(peer.address());
    unlink(peer);
    presence.changed(event(peer, false));
  }

  private PresenceEvent event(Peer peer, boolean online) {
    peer.lastPublished = peer.lastReceive;
    return new PresenceEvent(
        peer.identity().address().toString(),
        rootAddress,
        online,
        online ? peer.pathStrings() : List.of(),
        peer.protocolVersion,
        peer.version(),
        peer.latencyMs,
        peer.lastReceive);
  }

  private void linkNewest(Peer peer) {
    peer.older = newest;
    peer.newer = null;
    if (newest != null) {
      newest.newer = peer;
    }
    newest = peer;
    if (oldest == null) {
      oldest = peer;
    }
  }

  private void unlink(Peer peer) {
    if (peer.older != null) {
      peer.older.newer = peer.newer;
    } else if (oldest == peer) {
      oldest = peer.newer;
    }
    if (peer.newer != null) {
      peer.newer.older = peer.older;
    } else if (newest == peer) {
      newest = peer.older;
    }
    peer.older = null;
    peer.newer = null;
  }
}
