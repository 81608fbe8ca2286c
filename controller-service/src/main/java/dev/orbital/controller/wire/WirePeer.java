package dev.orbital.controller.wire;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.packet.Armor;
import java.net.InetSocketAddress;

/**
 * A peer the controller knows: its identity, the key it shares with it, and where it was last heard
 * directly (hops 0) and through a relay. Owned by the packet thread.
 */
final class WirePeer {

  /** A direct path unheard this long gives way to the relay (ZT_PEER_PATH_EXPIRATION, ~243 s). */
  static final long DIRECT_PATH_EXPIRY_MILLIS = 243_000;

  private final Identity identity;
  private final Armor armor;
  private final Upstream upstream;
  private int protocolVersion;
  private InetSocketAddress direct;
  private long directAt;
  private InetSocketAddress relay;
  private long lastHeard;
  private long lastHelloSent = Long.MIN_VALUE / 2;
  private long lastOkHello = Long.MIN_VALUE / 2;

  WirePeer(Identity identity, Armor armor, Upstream upstream, long now) {
    this.identity = identity.toPublic();
    this.armor = armor;
    this.upstream = upstream;
    this.lastHeard = now;
  }

  Identity identity() {
    return identity;
  }

  Address address() {
    return identity.address();
  }

  Armor armor() {
    return armor;
  }

  /** The root this peer is, or null for an ordinary node. */
  Upstream upstream() {
    return upstream;
  }

  boolean isRoot() {
    return upstream != null;
  }

  int protocolVersion() {
    return protocolVersion;
  }

  void announced(int version) {
    protocolVersion = version;
  }

  /** A packet from the peer came in on {@code from}, directly if {@code hops} is 0. */
  void heard(InetSocketAddress from, int hops, long now) {
    lastHeard = now;
    if (hops == 0) {
      direct = from;
      directAt = now;
    } else {
      relay = from;
    }
  }

  long lastHeard() {
    return lastHeard;
  }

  /** Where to send: a fresh direct path, else the relay it was last heard through, else null. */
  InetSocketAddress path(long now) {
    if (direct != null && (relay == null || now - directAt < DIRECT_PATH_EXPIRY_MILLIS)) {
      return direct;
    }
    if (relay != null) {
      return relay;
    }
    return upstream == null ? null : upstream.endpoints().get(0);
  }

  void helloSent(long now) {
    lastHelloSent = now;
  }

  long lastHelloSent() {
    return lastHelloSent;
  }

  void okHello(long now) {
    lastOkHello = now;
  }

  long lastOkHello() {
    return lastOkHello;
  }
}
