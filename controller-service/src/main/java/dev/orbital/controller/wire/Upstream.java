package dev.orbital.controller.wire;

import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.world.World;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A root the controller HELLOs and relays through: its public identity and the endpoints it listens
 * on. Roots come from planet or moon files (World binary) or from {@code identity@ip/port} text.
 */
public record Upstream(Identity identity, List<InetSocketAddress> endpoints) {

  public Upstream {
    identity = identity.toPublic();
    endpoints = List.copyOf(endpoints);
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("root " + identity.address() + " has no endpoint");
    }
  }

  /** Parses {@code <address>:0:<public key hex>@<ip>/<port>}. */
  public static Upstream parse(String text) {
    int at = text.lastIndexOf('@');
    int slash = text.lastIndexOf('/');
    if (at < 0 || slash < at) {
      throw new IllegalArgumentException("root must be identity@ip/port: " + text);
    }
    Identity identity = Identity.parse(text.substring(0, at).trim());
    String ip = text.substring(at + 1, slash).trim();
    int port;
    try {
      port = Integer.parseInt(text.substring(slash + 1).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("root port is not a number: " + text, e);
    }
    if (port < 1 || port > 0xffff) {
      throw new IllegalArgumentException("root port out of range: " + text);
    }
    try {
      // An IP literal: getByName does not resolve it.
      return new Upstream(
          identity, List.of(new InetSocketAddress(InetAddress.getByName(ip), port)));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("root address is not an IP: " + text, e);
    }
  }

  /** The roots of a world. */
  public static List<Upstream> of(World world) {
    List<Upstream> roots = new ArrayList<>();
    for (World.Root root : world.roots()) {
      List<InetSocketAddress> endpoints = new ArrayList<>();
      for (IpEndpoint endpoint : root.stableEndpoints()) {
        endpoints.add(endpoint.toSocketAddress());
      }
      if (!endpoints.isEmpty()) {
        roots.add(new Upstream(root.identity(), endpoints));
      }
    }
    return roots;
  }
}
