package dev.orbital.node;

import dev.orbital.node.control.NetworkStatus;
import dev.orbital.node.control.NodeControl;
import dev.orbital.node.control.NodeStatus;
import dev.orbital.node.control.PeerStatus;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** A running node: its identity, UDP socket, peers and joined networks. */
public final class NodeDaemon implements NodeControl, AutoCloseable {

  private NodeDaemon() {}

  /** Starts a node (creating its identity on first start) and rejoins the remembered networks. */
  public static NodeDaemon start(NodeOptions options) throws IOException {
    throw new UnsupportedOperationException("TODO(#5): engine under construction");
  }

  @Override
  public NodeStatus status() {
    throw new UnsupportedOperationException("TODO(#5)");
  }

  @Override
  public List<NetworkStatus> networks() {
    return List.of();
  }

  @Override
  public Optional<NetworkStatus> network(long networkId) {
    return Optional.empty();
  }

  @Override
  public NetworkStatus join(long networkId) {
    throw new UnsupportedOperationException("TODO(#5)");
  }

  @Override
  public boolean leave(long networkId) {
    return false;
  }

  @Override
  public List<PeerStatus> peers() {
    return List.of();
  }

  /** Leaves the networks' devices removed and closes the socket. */
  @Override
  public void close() {}
}
