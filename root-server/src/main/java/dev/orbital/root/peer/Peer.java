package dev.orbital.root.peer;

import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.packet.Armor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A node this root knows: its identity, the armor keyed with it (used by the packet thread only),
 * what it announced in its last HELLO, and its physical paths. Mutated only under the {@link
 * PeerDirectory}'s lock.
 */
public final class Peer {

  /** A physical address the peer was heard from, with when. */
  public static final class Path {
    final InetSocketAddress address;
    long lastReceive;

    Path(InetSocketAddress address, long lastReceive) {
      this.address = address;
      this.lastReceive = lastReceive;
    }

    public InetSocketAddress address() {
      return address;
    }

    public long lastReceive() {
      return lastReceive;
    }
  }

  private final Identity identity;
  private final long address;
  private final Armor armor;
  final List<Path> paths = new ArrayList<>(2);
  long lastReceive;
  int protocolVersion;
  int versionMajor;
  int versionMinor;
  int versionRevision;
  int latencyMs = -1;
  long lastProbe = Long.MIN_VALUE;

  /** The {@code lastSeen} of the last presence event about this peer. */
  long lastPublished = NEVER_PUBLISHED;

  static final long NEVER_PUBLISHED = Long.MIN_VALUE;

  // Least-recently-heard order, for eviction and expiry (PeerDirectory's intrusive list).
  Peer older;
  Peer newer;

  Peer(Identity identity, Armor armor, long now) {
    this.identity = identity;
    this.address = identity.address().value();
    this.armor = armor;
    this.lastReceive = now;
  }

  public Identity identity() {
    return identity;
  }

  public long address() {
    return address;
  }

  /** Armor under the key agreed with this peer; not thread-safe, the packet thread's alone. */
  public Armor armor() {
    return armor;
  }

  public int protocolVersion() {
    return protocolVersion;
  }

  public String version() {
    return versionMajor + "." + versionMinor + "." + versionRevision;
  }

  public int latencyMs() {
    return latencyMs;
  }

  public long lastReceive() {
    return lastReceive;
  }

  /** The freshest path, or null when all have expired. */
  public InetSocketAddress freshestPath() {
    Path best = null;
    for (Path path : paths) {
      if (best == null || path.lastReceive > best.lastReceive) {
        best = path;
      }
    }
    return best == null ? null : best.address;
  }

  /** Paths as {@code ip/port}, freshest first. */
  public List<String> pathStrings() {
    List<Path> sorted = new ArrayList<>(paths);
    sorted.sort((a, b) -> Long.compare(b.lastReceive, a.lastReceive));
    List<String> out = new ArrayList<>(sorted.size());
    for (Path path : sorted) {
      out.add(path.address.getAddress().getHostAddress() + "/" + path.address.getPort());
    }
    return out;
  }

  /** The paths' addresses, freshest first. */
  public List<InetSocketAddress> pathAddresses() {
    List<Path> sorted = new ArrayList<>(paths);
    sorted.sort((a, b) -> Long.compare(b.lastReceive, a.lastReceive));
    List<InetSocketAddress> out = new ArrayList<>(sorted.size());
    for (Path path : sorted) {
      out.add(path.address);
    }
    return out;
  }
}
