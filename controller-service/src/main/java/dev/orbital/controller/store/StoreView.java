package dev.orbital.controller.store;

import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.Network;
import dev.orbital.controller.network.NodePresence;
import dev.orbital.protocol.Address;
import java.net.InetAddress;
import java.util.Comparator;
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
 * address, which member holds each IP of a network, and what the roots report about each node.
 * Written by the one thread that follows the topics, read by any.
 */
public final class StoreView {

  private static final Logger LOG = Logger.getLogger(StoreView.class);

  private final Map<Long, Network> networks = new ConcurrentSkipListMap<>();
  private final Map<Long, SortedMap<Long, Member>> members = new ConcurrentHashMap<>();
  private final Map<Long, Map<InetAddress, Address>> ipHolders = new ConcurrentHashMap<>();
  private final Map<Long, Map<String, NodePresence>> presence = new ConcurrentHashMap<>();
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

  /** The member of the network whose {@code ipAssignments} hold {@code ip}, if any. */
  public Optional<Address> ipHolder(long networkId, InetAddress ip) {
    Map<InetAddress, Address> holders = ipHolders.get(networkId);
    return Optional.ofNullable(holders == null ? null : holders.get(ip));
  }

  /**
   * The node as the roots last reported it: the freshest report of a root that sees it online, else
   * the freshest report at all; empty if no root has reported it.
   */
  public Optional<NodePresence> presence(Address node) {
    Map<String, NodePresence> byRoot = presence.get(node.value());
    if (byRoot == null || byRoot.isEmpty()) {
      return Optional.empty();
    }
    return byRoot.values().stream()
        .max(Comparator.comparing(NodePresence::online).thenComparingLong(NodePresence::lastSeen));
  }

  void putPresence(NodePresence report) {
    Address node = Address.parse(report.address());
    presence
        .computeIfAbsent(node.value(), a -> new ConcurrentHashMap<>())
        .put(report.root(), report);
  }

  void putNetwork(long id, Network network) {
    Network before;
    if (network == null) {
      before = networks.remove(id);
      members.remove(id);
      ipHolders.remove(id);
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
    indexAddresses(networkId, address, before, member);
    for (StoreListener l : listeners) {
      try {
        l.memberChanged(networkId, address, before, member);
      } catch (RuntimeException e) {
        LOG.errorf(e, "store listener %s failed on member %016x/%s", l, networkId, address);
      }
    }
  }

  private void indexAddresses(long networkId, Address address, Member before, Member after) {
    Map<InetAddress, Address> holders =
        ipHolders.computeIfAbsent(networkId, id -> new ConcurrentHashMap<>());
    if (before != null) {
      for (InetAddress ip : before.ipAssignments()) {
        holders.remove(ip, address);
      }
    }
    if (after != null) {
      for (InetAddress ip : after.ipAssignments()) {
        holders.put(ip, address);
      }
    }
  }
}
