package dev.orbital.controller.network;

import dev.orbital.protocol.verb.ErrorCode;

/**
 * The answer to a config request before any config is built: go ahead, or the ERROR to send. Both
 * carry the member as it must now be stored (identity learned, auto-authorization, version), or
 * null when nothing is to be stored.
 */
public sealed interface AuthorizationDecision {

  Member member();

  /**
   * The member may have its config.
   *
   * @param changed whether {@code member} differs from what was stored (save it)
   */
  record Granted(Member member, boolean changed) implements AuthorizationDecision {}

  /**
   * Refused with {@code code}: OBJ_NOT_FOUND for an unknown network, NETWORK_ACCESS_DENIED
   * otherwise.
   *
   * @param member the member to store (a newcomer is recorded, unauthorized), or null
   */
  record Denied(ErrorCode code, Member member) implements AuthorizationDecision {}
}
