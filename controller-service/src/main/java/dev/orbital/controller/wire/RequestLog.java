package dev.orbital.controller.wire;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.identity.Identity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who asked for which network's config lately, with what identity and metadata: the members a
 * change is pushed to (stock pushes to members that requested within the last {@link
 * #ONLINE_MILLIS}, spec §8 NETWORK_CONFIG). Safe for any thread.
 */
final class RequestLog {

  /** A member that asked within this long counts as online. */
  static final long ONLINE_MILLIS = 120_000;

  record Request(Identity identity, byte[] metadata, long at) {}

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
              return new Request(identity.toPublic(), metadata, now);
            });
    return accepted[0];
  }

  /** The member's last request, if it is online. */
  Request online(long networkId, Address member, long now) {
    Map<Address, Request> members = byNetwork.get(networkId);
    Request request = members == null ? null : members.get(member);
    return request != null && now - request.at() < ONLINE_MILLIS ? request : null;
  }

  /** The network's online members. */
  List<Address> online(long networkId, long now) {
    Map<Address, Request> members = byNetwork.get(networkId);
    List<Address> online = new ArrayList<>();
    if (members != null) {
      members.forEach(
          (address, request) -> {
            if (now - request.at() < ONLINE_MILLIS) {
              online.add(address);
            }
          });
    }
    return online;
  }

  /** Forgets members offline for long; call now and then. */
  void expire(long now) {
    for (Map<Address, Request> members : byNetwork.values()) {
      members.values().removeIf(r -> now - r.at() >= ONLINE_MILLIS);
    }
    byNetwork.values().removeIf(Map::isEmpty);
  }
}
