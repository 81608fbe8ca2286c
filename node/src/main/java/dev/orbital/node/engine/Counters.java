package dev.orbital.node.engine;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/** Packet, frame and drop counters, written by the engine and readable from any thread. */
public final class Counters {

  /** What was moved, as opposed to dropped. */
  public enum Traffic {
    DATAGRAMS_IN,
    DATAGRAMS_OUT,
    PACKETS_IN,
    PACKETS_OUT,
    FRAMES_FROM_TAP,
    FRAMES_TO_TAP,
    FRAMES_SENT,
    MULTICASTS_SENT
  }

  private final AtomicLongArray drops = new AtomicLongArray(Drop.values().length);
  private final AtomicLongArray traffic = new AtomicLongArray(Traffic.values().length);

  public void drop(Drop reason) {
    drops.incrementAndGet(reason.ordinal());
  }

  public void count(Traffic what) {
    traffic.incrementAndGet(what.ordinal());
  }

  public long drops(Drop reason) {
    return drops.get(reason.ordinal());
  }

  public long traffic(Traffic what) {
    return traffic.get(what.ordinal());
  }

  /** Every counter by its lower-case name, drops prefixed {@code dropped_}. */
  public Map<String, Long> snapshot() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Traffic what : Traffic.values()) {
      out.put(what.name().toLowerCase(Locale.ROOT), traffic(what));
    }
    for (Drop reason : Drop.values()) {
      out.put("dropped_" + reason.name().toLowerCase(Locale.ROOT), drops(reason));
    }
    return out;
  }
}
