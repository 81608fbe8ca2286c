package dev.orbital.node.tap;

import java.net.InetAddress;

/**
 * A route through the TAP interface: to {@code target} (host bits cleared), either on-link ({@code
 * via} null) or through the gateway {@code via}, with a metric (0 lets the kernel choose: 0 for
 * IPv4, 1024 for IPv6).
 */
public record Route(CidrAddress target, InetAddress via, int metric) {

  /** IPv6 routes added without a metric get this one. */
  static final int IPV6_DEFAULT_METRIC = 1024;

  public Route {
    if (target == null) {
      throw new IllegalArgumentException("route target is required");
    }
    target = target.network();
    if (via != null && via.getAddress().length != target.address().getAddress().length) {
      throw new IllegalArgumentException(
          "route to " + target + " via " + via.getHostAddress() + " mixes IPv4 and IPv6");
    }
    if (metric < 0) {
      throw new IllegalArgumentException("route metric must not be negative: " + metric);
    }
    if (metric == 0 && target.isIpv6()) {
      metric = IPV6_DEFAULT_METRIC;
    }
  }

  public static Route onLink(CidrAddress target) {
    return new Route(target, null, 0);
  }

  public static Route via(CidrAddress target, InetAddress gateway) {
    return new Route(target, gateway, 0);
  }

  @Override
  public String toString() {
    return target + (via == null ? "" : " via " + via.getHostAddress()) + " metric " + metric;
  }
}
