package dev.orbital.node.api;

import dev.orbital.node.control.NetworkState;
import dev.orbital.node.control.NetworkStatus;
import dev.orbital.node.control.NodeControl;
import dev.orbital.node.control.NodeStatus;
import dev.orbital.node.control.PeerStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A NodeControl that remembers joins and leaves, for the API and CLI tests. */
public final class FakeNode implements NodeControl {

  public static final String ADDRESS = "89e92ceee5";

  private final Map<Long, NetworkStatus> networks = new TreeMap<>();
  private final List<PeerStatus> peers = new ArrayList<>();

  @Override
  public NodeStatus status() {
    return new NodeStatus(ADDRESS, ADDRESS + ":0:abcd", true, false, "1.14.1", 1_700_000_000_000L);
  }

  @Override
  public synchronized List<NetworkStatus> networks() {
    return List.copyOf(networks.values());
  }

  @Override
  public synchronized Optional<NetworkStatus> network(long networkId) {
    return Optional.ofNullable(networks.get(networkId));
  }

  @Override
  public synchronized NetworkStatus join(long networkId) {
    return networks.computeIfAbsent(
        networkId,
        id ->
            new NetworkStatus(
                String.format("%016x", id),
                "",
                NetworkState.REQUESTING_CONFIGURATION,
                "PRIVATE",
                "32:9d:ab:cd:ef:01",
                2800,
                "",
                List.of(),
                List.of(),
                0));
  }

  /** Replaces a joined network's status, as a config arriving would. */
  public synchronized void configure(NetworkStatus network) {
    networks.put(Long.parseUnsignedLong(network.id(), 16), network);
  }

  @Override
  public synchronized boolean leave(long networkId) {
    return networks.remove(networkId) != null;
  }

  public synchronized void addPeer(PeerStatus peer) {
    peers.add(peer);
  }

  @Override
  public Map<String, Long> counters() {
    return Map.of("packets_in", 7L, "dropped_not_member", 2L);
  }

  @Override
  public synchronized List<PeerStatus> peers() {
    return List.copyOf(peers);
  }
}
