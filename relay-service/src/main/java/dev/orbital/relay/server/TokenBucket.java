package dev.orbital.relay.server;

/**
 * A token bucket: {@code burst} datagrams at once, refilled at {@code perSecond}. Thread-safe (a
 * source IP's bucket is shared by its connections, which may run on different event loops).
 */
final class TokenBucket {

  private final double perMilli;
  private final double burst;
  private double tokens;
  private long last;

  TokenBucket(int perSecond, int burst, long nowMillis) {
    this.perMilli = perSecond / 1000.0;
    this.burst = burst;
    this.tokens = burst;
    this.last = nowMillis;
  }

  /** Takes one token if there is one. */
  synchronized boolean tryTake(long nowMillis) {
    refill(nowMillis);
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }

  /** Whether the bucket has refilled completely (forgetting it then loses nothing). */
  synchronized boolean isFull(long nowMillis) {
    refill(nowMillis);
    return tokens >= burst;
  }

  private void refill(long nowMillis) {
    if (nowMillis > last) {
      tokens = Math.min(burst, tokens + (nowMillis - last) * perMilli);
      last = nowMillis;
    }
  }
}
