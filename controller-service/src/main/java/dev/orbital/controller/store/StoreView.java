package dev.orbital.controller.store;

import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.Network;
import dev.orbital.protocol.Address;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The in-memory state built from the compacted topics: networks by ID, members by network and
 * address. Written by the one thread that follows the topics, read by any.
 */
public final class StoreView {

  private final Map<Long, Network> networks = new ConcurrentSkipListMap<>();
  private final Map<Long, SortedMap<Long, Member>> members = new ConcurrentHashMap<>();

  public Optional<Network> network(long id) {
    return Optional.ofNullable(networks.get(id));
  }

  public List<Network> networks() {
    return List.copyOf(networks.values());
  }

  public Optional<Member> member(long networkId, Address address) {
    SortedMap<Long, Member> inNetwork = members.get(networkId);
    return Optional.ofNullable(inNetwork == null ? null : inNetwork.get(address.value()));
  }

  /** The network's members, by address. */
  public List<Member> members(long networkId) {
    SortedMap<Long, Member> inNetwork = members.get(networkId);
    return inNetwork == null ? List.of() : List.copyOf(inNetwork.values());
  }

  void putNetwork(long id, Network network) {
    if (network == null) {
      networks.remove(id);
      members.remove(id);
    } else {
      networks.put(id, network);
    }
  }

  void putMember(long networkId, Address address, Member member) {
    if (member == null) {
      SortedMap<Long, Member> inNetwork = members.get(networkId);
      if (inNetwork != null) {
        inNetwork.remove(address.value());
      }
    } else {
      members
          .computeIfAbsent(networkId, id -> new ConcurrentSkipListMap<>())
          .put(address.value(), member);
    }
  }
}
