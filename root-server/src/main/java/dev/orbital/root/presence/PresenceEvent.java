package dev.orbital.root.presence;

import java.util.List;

/**
 * What a root publishes about one node to the compacted presence topic (key: the node's address).
 * The latest event per node is its state: {@code online = false} when this root expired it.
 *
 * @param address the node's ZeroTier address, 10 hex digits
 * @param root the publishing root's address
 * @param online false once this root has expired the node
 * @param paths the node's physical paths as this root sees them, {@code ip/port}, freshest first
 * @param protocolVersion as announced in its HELLO
 * @param version software version {@code major.minor.revision}
 * @param latencyMs round trip measured from the HELLO timestamp echo, -1 if unknown
 * @param lastSeen epoch milliseconds of the last packet from the node
 */
public record PresenceEvent(
    String address,
    String root,
    boolean online,
    List<String> paths,
    int protocolVersion,
    String version,
    int latencyMs,
    long lastSeen) {

  public PresenceEvent {
    paths = List.copyOf(paths);
  }
}
