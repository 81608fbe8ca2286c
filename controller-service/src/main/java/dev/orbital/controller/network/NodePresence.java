package dev.orbital.controller.network;

import java.util.List;

/**
 * What a root reports about one node on {@code <prefix>.presence} (key: the node's address), as
 * root-server's {@code PresenceEvent} writes it: the latest record per node is its state.
 *
 * @param address the node's ZeroTier address, 10 hex digits
 * @param root the reporting root's address
 * @param online false once that root has expired the node
 * @param paths physical paths as the root sees them, {@code ip/port}, freshest first
 * @param protocolVersion as announced in its HELLO
 * @param version software version {@code major.minor.revision}
 * @param latencyMs round trip to the root, -1 if unknown
 * @param lastSeen epoch milliseconds of the node's last packet to the root
 */
public record NodePresence(
    String address,
    String root,
    boolean online,
    List<String> paths,
    int protocolVersion,
    String version,
    int latencyMs,
    long lastSeen) {

  public NodePresence {
    paths = paths == null ? List.of() : List.copyOf(paths);
  }

  /** The IP of the freshest path, without the port; null if there is none. */
  public String physicalAddress() {
    if (paths.isEmpty()) {
      return null;
    }
    String path = paths.get(0);
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(0, slash);
  }
}
