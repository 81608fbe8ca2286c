package dev.orbital.node.engine;

import dev.orbital.node.control.NetworkState;
import dev.orbital.node.control.NetworkStatus;
import dev.orbital.node.tap.CidrAddress;
import dev.orbital.node.tap.Route;
import dev.orbital.node.tap.TapNames;
import dev.orbital.node.tap.TapState;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.MacAddress;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.netconf.Capability;
import dev.orbital.protocol.netconf.CertificateOfMembership;
import dev.orbital.protocol.netconf.NetworkAddresses;
import dev.orbital.protocol.netconf.NetworkConfig;
import dev.orbital.protocol.netconf.Tag;
import dev.orbital.protocol.rules.Rule;
import dev.orbital.protocol.rules.RuleEvaluator;
import dev.orbital.protocol.rules.Tags;
import dev.orbital.protocol.verb.ConfigAssembler;
import dev.orbital.protocol.verb.MulticastGroup;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One joined network: where joining stands, the config in force, its TAP, what peers proved about
 * their membership, and who is in which multicast group. Touched only by the engine thread, except
 * {@link #status()} which reads a volatile snapshot.
 */
final class Network {

  /** Members re-request their config this often (stock: 60 s). */
  static final long REFRESH_MILLIS = 60_000;

  /** While no config has come, ask again this often. */
  static final long RETRY_MILLIS = 5_000;

  /** A MULTICAST_LIKE is remembered this long (ZT_MULTICAST_LIKE_EXPIRE). */
  static final long LIKE_EXPIRE_MILLIS = 600_000;

  /** Bounds on what peers can make us remember. */
  static final int MAX_MEMBERSHIPS = 4096;

  static final int MAX_GROUPS = 1024;
  static final int MAX_MEMBERS_PER_GROUP = 1024;
  static final int MAX_REVOCATIONS = 4096;

  final long id;
  final Address controller;
  final ConfigAssembler assembler = new ConfigAssembler();
  final Map<Long, Membership> memberships = new LinkedHashMap<>();
  final Map<Long, Long> comRevokedBefore = new HashMap<>();
  final Map<MulticastGroup, Map<Long, Long>> groupMembers = new HashMap<>();
  final Map<MulticastGroup, Long> lastGather = new HashMap<>();
  final PendingMulticasts pendingMulticasts = new PendingMulticasts();

  NetworkState state = NetworkState.REQUESTING_CONFIGURATION;
  NetworkConfig config;
  MacAddress mac;
  RuleEvaluator evaluator;
  Tags ourTags = Tags.EMPTY;
  List<List<Rule>> ourCapabilities = List.of();
  Set<MulticastGroup> subscriptions = Set.of();
  volatile TapPort tap;
  String tapName = "";
  long lastRequest;
  long lastLikeSent;
  volatile boolean leaving;
  private volatile NetworkStatus status;

  Network(long id, Address self) {
    this.id = id;
    this.controller = NetworkAddresses.controllerOf(id);
    this.mac = NetworkAddresses.memberMac(id, self);
    publish();
  }

  boolean isPrivate() {
    return config == null || config.isPrivate();
  }

  CertificateOfMembership ourCom() {
    return config == null ? null : config.com();
  }

  Membership membership(long peer) {
    Membership membership = memberships.get(peer);
    if (membership == null) {
      if (memberships.size() >= MAX_MEMBERSHIPS) {
        Long eldest = memberships.keySet().iterator().next();
        memberships.remove(eldest);
      }
      membership = new Membership();
      memberships.put(peer, membership);
    }
    return membership;
  }

  void revokeCom(long member, long threshold) {
    if (comRevokedBefore.size() < MAX_REVOCATIONS || comRevokedBefore.containsKey(member)) {
      comRevokedBefore.merge(member, threshold, Math::max);
    }
  }

  long comRevokedBefore(long member) {
    return comRevokedBefore.getOrDefault(member, Long.MIN_VALUE);
  }

  void like(MulticastGroup group, long member, long now) {
    Map<Long, Long> members = groupMembers.get(group);
    if (members == null) {
      if (groupMembers.size() >= MAX_GROUPS) {
        return;
      }
      members = new HashMap<>();
      groupMembers.put(group, members);
    }
    if (members.size() < MAX_MEMBERS_PER_GROUP || members.containsKey(member)) {
      members.put(member, now);
    }
  }

  /**
   * Up to {@code limit} live members of {@code group}, other than {@code self}, in random order.
   */
  List<Long> members(MulticastGroup group, long self, int limit, long now) {
    Map<Long, Long> members = groupMembers.get(group);
    if (members == null) {
      return List.of();
    }
    List<Long> out = new ArrayList<>(members.size());
    members.entrySet().removeIf(e -> now - e.getValue() > LIKE_EXPIRE_MILLIS);
    for (Long member : members.keySet()) {
      if (member != self) {
        out.add(member);
      }
    }
    if (out.size() > limit) {
      java.util.Collections.shuffle(out, ThreadLocalRandom.current());
      return out.subList(0, limit);
    }
    return out;
  }

  /** Forgets the config in force and everything learned under it. */
  void dropConfig() {
    config = null;
    subscriptions = Set.of();
    ourTags = Tags.EMPTY;
    ourCapabilities = List.of();
    memberships.clear();
    groupMembers.clear();
    lastGather.clear();
  }

  /** Takes a verified config; true if it changed what the TAP must look like. */
  void adopt(NetworkConfig newConfig, Address self) {
    config = newConfig;
    state = NetworkState.OK;
    evaluator =
        RuleEvaluator.forNetwork(self, newConfig.flags(), ThreadLocalRandom.current()::nextInt);
    subscriptions = subscriptionsFor(newConfig, mac);
    Map<Long, Long> tags = new HashMap<>();
    for (Tag tag : newConfig.tags()) {
      tags.put(Integer.toUnsignedLong(tag.id()), Integer.toUnsignedLong(tag.value()));
    }
    ourTags = Tags.of(tags);
    List<List<Rule>> capabilities = new ArrayList<>();
    for (Capability capability : newConfig.capabilities()) {
      try {
        capabilities.add(capability.rules());
      } catch (ProtocolException e) {
        continue; // a capability we cannot read grants nothing
      }
    }
    ourCapabilities = List.copyOf(capabilities);
    publish();
  }

  /** The groups we take frames for: broadcast, ARP for our IPv4s, solicited-node for our IPv6s. */
  private static Set<MulticastGroup> subscriptionsFor(NetworkConfig config, MacAddress ours) {
    Set<MulticastGroup> groups = new HashSet<>();
    if (config.broadcastEnabled()) {
      groups.add(new MulticastGroup(MacAddress.BROADCAST, 0));
    }
    groups.add(new MulticastGroup(new MacAddress(0x3333_0000_0001L), 0));
    // the kernel's IPv6 link-local address is EUI-64 from the MAC: its last 3 bytes are the MAC's
    groups.add(
        new MulticastGroup(new MacAddress(0x3333_ff00_0000L | (ours.value() & 0xff_ffffL)), 0));
    for (IpEndpoint ip : config.staticIps()) {
      byte[] raw = ip.ip().getAddress();
      if (ip.ip() instanceof Inet4Address) {
        groups.add(MulticastGroup.arp(java.nio.ByteBuffer.wrap(raw).getInt()));
      } else if (ip.ip() instanceof Inet6Address) {
        long mac =
            0x3333_ff00_0000L
                | (raw[13] & 0xffL) << 16
                | (raw[14] & 0xffL) << 8
                | (raw[15] & 0xffL);
        groups.add(new MulticastGroup(new MacAddress(mac), 0));
      }
    }
    return Set.copyOf(groups);
  }

  /** What the TAP should look like under the config in force. */
  TapState tapState() {
    Set<CidrAddress> addresses = new HashSet<>();
    for (IpEndpoint ip : config.staticIps()) {
      addresses.add(new CidrAddress(ip.ip(), ip.port()));
    }
    Set<Route> routes = new HashSet<>();
    for (dev.orbital.protocol.netconf.Route route : config.routes()) {
      CidrAddress target = new CidrAddress(route.target().ip(), route.target().port()).network();
      if (route.via().isNone()) {
        routes.add(Route.onLink(target));
      } else {
        routes.add(Route.via(target, route.via().ip()));
      }
    }
    return new TapState(mac, config.mtu(), addresses, routes);
  }

  String expectedTapName() {
    return TapNames.forNetwork(id);
  }

  void state(NetworkState newState) {
    state = newState;
    publish();
  }

  void publish() {
    List<String> addresses = new ArrayList<>();
    List<NetworkStatus.RouteStatus> routes = new ArrayList<>();
    if (config != null) {
      for (IpEndpoint ip : config.staticIps()) {
        addresses.add(ip.ip().getHostAddress() + "/" + ip.port());
      }
      for (dev.orbital.protocol.netconf.Route route : config.routes()) {
        routes.add(
            new NetworkStatus.RouteStatus(
                route.target().ip().getHostAddress() + "/" + route.target().port(),
                route.via().isNone() ? "" : route.via().ip().getHostAddress()));
      }
    }
    status =
        new NetworkStatus(
            NetworkAddresses.format(id),
            config == null ? "" : config.name(),
            state,
            config == null || config.isPrivate() ? "PRIVATE" : "PUBLIC",
            mac.toString(),
            config == null ? NetworkConfig.DEFAULT_MTU : config.mtu(),
            tapName,
            addresses,
            routes,
            config == null ? 0 : config.revision());
  }

  NetworkStatus status() {
    return status;
  }
}
