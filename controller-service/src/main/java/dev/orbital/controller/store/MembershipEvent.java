package dev.orbital.controller.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of the membership-events topic (key: network ID).
 *
 * @param type what happened: {@code requested, authorized, deauthorized, addresses-changed,
 *     changed, deleted} for members, {@code network-created, network-changed, network-deleted}
 * @param networkId 16 hex digits
 * @param member the member address (10 hex digits), null for a network event
 * @param revision the object's revision after the change
 * @param time when, in ms since the epoch
 * @param actor who did it: {@code "api"} (a REST write) or {@code "netconf"} (a config request)
 */
public record MembershipEvent(
    String type, String networkId, String member, long revision, long time, String actor) {

  public static final String REQUESTED = "requested";
  public static final String AUTHORIZED = "authorized";
  public static final String DEAUTHORIZED = "deauthorized";
  public static final String ADDRESSES_CHANGED = "addresses-changed";
  public static final String CHANGED = "changed";
  public static final String DELETED = "deleted";
  public static final String NETWORK_CREATED = "network-created";
  public static final String NETWORK_CHANGED = "network-changed";
  public static final String NETWORK_DELETED = "network-deleted";

  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", type);
    json.put("nwid", networkId);
    if (member != null) {
      json.put("address", member);
    }
    json.put("revision", revision);
    json.put("time", time);
    json.put("actor", actor);
    return json;
  }
}
