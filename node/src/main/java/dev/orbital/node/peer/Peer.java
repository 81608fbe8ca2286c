package dev.orbital.node.peer;

import dev.orbital.node.transport.Transport;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.crypto.SymmetricKey;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.packet.Armor;
import dev.orbital.protocol.packet.CipherSuite;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A node we talk to: its identity, the key agreed with it (computed once), what it said about its
 * version, and its physical paths. Touched only by the engine thread.
 */
public final class Peer {

  /** Paths kept per peer; more would only be NAT churn. */
  public static final int MAX_PATHS = 4;

  /** Versions we have not heard yet. */
  public static final int UNKNOWN = -1;

  private final Identity identity;
  private final Armor armor;
  private final boolean root;
  private final List<PeerPath> paths = new ArrayList<>(MAX_PATHS);
  private int protocolVersion;
  private int majorVersion = UNKNOWN;
  private int minorVersion = UNKNOWN;
  private int revision = UNKNOWN;
  private int latency = UNKNOWN;
  private long lastReceive;
  private long lastHelloSent;
  private long lastEchoSent;
  private long lastWhoisAnswered;

  public Peer(Identity identity, SymmetricKey key, boolean root) {
    this.identity = identity.toPublic();
    this.armor = new Armor(key);
    this.root = root;
  }

  public Address address() {
    return identity.address();
  }

  public Identity identity() {
    return identity;
  }

  public Armor armor() {
    return armor;
  }

  public boolean isRoot() {
    return root;
  }

  /** Cipher 3 once the peer said it speaks protocol 12 or later, Salsa20/12 before. */
  public CipherSuite cipher() {
    return CipherSuite.forEncryptionTo(protocolVersion);
  }

  public int protocolVersion() {
    return protocolVersion;
  }

  public void versions(int protocol, int major, int minor, int rev) {
    protocolVersion = protocol;
    majorVersion = major;
    minorVersion = minor;
    revision = rev;
  }

  /** {@code major.minor.revision}, or {@code -}. */
  public String version() {
    return majorVersion < 0 ? "-" : majorVersion + "." + minorVersion + "." + revision;
  }

  public int latency() {
    return latency;
  }

  public void latency(int millis) {
    latency = millis;
  }

  public long lastReceive() {
    return lastReceive;
  }

  public void received(long now) {
    lastReceive = now;
  }

  public long lastHelloSent() {
    return lastHelloSent;
  }

  public void helloSent(long now) {
    lastHelloSent = now;
  }

  public long lastEchoSent() {
    return lastEchoSent;
  }

  public void echoSent(long now) {
    lastEchoSent = now;
  }

  /** Rate limit for answering WHOIS (ZT_PEER_WHOIS_RATE_LIMIT, 100 ms). */
  public boolean mayAnswerWhois(long now) {
    if (now - lastWhoisAnswered < 100) {
      return false;
    }
    lastWhoisAnswered = now;
    return true;
  }

  public List<PeerPath> paths() {
    return paths;
  }

  public PeerPath path(Transport via, InetSocketAddress endpoint) {
    for (PeerPath path : paths) {
      if (path.is(via, endpoint)) {
        return path;
      }
    }
    return null;
  }

  /** The path for {@code endpoint}, added (evicting the stalest) if new. */
  public PeerPath addPath(Transport via, InetSocketAddress endpoint) {
    PeerPath existing = path(via, endpoint);
    if (existing != null) {
      return existing;
    }
    if (paths.size() >= MAX_PATHS) {
      PeerPath stalest = paths.get(0);
      for (PeerPath path : paths) {
        if (path.lastReceive() < stalest.lastReceive()) {
          stalest = path;
        }
      }
      paths.remove(stalest);
    }
    PeerPath path = new PeerPath(via, endpoint);
    paths.add(path);
    return path;
  }

  /** The alive path heard from most recently, or null. */
  public PeerPath bestPath(long now) {
    PeerPath best = null;
    for (PeerPath path : paths) {
      if (path.alive(now) && (best == null || path.lastReceive() > best.lastReceive())) {
        best = path;
      }
    }
    return best;
  }

  public void expirePaths(long now) {
    paths.removeIf(path -> path.expired(now));
  }

  @Override
  public String toString() {
    return "Peer[" + address() + (root ? ", root" : "") + ", paths=" + paths + "]";
  }
}
