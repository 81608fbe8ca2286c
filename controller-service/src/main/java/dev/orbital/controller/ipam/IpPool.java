package dev.orbital.controller.ipam;

import java.net.InetAddress;
import java.util.Objects;

/** An {@code ipAssignmentPools} entry: an inclusive range of one family, start ≤ end. */
public record IpPool(InetAddress start, InetAddress end) {

  public IpPool {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (start.getAddress().length != end.getAddress().length) {
      throw new IllegalArgumentException("pool start and end must be of one family");
    }
  }

  public boolean isV4() {
    return start.getAddress().length == 4;
  }
}
