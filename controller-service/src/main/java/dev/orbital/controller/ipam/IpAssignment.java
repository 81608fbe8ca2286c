package dev.orbital.controller.ipam;

import dev.orbital.protocol.IpEndpoint;
import java.net.InetAddress;
import java.util.List;

/**
 * What a member gets: the static IPs of its config (port = prefix bits, in the order stock lists
 * them), its {@code ipAssignments} with any new pool address appended, and whether an RFC4193 or
 * 6PLANE address turns on NDP emulation.
 */
public record IpAssignment(
    List<IpEndpoint> staticIps, List<InetAddress> ipAssignments, boolean ndpEmulation) {

  public IpAssignment {
    staticIps = List.copyOf(staticIps);
    ipAssignments = List.copyOf(ipAssignments);
  }

  /** Whether a pool address was added to the member's assignments (the member must be saved). */
  public boolean changed(List<InetAddress> before) {
    return !ipAssignments.equals(before);
  }
}
