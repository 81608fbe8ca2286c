package dev.orbital.relay.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * What the connections of one source IP share: a cap on how many may be open at once ({@code
 * max-connections-per-ip}) and one newcomer budget ({@code newcomer.per-ip-packets-per-second}), so
 * that opening more connections buys no more non-member traffic. An IPv6 client counts by its /64,
 * the block one subscriber usually holds. A source's entry outlives its last connection until its
 * budget has refilled, so reconnecting does not refill it either.
 */
final class SourceIps {

  /** One source's share. */
  static final class Share {
    private final TokenBucket budget;
    private int connections;

    private Share(TokenBucket budget) {
      this.budget = budget;
    }

    TokenBucket budget() {
      return budget;
    }
  }

  private static final int IPV6_PREFIX_BYTES = 8;

  private final int maxConnections;
  private final int packetsPerSecond;
  private final int burst;
  private final Map<InetAddress, Share> bySource = new HashMap<>();

  SourceIps(int maxConnections, int packetsPerSecond, int burst) {
    this.maxConnections = maxConnections;
    this.packetsPerSecond = packetsPerSecond;
    this.burst = burst;
  }

  /** A share for one more connection from {@code ip}; null when that source is at its cap. */
  synchronized Share acquire(InetAddress ip, long nowMillis) {
    InetAddress source = sourceOf(ip);
    Share share =
        bySource.computeIfAbsent(
            source, s -> new Share(new TokenBucket(packetsPerSecond, burst, nowMillis)));
    if (share.connections >= maxConnections) {
      return null;
    }
    share.connections++;
    return share;
  }

  synchronized void release(Share share) {
    share.connections = Math.max(0, share.connections - 1);
  }

  /** Forgets sources without connections whose budget has refilled. */
  synchronized void sweep(long nowMillis) {
    bySource.values().removeIf(s -> s.connections == 0 && s.budget.isFull(nowMillis));
  }

  synchronized int sources() {
    return bySource.size();
  }

  /** The IP itself, or for IPv6 its /64. */
  static InetAddress sourceOf(InetAddress ip) {
    if (!(ip instanceof Inet6Address)) {
      return ip;
    }
    byte[] bytes = Arrays.copyOf(ip.getAddress(), 16);
    Arrays.fill(bytes, IPV6_PREFIX_BYTES, bytes.length, (byte) 0);
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("16 bytes are an IPv6 address", e);
    }
  }
}
