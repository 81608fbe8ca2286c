package dev.orbital.root.peer;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * A token bucket per source network (IPv4 /24, IPv6 /64) for new identities' memory-hard
 * validations: up to {@code burst} at once, then one per {@code intervalMillis}. Stock roots admit
 * one per 2 s per /24, which makes the tenth host behind one NAT wait 20 s; a burst lets an
 * office's hosts in together while a flood of fabricated identities from one network still costs
 * one check per interval once its burst is spent. Not thread-safe: the packet thread owns it.
 *
 * <p>Each bucket is one number, the time at which it is full again ({@code full}); a check takes a
 * token by moving that time one interval on, and is refused when that would put it more than {@code
 * burst} intervals ahead of now.
 */
public final class ValidationRateLimiter {

  /** Buckets held at most; past it, full ones are swept and, if still full, nothing is admitted. */
  static final int MAX_BUCKETS = 1 << 20;

  private final long intervalMillis;
  private final long burstMillis;
  private final Map<Long, Long> full = new HashMap<>();

  /**
   * @param intervalMillis one token comes back this often
   * @param burst tokens a bucket holds, at least 1 (1 is stock's behaviour)
   */
  public ValidationRateLimiter(long intervalMillis, int burst) {
    if (burst < 1) {
      throw new IllegalArgumentException("burst " + burst + " (expected: 1+)");
    }
    this.intervalMillis = intervalMillis;
    this.burstMillis = burst * intervalMillis;
  }

  /** True (and a token is taken) if a validation from {@code source} may run now. */
  public boolean tryAdmit(InetAddress source, long now) {
    long bucket = bucket(source);
    Long fullAt = full.get(bucket);
    long from = fullAt == null ? now : Math.max(fullAt, now);
    if (from + intervalMillis - now > burstMillis) {
      return false;
    }
    if (fullAt == null && full.size() >= MAX_BUCKETS) {
      expire(now);
      if (full.size() >= MAX_BUCKETS) {
        return false;
      }
    }
    full.put(bucket, from + intervalMillis);
    return true;
  }

  /** Forgets networks whose bucket is full again. */
  public void expire(long now) {
    full.values().removeIf(fullAt -> fullAt <= now);
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
