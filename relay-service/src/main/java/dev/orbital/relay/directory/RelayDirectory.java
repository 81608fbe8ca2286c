package dev.orbital.relay.directory;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Who the relay knows and where: the roots and their stable endpoints (world files), the
 * controllers (the networks' {@code nwid >>> 24}), the members authorized on some network, and the
 * physical paths the roots report for nodes. The {@code members} policy asks it; {@link
 * DirectoryFollower} keeps it current from Kafka. Thread-safe: one writer, any readers.
 */
public final class RelayDirectory {

  private final RootEndpoints roots;
  private final AddressNetworks members = new AddressNetworks();
  private final AddressNetworks controllers = new AddressNetworks();
  private final PresencePaths paths = new PresencePaths();

  public RelayDirectory(RootEndpoints roots) {
    this.roots = roots;
  }

  public boolean isRoot(long address) {
    return roots.isRoot(address);
  }

  /** A stable endpoint of a root in the world files. */
  public boolean isRootEndpoint(InetSocketAddress endpoint) {
    return roots.isRootEndpoint(endpoint);
  }

  /** The controller of some known network. */
  public boolean isController(long address) {
    return controllers.contains(address);
  }

  /** Authorized on at least one network. */
  public boolean isMember(long address) {
    return members.contains(address);
  }

  /** A root reports {@code address} online at {@code endpoint}. */
  public boolean isAt(long address, InetSocketAddress endpoint) {
    return paths.isAt(address, endpoint);
  }

  /** Some root reports some node online at {@code endpoint}. */
  public boolean anyoneAt(InetSocketAddress endpoint) {
    return paths.anyoneAt(endpoint);
  }

  public void authorize(long networkId, long address) {
    members.add(address, networkId);
  }

  public void deauthorize(long networkId, long address) {
    members.remove(address, networkId);
  }

  /** A network exists: its controller, {@code nwid >>> 24}, is reachable. */
  public void networkExists(long networkId) {
    controllers.add(controllerOf(networkId), networkId);
  }

  public void networkDeleted(long networkId) {
    controllers.remove(controllerOf(networkId), networkId);
  }

  public void online(long node, long root, List<InetSocketAddress> nodePaths) {
    paths.online(node, root, nodePaths);
  }

  public void offline(long node, long root) {
    paths.offline(node, root);
  }

  public void forget(long node) {
    paths.forget(node);
  }

  /** Addresses authorized on at least one network. */
  public int memberCount() {
    return members.size();
  }

  public int controllerCount() {
    return controllers.size();
  }

  /** Nodes some root reports online. */
  public int presentCount() {
    return paths.nodes();
  }

  /** A network's controller: the top 40 bits of its 64-bit ID (spec §11.1). */
  static long controllerOf(long networkId) {
    return networkId >>> 24;
  }
}
