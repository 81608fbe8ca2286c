package dev.orbital.controller.wire;

import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.Network;

/** What a stored change means for the members on the wire. */
public enum PushDecision {
  /** Nothing they see changed. */
  NONE,
  /** The member (or, for a network change, every member) gets a fresh config. */
  PUSH,
  /** The member lost its membership: it gets the refusal, the others a revocation of its COM. */
  PUSH_AND_REVOKE;

  /** For a member created ({@code before} null), changed or deleted ({@code after} null). */
  public static PushDecision forMember(Member before, Member after) {
    boolean wasAuthorized = before != null && before.authorized();
    boolean isAuthorized = after != null && after.authorized();
    if (wasAuthorized && !isAuthorized) {
      return PUSH_AND_REVOKE;
    }
    if (before == null) {
      // A record a request made was answered already; one the API made matters only authorized.
      return isAuthorized ? PUSH : NONE;
    }
    if (after == null || before.equals(after)) {
      return NONE;
    }
    return PUSH;
  }

  /**
   * For a network created, changed or deleted: a change reaches every member (rules, routes, pools,
   * DNS, MTU all live in the network); a deletion refuses them all.
   */
  public static PushDecision forNetwork(Network before, Network after) {
    if (before == null || before.equals(after)) {
      return NONE;
    }
    return PUSH;
  }
}
