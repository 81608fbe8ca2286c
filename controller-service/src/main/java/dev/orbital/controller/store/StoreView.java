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
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * The in-memory state built from the compacted topics: networks by ID, members by network and
 * address. Written by the one thread that follows the topics, read by any.
 */
public final class StoreView {

  private static final Logger LOG = Logger.getLogger(StoreView.class);

  private final Map<Long, Network> networks = new ConcurrentSkipListMap<>();
  private final Map<Long, SortedMap<Long, Member>> members = new ConcurrentHashMap<>();
  private final List<StoreListener> listeners = new CopyOnWriteArrayList<>();

  /** Registers a listener for every change applied from now on. */
  public void addListener(StoreListener listener) {
    listeners.add(listener);
  }

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
    Network before;
    if (network == null) {
      before = networks.remove(id);
      members.remove(id);
    } else {
      before = networks.put(id, network);
    }
    for (StoreListener l : listeners) {
      try {
        l.networkChanged(id, before, network);
      } catch (RuntimeException e) {
        LOG.errorf(e, "store listener %s failed on network %016x", l, id);
      }
    }
  }

  void putMember(long networkId, Address address, Member member) {
    Member before;
    if (member == null) {
      SortedMap<Long, Member> inNetwork = members.get(networkId);
      before = inNetwork == null ? null : inNetwork.remove(address.value());
    } else {
      before =
          members
              .computeIfAbsent(networkId, id -> new ConcurrentSkipListMap<>())
              .put(address.value(), member);
    }
    for (StoreListener l : listeners) {
      try {
        l.memberChanged(networkId, address, before, member);
      } catch (RuntimeException e) {
        LOG.errorf(e, "store listener %s failed on member %016x/%s", l, networkId, address);
      }
    }
  }
}
