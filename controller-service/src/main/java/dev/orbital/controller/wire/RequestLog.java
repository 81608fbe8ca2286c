package dev.orbital.controller.wire;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.identity.Identity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Who asked for which network's config, with what identity and metadata, and when the controller
 * last heard from it about that network (a request, or the acknowledgement of a push): what a push
 * is built from, and who gets one. Stock pushes only to members that requested within {@link
 * #ONLINE_MILLIS} (spec §8 NETWORK_CONFIG); but stock re-requests only 60 s after the last config
 * it applied, pushed ones included, so under steady pushes its requests stop and it would fall out
 * of that window. An acknowledged push counts as hearing from it, and a member the roots see online
 * stays a push target whatever the controller heard (see {@link #reachable}). Safe for any thread.
 */
final class RequestLog {

  /** A member heard within this long counts as online. */
  static final long ONLINE_MILLIS = 120_000;

  /**
   * @param heard the last request or push acknowledgement for this network
   */
  record Request(Identity identity, byte[] metadata, long at, long heard) {

    Request heardAt(long now) {
      return new Request(identity, metadata, at, now);
    }
  }

  private final Map<Long, Map<Address, Request>> byNetwork = new ConcurrentHashMap<>();

  /** A member asks at most this often (ZT_NETCONF_MIN_REQUEST_PERIOD); the rest are dropped. */
  static final long MIN_REQUEST_PERIOD_MILLIS = 1_000;

  /** Records a request; false (nothing recorded) if the member asked less than a period ago. */
  boolean requested(long networkId, Identity identity, byte[] metadata, long now) {
    boolean[] accepted = {false};
    byNetwork
        .computeIfAbsent(networkId, id -> new ConcurrentHashMap<>())
        .compute(
            identity.address(),
            (address, last) -> {
              if (last != null && now - last.at() < MIN_REQUEST_PERIOD_MILLIS) {
                return last;
              }
              accepted[0] = true;
              return new Request(identity.toPublic(), metadata, now, now);
            });
    return accepted[0];
  }

  /** The member acknowledged a push of the network's config: it is online. */
  void acknowledged(long networkId, Address member, long now) {
    Map<Address, Request> members = byNetwork.get(networkId);
    if (members != null) {
      members.computeIfPresent(member, (address, last) -> last.heardAt(now));
    }
  }

  /** The member's last request, if it was heard within {@link #ONLINE_MILLIS}. */
  Request online(long networkId, Address member, long now) {
    return reachable(networkId, member, now, address -> false);
  }

  /**
   * The member's last request, if it was heard within {@link #ONLINE_MILLIS} or {@code seen} says
   * the roots see it online.
   */
  Request reachable(long networkId, Address member, long now, Predicate<Address> seen) {
    Map<Address, Request> members = byNetwork.get(networkId);
    Request request = members == null ? null : members.get(member);
    if (request == null) {
      return null;
    }
    return now - request.heard() < ONLINE_MILLIS || seen.test(member) ? request : null;
  }

  /** The network's members heard within {@link #ONLINE_MILLIS} or seen online by the roots. */
  List<Address> reachable(long networkId, long now, Predicate<Address> seen) {
    Map<Address, Request> members = byNetwork.get(networkId);
    List<Address> online = new ArrayList<>();
    if (members != null) {
      members.forEach(
          (address, request) -> {
            if (now - request.heard() < ONLINE_MILLIS || seen.test(address)) {
              online.add(address);
            }
          });
    }
    return online;
  }

  /** Forgets members neither heard lately nor seen online by the roots; call now and then. */
  void expire(long now, Predicate<Address> seen) {
    for (Map<Address, Request> members : byNetwork.values()) {
      members
          .entrySet()
          .removeIf(e -> now - e.getValue().heard() >= ONLINE_MILLIS && !seen.test(e.getKey()));
    }
    byNetwork.values().removeIf(Map::isEmpty);
  }
}
