package dev.orbital.node.tap;

import dev.orbital.protocol.MacAddress;
import java.util.Set;

/** What a network's TAP interface should look like: applied by {@link TapConfigurator}. */
public record TapState(MacAddress mac, int mtu, Set<CidrAddress> addresses, Set<Route> routes) {

  /** The kernel refuses an MTU under 68 for IPv4; ZeroTier networks allow up to 10000. */
  public static final int MIN_MTU = 68;

  public static final int MAX_MTU = 10000;

  public TapState {
    if (mac == null) {
      throw new IllegalArgumentException("MAC is required");
    }
    if (mac.isMulticast()) {
      throw new IllegalArgumentException("interface MAC must be unicast: " + mac);
    }
    if (mtu < MIN_MTU || mtu > MAX_MTU) {
      throw new IllegalArgumentException("MTU must be " + MIN_MTU + "-" + MAX_MTU + ": " + mtu);
    }
    addresses = Set.copyOf(addresses);
    routes = Set.copyOf(routes);
  }

  /** The same interface with no addresses and no routes: what a refused network keeps. */
  public TapState withoutAddressesAndRoutes() {
    return new TapState(mac, mtu, Set.of(), Set.of());
  }
}
