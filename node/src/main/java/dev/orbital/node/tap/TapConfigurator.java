package dev.orbital.node.tap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Brings a TAP interface to a {@link TapState} and can be re-run after every config update: it sets
 * the MAC and MTU, brings the interface up, then adds the missing addresses and routes and removes
 * the stale ones, leaving everything else alone.
 *
 * <p>MAC, MTU and up go through ioctls on the device. Addresses and routes go through iproute2's
 * {@code ip} command: it is on every host and in the node image, it speaks rtnetlink correctly
 * across kernel versions, its errors are the ones operators know, and {@code ip -j} gives the
 * current state as JSON to diff against. Writing rtnetlink by hand would save a fork per change,
 * but changes happen only on config updates.
 *
 * <p>What is "ours": addresses are added with {@code noprefixroute} so the kernel adds no route of
 * its own, and every route is added with protocol {@link #ROUTE_PROTOCOL}; only routes with that
 * protocol on this interface are ever removed. Every address on the interface except IPv6
 * link-local ones (which the kernel manages) is the config's, so stale ones are removed. Routes
 * therefore come only from the network config, as the controller's managed routes say.
 */
public final class TapConfigurator {

  /** The rtnetlink route protocol (rtm_protocol) marking routes Orbital added; unassigned. */
  public static final int ROUTE_PROTOCOL = 77;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final TapDevice device;
  private final IpCommand ip;

  public TapConfigurator(TapDevice device) {
    this(device, "ip");
  }

  /** With another {@code ip} executable (a full path, for instance). */
  public TapConfigurator(TapDevice device, String ipExecutable) {
    this.device = device;
    this.ip = new IpCommand(ipExecutable, device.name());
  }

  /** Applies the state; a failure names the interface and the step that failed. */
  public void apply(TapState state) throws TapException {
    device.setMac(state.mac());
    device.setMtu(state.mtu());
    device.setUp(true);
    reconcileAddresses(state.addresses());
    reconcileRoutes(state.routes());
  }

  /** The addresses on the interface, IPv6 link-local ones left out. */
  public Set<CidrAddress> addresses() throws TapException {
    Set<CidrAddress> addresses = allAddresses();
    addresses.removeIf(CidrAddress::isLinkLocal);
    return addresses;
  }

  private Set<CidrAddress> allAddresses() throws TapException {
    String out = ip.run("list addresses", "-j", "address", "show", "dev", device.name());
    Set<CidrAddress> addresses = new LinkedHashSet<>();
    for (JsonNode link : parse(out, "list addresses")) {
      for (JsonNode info : link.path("addr_info")) {
        String family = info.path("family").asText();
        if (!family.equals("inet") && !family.equals("inet6")) {
          continue;
        }
        try {
          addresses.add(
              new CidrAddress(
                  CidrAddress.literal(info.path("local").asText(), info.toString()),
                  info.path("prefixlen").asInt()));
        } catch (IllegalArgumentException e) {
          throw new TapException(device.name(), "list addresses", "unreadable address " + info, e);
        }
      }
    }
    return addresses;
  }

  /** The routes on the interface that carry {@link #ROUTE_PROTOCOL}, IPv4 and IPv6. */
  public Set<Route> routes() throws TapException {
    Set<Route> routes = new LinkedHashSet<>();
    for (String family : List.of("-4", "-6")) {
      String out =
          ip.run(
              "list routes",
              "-j",
              family,
              "route",
              "show",
              "table",
              "main",
              "dev",
              device.name(),
              "proto",
              Integer.toString(ROUTE_PROTOCOL));
      for (JsonNode route : parse(out, "list routes")) {
        routes.add(readRoute(route, family));
      }
    }
    return routes;
  }

  private Route readRoute(JsonNode route, String family) throws TapException {
    try {
      String dst = route.path("dst").asText();
      CidrAddress target =
          dst.equals("default")
              ? CidrAddress.parse(family.equals("-4") ? "0.0.0.0/0" : "::/0")
              : CidrAddress.parse(dst);
      InetAddress via =
          route.has("gateway")
              ? CidrAddress.literal(route.path("gateway").asText(), route.toString())
              : null;
      return new Route(target, via, route.path("metric").asInt(0));
    } catch (IllegalArgumentException e) {
      throw new TapException(device.name(), "list routes", "unreadable route " + route, e);
    }
  }

  private void reconcileAddresses(Set<CidrAddress> wanted) throws TapException {
    Set<CidrAddress> current = allAddresses();
    Set<CidrAddress> stale = difference(current, wanted);
    stale.removeIf(CidrAddress::isLinkLocal);
    for (CidrAddress address : stale) {
      ip.run(
          "remove address " + address, "address", "del", address.toString(), "dev", device.name());
    }
    for (CidrAddress missing : difference(wanted, current)) {
      List<String> args = new ArrayList<>();
      args.addAll(List.of("address", "add", missing.toString(), "dev", device.name()));
      args.add("noprefixroute");
      if (missing.isIpv6()) {
        // No duplicate address detection: the address is the node's by the controller's say, and
        // DAD would hold it tentative (unusable) for a second or more after every join.
        args.add("nodad");
      }
      ip.run("add address " + missing, args.toArray(String[]::new));
    }
  }

  private void reconcileRoutes(Set<Route> wanted) throws TapException {
    Set<Route> current = routes();
    for (Route stale : ordered(difference(current, wanted), true)) {
      ip.run("remove route " + stale, routeArgs("del", stale));
    }
    for (Route missing : ordered(difference(wanted, current), false)) {
      ip.run("add route " + missing, routeArgs("add", missing));
    }
  }

  /** Gateway routes go before on-link ones when removing, after them when adding. */
  private static List<Route> ordered(Set<Route> routes, boolean gatewaysFirst) {
    List<Route> ordered = new ArrayList<>(routes);
    ordered.sort(Comparator.comparing(route -> (route.via() != null) != gatewaysFirst));
    return ordered;
  }

  private String[] routeArgs(String verb, Route route) {
    List<String> args = new ArrayList<>();
    args.add(route.target().isIpv6() ? "-6" : "-4");
    args.addAll(List.of("route", verb, route.target().toString()));
    if (route.via() != null) {
      args.addAll(List.of("via", route.via().getHostAddress()));
      if (verb.equals("add")) {
        // A gateway of a network route is always reached through this interface, whether or not
        // an on-link route covers it (addresses add none of their own: noprefixroute).
        args.add("onlink");
      }
    }
    args.addAll(
        List.of(
            "dev",
            device.name(),
            "table",
            "main",
            "proto",
            Integer.toString(ROUTE_PROTOCOL),
            "metric",
            Integer.toString(route.metric())));
    return args.toArray(String[]::new);
  }

  private JsonNode parse(String out, String operation) throws TapException {
    if (out.isBlank()) {
      return JSON.createArrayNode();
    }
    try {
      return JSON.readTree(out);
    } catch (IOException e) {
      throw new TapException(device.name(), operation, "unreadable ip -j output: " + out, e);
    }
  }

  private static <T> Set<T> difference(Set<T> a, Set<T> b) {
    Set<T> result = new HashSet<>(a);
    result.removeAll(b);
    return result;
  }
}
