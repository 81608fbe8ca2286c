package dev.orbital.relay.directory;

import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The physical paths the roots report for each node on the presence topic, kept per reporting root
 * (two roots may see one node; one root expiring it leaves the other's report), and the reverse:
 * who is known at each UDP endpoint. Written by one thread, read by any.
 */
final class PresencePaths {

  private final Map<Long, Map<Long, List<InetSocketAddress>>> byNode = new ConcurrentHashMap<>();
  private final Map<InetSocketAddress, Set<Long>> byEndpoint = new ConcurrentHashMap<>();

  /** Root {@code root} sees {@code node} online at {@code paths}. */
  void online(long node, long root, List<InetSocketAddress> paths) {
    Set<InetSocketAddress> before = endpointsOf(node);
    byNode.computeIfAbsent(node, n -> new ConcurrentHashMap<>()).put(root, List.copyOf(paths));
    reindex(node, before);
  }

  /** Root {@code root} has expired {@code node}. */
  void offline(long node, long root) {
    Set<InetSocketAddress> before = endpointsOf(node);
    byNode.computeIfPresent(
        node,
        (n, byRoot) -> {
          byRoot.remove(root);
          return byRoot.isEmpty() ? null : byRoot;
        });
    reindex(node, before);
  }

  /** The node's record was deleted (a tombstone): no root reports it. */
  void forget(long node) {
    Set<InetSocketAddress> before = endpointsOf(node);
    byNode.remove(node);
    reindex(node, before);
  }

  boolean isAt(long node, InetSocketAddress endpoint) {
    Set<Long> nodes = byEndpoint.get(endpoint);
    return nodes != null && nodes.contains(node);
  }

  boolean anyoneAt(InetSocketAddress endpoint) {
    return byEndpoint.containsKey(endpoint);
  }

  int nodes() {
    return byNode.size();
  }

  private Set<InetSocketAddress> endpointsOf(long node) {
    Set<InetSocketAddress> endpoints = new HashSet<>();
    Map<Long, List<InetSocketAddress>> byRoot = byNode.get(node);
    if (byRoot != null) {
      byRoot.values().forEach(endpoints::addAll);
    }
    return endpoints;
  }

  private void reindex(long node, Set<InetSocketAddress> before) {
    Set<InetSocketAddress> after = endpointsOf(node);
    for (InetSocketAddress gone : before) {
      if (!after.contains(gone)) {
        byEndpoint.computeIfPresent(
            gone,
            (e, nodes) -> {
              nodes.remove(node);
              return nodes.isEmpty() ? null : nodes;
            });
      }
    }
    for (InetSocketAddress added : after) {
      byEndpoint.computeIfAbsent(added, e -> ConcurrentHashMap.newKeySet()).add(node);
    }
  }
}
