package dev.orbital.root.packet;

import dev.orbital.protocol.packet.Verb;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The root's Prometheus meters: packets in and out by verb, drops by reason, relayed packets and
 * bytes, rendezvous sent, peers online. Counters are created once, so counting is an array lookup.
 */
public final class RootMetrics {

  private final Counter[] in = new Counter[32];
  private final Counter[] out = new Counter[32];
  private final Counter[] drops = new Counter[DropReason.values().length];
  private final Counter relayedPackets;
  private final Counter relayedBytes;
  private final Counter relayedFragments;
  private final Counter rendezvous;
  private final Counter evictions;

  public RootMetrics(MeterRegistry registry) {
    for (int code = 0; code < 32; code++) {
      Verb verb = Verb.of(code);
      String tag = verb == null ? "unknown" : verb.name().toLowerCase(Locale.ROOT);
      in[code] = registry.counter("orbital.root.packets.in", "verb", tag);
      out[code] = registry.counter("orbital.root.packets.out", "verb", tag);
    }
    for (DropReason reason : DropReason.values()) {
      drops[reason.ordinal()] = registry.counter("orbital.root.drops", "reason", reason.tag());
    }
    relayedPackets = registry.counter("orbital.root.relayed.packets", "kind", "packet");
    relayedFragments = registry.counter("orbital.root.relayed.packets", "kind", "fragment");
    relayedBytes = registry.counter("orbital.root.relayed.bytes");
    rendezvous = registry.counter("orbital.root.rendezvous.sent");
    evictions = registry.counter("orbital.root.peers.evicted");
  }

  /** Registers the gauges read from live state. */
  public void gauges(MeterRegistry registry, Supplier<Number> peers, Supplier<Number> likes) {
    registry.gauge("orbital.root.peers.online", this, m -> peers.get().doubleValue());
    registry.gauge("orbital.root.multicast.subscriptions", this, m -> likes.get().doubleValue());
  }

  void in(int verbCode) {
    in[verbCode & 0x1f].increment();
  }

  void out(int verbCode) {
    out[verbCode & 0x1f].increment();
  }

  void drop(DropReason reason) {
    drops[reason.ordinal()].increment();
  }

  void relayed(int bytes, boolean fragment) {
    (fragment ? relayedFragments : relayedPackets).increment();
    relayedBytes.increment(bytes);
  }

  void rendezvous() {
    rendezvous.increment();
  }

  void evicted(long count) {
    evictions.increment(count);
  }

  public double drops(DropReason reason) {
    return drops[reason.ordinal()].count();
  }

  public double relayed() {
    return relayedPackets.count() + relayedFragments.count();
  }
}
