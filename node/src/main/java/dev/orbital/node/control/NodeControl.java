package dev.orbital.node.control;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the local API and the CLI can see and do on a running node; the same questions {@code
 * zerotier-cli} asks of ZeroTier One's service. Implementations are thread-safe.
 */
public interface NodeControl {

  NodeStatus status();

  /** Joined networks, by ID. */
  List<NetworkStatus> networks();

  Optional<NetworkStatus> network(long networkId);

  /**
   * Joins a network (remembered across restarts) and asks its controller for a config at once.
   * Joining a network already joined changes nothing.
   */
  NetworkStatus join(long networkId);

  /** Leaves a network and removes its device; false if it was not joined. */
  boolean leave(long networkId);

  /** Peers the node knows, by address. */
  List<PeerStatus> peers();

  /** Packet, frame and drop counters by name (drops prefixed {@code dropped_}). */
  default Map<String, Long> counters() {
    return Map.of();
  }
}
