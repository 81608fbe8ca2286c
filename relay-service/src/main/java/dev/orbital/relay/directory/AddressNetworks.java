package dev.orbital.relay.directory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Addresses and the networks that put each one there (a member authorized on them, a controller of
 * them): an address stays until its last network lets go. Written by one thread, read by any.
 */
final class AddressNetworks {

  private final Map<Long, Set<Long>> byAddress = new ConcurrentHashMap<>();

  void add(long address, long networkId) {
    byAddress.computeIfAbsent(address, a -> ConcurrentHashMap.newKeySet()).add(networkId);
  }

  void remove(long address, long networkId) {
    byAddress.computeIfPresent(
        address,
        (a, networks) -> {
          networks.remove(networkId);
          return networks.isEmpty() ? null : networks;
        });
  }

  boolean contains(long address) {
    return byAddress.containsKey(address);
  }

  int size() {
    return byAddress.size();
  }
}
