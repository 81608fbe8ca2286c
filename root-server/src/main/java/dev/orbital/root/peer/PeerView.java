package dev.orbital.root.peer;

import java.util.List;

/**
 * One online peer as the admin API shows it.
 *
 * @param address 10 hex digits
 * @param paths physical paths, {@code ip/port}, freshest first
 * @param protocolVersion announced in its HELLO
 * @param version software version
 * @param latencyMs measured from the HELLO timestamp echo, -1 if unknown
 * @param lastReceive epoch milliseconds
 */
public record PeerView(
    String address,
    List<String> paths,
    int protocolVersion,
    String version,
    int latencyMs,
    long lastReceive) {

  public PeerView {
    paths = List.copyOf(paths);
  }
}
