package dev.orbital.node.control;

import java.util.List;

/**
 * One peer, as {@code GET /peer} shows it.
 *
 * @param address the peer's 10-hex-digit address
 * @param version {@code major.minor.revision}, or {@code -} if it has not said
 * @param latency milliseconds, or -1 if unknown
 * @param role {@code LEAF}, {@code PLANET} (a root) or {@code MOON}
 * @param paths its physical paths
 */
public record PeerStatus(
    String address, String version, int latency, String role, List<PathStatus> paths) {

  public PeerStatus {
    paths = List.copyOf(paths);
  }

  /**
   * One physical path to a peer.
   *
   * @param address {@code ip/port}
   * @param lastSend milliseconds since the epoch, 0 if never
   * @param lastReceive milliseconds since the epoch, 0 if never
   * @param active whether it is alive (heard from within the path timeout)
   * @param preferred whether it is the one used for sending
   * @param relayed whether it goes through the TCP relay
   */
  public record PathStatus(
      String address,
      long lastSend,
      long lastReceive,
      boolean active,
      boolean preferred,
      boolean relayed) {}
}
