package dev.orbital.root.peer;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Admits at most one new identity's memory-hard validation per source network per interval, as
 * stock roots do (one per 2 s per IPv4 /24; here also per IPv6 /64), so a flood of fabricated
 * identities cannot exhaust the CPU. Not thread-safe: the packet thread owns it.
 */
public final class ValidationRateLimiter {

  /**
   * Buckets held at most; past it, stale ones are swept and, if still full, nothing is admitted.
   */
  static final int MAX_BUCKETS = 1 << 20;

  private final long intervalMillis;
  private final Map<Long, Long> lastAdmitted = new HashMap<>();

  public ValidationRateLimiter(long intervalMillis) {
    this.intervalMillis = intervalMillis;
  }

  /** True (and the network's clock restarts) if a validation from {@code source} may run now. */
  public boolean tryAdmit(InetAddress source, long now) {
    long bucket = bucket(source);
    Long last = lastAdmitted.get(bucket);
    if (last != null && now - last < intervalMillis) {
      return false;
    }
    if (last == null && lastAdmitted.size() >= MAX_BUCKETS) {
      expire(now);
      if (lastAdmitted.size() >= MAX_BUCKETS) {
        return false;
      }
    }
    lastAdmitted.put(bucket, now);
    return true;
  }

  /** Forgets networks whose interval has passed. */
  public void expire(long now) {
    lastAdmitted.values().removeIf(last -> now - last >= intervalMillis);
  }

  /** IPv4: the /24 (top bit clear); IPv6: the /64 (top bit set). */
  static long bucket(InetAddress address) {
    byte[] raw = address.getAddress();
    long value = 0;
    if (raw.length == 4) {
      return ((raw[0] & 0xffL) << 16) | ((raw[1] & 0xffL) << 8) | (raw[2] & 0xffL);
    }
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (raw[i] & 0xffL);
    }
    return value | Long.MIN_VALUE;
  }
}
