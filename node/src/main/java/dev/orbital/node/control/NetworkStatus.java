package dev.orbital.node.control;

import java.util.List;

/**
 * One joined network, as {@code GET /network/<nwid>} shows it.
 *
 * @param id the 16-hex-digit network ID
 * @param name the name from the config, empty until one arrives
 * @param state where joining stands
 * @param type {@code PRIVATE} or {@code PUBLIC}
 * @param mac this node's MAC on the network, {@code aa:bb:cc:dd:ee:ff}
 * @param mtu the device MTU
 * @param portDeviceName the TAP device's name, empty while there is none
 * @param assignedAddresses CIDR strings, e.g. {@code 10.147.17.5/24}
 * @param routes the managed routes
 * @param netconfRevision the revision of the config in force, 0 before the first
 */
public record NetworkStatus(
    String id,
    String name,
    NetworkState state,
    String type,
    String mac,
    int mtu,
    String portDeviceName,
    List<String> assignedAddresses,
    List<RouteStatus> routes,
    long netconfRevision) {

  public NetworkStatus {
    assignedAddresses = List.copyOf(assignedAddresses);
    routes = List.copyOf(routes);
  }

  /** A managed route: {@code target} in CIDR form, {@code via} empty for an on-link route. */
  public record RouteStatus(String target, String via) {}
}
