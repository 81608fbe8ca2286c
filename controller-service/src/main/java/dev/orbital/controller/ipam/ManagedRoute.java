package dev.orbital.controller.ipam;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A network {@code routes} entry: a target network, reached on the link or {@code via} a gateway.
 */
public record ManagedRoute(IpNetwork target, InetAddress via) {

  public ManagedRoute {
    Objects.requireNonNull(target, "target");
    if (via != null && via.getAddress().length != target.address().getAddress().length) {
      throw new IllegalArgumentException("route via must be of the target's family");
    }
  }

  public boolean onLink() {
    return via == null;
  }
}
