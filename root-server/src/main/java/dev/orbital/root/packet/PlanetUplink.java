package dev.orbital.root.packet;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.crypto.SymmetricKey;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.packet.Armor;
import dev.orbital.protocol.world.World;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A moon root's standing with the roots of its planet. A stock moon root is an ordinary peer of the
 * planet: it HELLOs the planet's roots and keeps doing so, so that they know its identity (for a
 * node's WHOIS when it orbits the moon by ID and seed) and its path (to relay that node's first
 * HELLO to it). Per planet root: the key agreed with it, its stable endpoints, when we last sent a
 * HELLO and when it last answered.
 */
final class PlanetUplink {

  /** A HELLO to each planet root this often once it answers (stock's ZT_PEER_PING_PERIOD). */
  static final long KEEPALIVE_MILLIS = 60_000;

  /** Until a planet root answers, a HELLO this often. */
  static final long RETRY_MILLIS = 5_000;

  /** One planet root, as this moon root sees it. */
  static final class Root {
    private final Identity identity;
    private final Armor armor;
    private final List<InetSocketAddress> endpoints;
    private long lastHelloSent = Long.MIN_VALUE / 2;
    private long lastAnswer = Long.MIN_VALUE / 2;
    private int protocolVersion;
    private int latencyMs = -1;

    private Root(Identity identity, Armor armor, List<InetSocketAddress> endpoints) {
      this.identity = identity;
      this.armor = armor;
      this.endpoints = endpoints;
    }

    Address address() {
      return identity.address();
    }

    Armor armor() {
      return armor;
    }

    List<InetSocketAddress> endpoints() {
      return endpoints;
    }

    int protocolVersion() {
      return protocolVersion;
    }

    int latencyMs() {
      return latencyMs;
    }

    /** Whether it answered a HELLO within the last keepalive period and a half. */
    boolean answering(long now) {
      return now - lastAnswer < KEEPALIVE_MILLIS * 3 / 2;
    }

    boolean helloDue(long now) {
      long interval = answering(now) ? KEEPALIVE_MILLIS : RETRY_MILLIS;
      return now - lastHelloSent >= interval;
    }

    void helloSent(long now) {
      lastHelloSent = now;
    }

    void answered(int version, long helloTimestamp, long now) {
      lastAnswer = now;
      protocolVersion = version;
      long rtt = now - helloTimestamp;
      if (rtt >= 0 && rtt < KEEPALIVE_MILLIS) {
        latencyMs = (int) rtt;
      }
    }
  }

  /** Identities learned from the planet's OK(WHOIS), held at most (least recently used goes). */
  static final int MAX_LEARNED_IDENTITIES = 4096;

  private final World planet;
  private final List<Root> roots;
  private final Map<Long, Identity> learned =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Identity> eldest) {
          return size() > MAX_LEARNED_IDENTITIES;
        }
      };

  private PlanetUplink(World planet, List<Root> roots) {
    this.planet = planet;
    this.roots = roots;
  }

  /** The uplink of {@code self} to every root of {@code planet} it can agree a key with. */
  static PlanetUplink of(Identity self, World planet) {
    List<Root> roots = new ArrayList<>();
    for (World.Root root : planet.roots()) {
      if (root.identity().address().equals(self.address())) {
        continue;
      }
      SymmetricKey key = self.agree(root.identity()).orElse(null);
      if (key == null) {
        continue;
      }
      List<InetSocketAddress> endpoints = new ArrayList<>();
      for (IpEndpoint endpoint : root.stableEndpoints()) {
        endpoints.add(endpoint.toSocketAddress());
      }
      roots.add(new Root(root.identity(), new Armor(key), List.copyOf(endpoints)));
    }
    return new PlanetUplink(planet, List.copyOf(roots));
  }

  World planet() {
    return planet;
  }

  List<Root> roots() {
    return roots;
  }

  /** The planet root with that address, or null. */
  Root root(long address) {
    for (Root root : roots) {
      if (root.address().value() == address) {
        return root;
      }
    }
    return null;
  }

  /** The planet root to hand what we cannot place to: one that answers, else the first. */
  Root upstream(long now) {
    for (Root root : roots) {
      if (root.answering(now)) {
        return root;
      }
    }
    return roots.isEmpty() ? null : roots.get(0);
  }

  /** An identity a planet root told us (OK(WHOIS)), or null. */
  Identity learned(long address) {
    return learned.get(address);
  }

  /** Keeps an identity a planet root told us, for the next node that asks. */
  void learn(Identity identity) {
    learned.put(identity.address().value(), identity);
  }

  /** How many planet roots answered lately. */
  int answering(long now) {
    int n = 0;
    for (Root root : roots) {
      if (root.answering(now)) {
        n++;
      }
    }
    return n;
  }
}
