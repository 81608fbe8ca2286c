package dev.orbital.controller.ipam;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.netconf.NetworkAddresses;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * A member's managed addresses, as the stock controller computes them on every config request
 * ({@code EmbeddedNetworkController::_request}, spec §11.12), in stock's order:
 *
 * <ol>
 *   <li>RFC4193 and 6PLANE, when enabled and the member takes auto-assigned addresses;
 *   <li>the member's {@code ipAssignments} that some route contains, with the longest such route's
 *       prefix length (others stay assigned but are not sent);
 *   <li>one IPv6 pool address ({@code v6AssignMode.zt}) unless the member has a routed IPv6
 *       already: start + member address in the low 64 bits when the pool's low halves span at least
 *       2^40 − 1, otherwise random picks; it must lie in an on-link IPv6 route;
 *   <li>one IPv4 pool address ({@code v4AssignMode.zt}) unless the member has a routed IPv4
 *       already: counter = address &amp; 0xffffffff, ip = start + (counter mod (end − start)),
 *       counter + 1 per try, at most min(1000, end − start + 1) tries, never an address ending in
 *       .255 (nor, an Orbital addition, the network or broadcast address of its route), inside the
 *       first IPv4 route that contains it.
 * </ol>
 *
 * A pool address is never one in {@code allocated} (every address held in the network) nor one the
 * member already lists. At most {@link #MAX_STATIC_IPS} reach the config.
 */
public final class IpAssignmentService {

  /** ZT_MAX_ZT_ASSIGNED_ADDRESSES. */
  public static final int MAX_STATIC_IPS = 32;

  /** Tries per pool, as stock. */
  public static final int MAX_TRIES = 1000;

  /** A pool whose low 64 bits span this much takes start + member address without searching. */
  private static final long V6_DETERMINISTIC_SPAN = 0xff_ffff_ffffL;

  private final RandomGenerator random;

  public IpAssignmentService(RandomGenerator random) {
    this.random = random;
  }

  public IpAssignment assign(
      long networkId,
      Address member,
      AssignModes modes,
      List<IpPool> pools,
      List<ManagedRoute> routes,
      List<InetAddress> ipAssignments,
      boolean noAutoAssignIps,
      Set<InetAddress> allocated) {
    return assign(
        networkId,
        member,
        modes,
        pools,
        routes,
        ipAssignments,
        noAutoAssignIps,
        (Predicate<InetAddress>) allocated::contains);
  }

  /** As above, with {@code allocated} answering whether some member of the network holds an IP. */
  public IpAssignment assign(
      long networkId,
      Address member,
      AssignModes modes,
      List<IpPool> pools,
      List<ManagedRoute> routes,
      List<InetAddress> ipAssignments,
      boolean noAutoAssignIps,
      Predicate<InetAddress> allocated) {
    List<IpEndpoint> staticIps = new ArrayList<>();
    List<InetAddress> assignments = new ArrayList<>(ipAssignments);
    boolean ndp = false;
    if (!noAutoAssignIps) {
      if (modes.rfc4193()) {
        add(staticIps, NetworkAddresses.rfc4193(networkId, member));
        ndp = true;
      }
      if (modes.sixPlane()) {
        add(staticIps, NetworkAddresses.sixPlane(networkId, member));
        ndp = true;
      }
    }
    boolean haveV4 = false;
    boolean haveV6 = false;
    for (InetAddress ip : ipAssignments) {
      int bits = longestRouteContaining(routes, ip);
      if (bits >= 0) {
        add(staticIps, new IpEndpoint(ip, bits));
        haveV4 |= ip instanceof Inet4Address;
        haveV6 |= ip instanceof Inet6Address;
      }
    }
    if (modes.v6Zt() && !haveV6 && !noAutoAssignIps) {
      for (IpPool pool : pools) {
        if (!pool.isV4()) {
          IpEndpoint picked = pickV6(pool, member, routes, assignments, allocated);
          if (picked != null) {
            assignments.add(picked.ip());
            add(staticIps, picked);
            break;
          }
        }
      }
    }
    if (modes.v4Zt() && !haveV4 && !noAutoAssignIps) {
      for (IpPool pool : pools) {
        if (pool.isV4()) {
          IpEndpoint picked = pickV4(pool, member, routes, assignments, allocated);
          if (picked != null) {
            assignments.add(picked.ip());
            add(staticIps, picked);
            break;
          }
        }
      }
    }
    return new IpAssignment(staticIps, assignments, ndp);
  }

  private static void add(List<IpEndpoint> staticIps, IpEndpoint ip) {
    if (staticIps.size() < MAX_STATIC_IPS) {
      staticIps.add(ip);
    }
  }

  private static int longestRouteContaining(List<ManagedRoute> routes, InetAddress ip) {
    int bits = -1;
    for (ManagedRoute route : routes) {
      if (route.target().contains(ip)) {
        bits = Math.max(bits, route.target().bits());
      }
    }
    return bits;
  }

  private static IpEndpoint pickV4(
      IpPool pool,
      Address member,
      List<ManagedRoute> routes,
      List<InetAddress> assignments,
      Predicate<InetAddress> allocated) {
    long start = IpAddresses.toLong((Inet4Address) pool.start());
    long end = IpAddresses.toLong((Inet4Address) pool.end());
    if (end < start || start == 0) {
      return null;
    }
    long length = end - start;
    long counter = member.value() & 0xffff_ffffL;
    long tries = Math.min(MAX_TRIES, length + 1);
    for (long trial = 0; trial < tries; trial++, counter = (counter + 1) & 0xffff_ffffL) {
      long ip = length > 0 ? start + counter % length : start;
      if ((ip & 0xff) == 0xff) {
        continue;
      }
      Inet4Address candidate = IpAddresses.ipv4(ip);
      ManagedRoute route = firstV4RouteContaining(routes, candidate);
      if (route == null
          || route.target().bits() == 0
          || isNetworkOrBroadcast(ip, route.target().bits())
          || allocated.test(candidate)
          || assignments.contains(candidate)) {
        continue;
      }
      return new IpEndpoint(candidate, route.target().bits());
    }
    return null;
  }

  private static ManagedRoute firstV4RouteContaining(List<ManagedRoute> routes, InetAddress ip) {
    for (ManagedRoute route : routes) {
      if (route.target().isV4() && route.target().contains(ip)) {
        return route;
      }
    }
    return null;
  }

  private static boolean isNetworkOrBroadcast(long ip, int bits) {
    if (bits > 30) {
      return false;
    }
    long hostMask = (1L << (32 - bits)) - 1;
    return (ip & hostMask) == 0 || (ip & hostMask) == hostMask;
  }

  private IpEndpoint pickV6(
      IpPool pool,
      Address member,
      List<ManagedRoute> routes,
      List<InetAddress> assignments,
      Predicate<InetAddress> allocated) {
    ByteBuffer s = ByteBuffer.wrap(pool.start().getAddress());
    ByteBuffer e = ByteBuffer.wrap(pool.end().getAddress());
    long s0 = s.getLong();
    long s1 = s.getLong();
    long e0 = e.getLong();
    long e1 = e.getLong();
    for (int trial = 0; trial < MAX_TRIES; trial++) {
      long x0;
      long x1;
      if (trial == 0
          && Long.compareUnsigned(e1, s1) > 0
          && Long.compareUnsigned(e1 - s1, V6_DETERMINISTIC_SPAN) >= 0) {
        x0 = s0;
        x1 = s1 + member.value();
      } else {
        x0 = s0 + (Long.compareUnsigned(e0, s0) > 0 ? remainder(random.nextLong(), e0 - s0) : 0);
        x1 = s1 + (Long.compareUnsigned(e1, s1) > 0 ? remainder(random.nextLong(), e1 - s1) : 0);
      }
      InetAddress candidate =
          IpAddresses.fromBytes(ByteBuffer.allocate(16).putLong(x0).putLong(x1).array());
      int bits = lastOnLinkV6RouteContaining(routes, candidate);
      if (bits > 0 && !allocated.test(candidate) && !assignments.contains(candidate)) {
        return new IpEndpoint(candidate, bits);
      }
    }
    return null;
  }

  private static long remainder(long value, long divisor) {
    return Long.remainderUnsigned(value, divisor);
  }

  private static int lastOnLinkV6RouteContaining(List<ManagedRoute> routes, InetAddress ip) {
    int bits = 0;
    for (ManagedRoute route : routes) {
      if (route.onLink() && !route.target().isV4() && route.target().contains(ip)) {
        bits = route.target().bits();
      }
    }
    return bits;
  }
}
