package dev.orbital.controller.store;

import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.Network;
import java.util.List;
import java.util.Map;

/**
 * What one command changes: new states (null for a delete), their membership events, and the object
 * to answer with (stock JSON; for a delete, as it was).
 */
record Change(
    Map<Long, Network> networks,
    Map<MemberKey, Member> members,
    List<MembershipEvent> events,
    Map<String, Object> object) {

  boolean isEmpty() {
    return networks.isEmpty() && members.isEmpty();
  }
}
