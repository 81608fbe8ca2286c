package dev.orbital.controller.store;

import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.Network;
import dev.orbital.protocol.Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The owner's view while it applies one batch of commands: the replica's {@link StoreView} with the
 * batch's not yet committed changes laid over it, so each command is checked against every earlier
 * one. A null entry is a delete.
 */
final class Draft {

  private final StoreView view;
  private final Map<Long, Network> networks = new HashMap<>();
  private final Map<Long, Map<Address, Member>> members = new HashMap<>();

  /** Networks deleted in this batch: the view's members of them are gone, even if re-created. */
  private final Set<Long> wiped = new HashSet<>();

  Draft(StoreView view) {
    this.view = view;
  }

  Optional<Network> network(long id) {
    return networks.containsKey(id) ? Optional.ofNullable(networks.get(id)) : view.network(id);
  }

  Optional<Member> member(long networkId, Address address) {
    Map<Address, Member> changed = members.get(networkId);
    if (changed != null && changed.containsKey(address)) {
      return Optional.ofNullable(changed.get(address));
    }
    return wiped.contains(networkId) ? Optional.empty() : view.member(networkId, address);
  }

  List<Member> members(long networkId) {
    Map<Address, Member> merged = new LinkedHashMap<>();
    if (!wiped.contains(networkId)) {
      view.members(networkId).forEach(m -> merged.put(m.address(), m));
    }
    Map<Address, Member> changed = members.get(networkId);
    if (changed != null) {
      changed.forEach(
          (address, m) -> {
            if (m == null) {
              merged.remove(address);
            } else {
              merged.put(address, m);
            }
          });
    }
    return new ArrayList<>(merged.values());
  }

  /** Whether any member of the network holds {@code ip}. */
  boolean held(long networkId, InetAddress ip) {
    Map<Address, Member> changed = members.getOrDefault(networkId, Map.of());
    for (Member m : changed.values()) {
      if (m != null && m.ipAssignments().contains(ip)) {
        return true;
      }
    }
    Optional<Address> holder = view.ipHolder(networkId, ip);
    if (holder.isEmpty() || changed.containsKey(holder.get())) {
      return false;
    }
    return !wiped.contains(networkId);
  }

  void putNetwork(long id, Network network) {
    networks.put(id, network);
    if (network == null) {
      members.remove(id);
      wiped.add(id);
    }
  }

  void putMember(long networkId, Address address, Member member) {
    members.computeIfAbsent(networkId, id -> new HashMap<>()).put(address, member);
  }
}
