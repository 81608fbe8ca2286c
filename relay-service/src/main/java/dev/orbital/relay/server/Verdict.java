package dev.orbital.relay.server;

/**
 * What a {@link ConnectionPolicy} says of one datagram: relay it under the member limit, relay it
 * under the newcomer limits, or refuse it for a reason. An enum, so judging allocates nothing.
 */
public enum Verdict {
  /** A verified member's datagram: only the per-connection limit applies. */
  RELAY(null),
  /**
   * To a root or controller from a connection that is not a verified member: the newcomer limits
   * (per connection and per source IP) apply.
   */
  RELAY_NEWCOMER(null),
  /** Shorter than a packet header (or a fragment's). */
  MALFORMED(RefusalReason.MALFORMED),
  /** No root, controller or member is known at that UDP endpoint. */
  UNKNOWN_ENDPOINT(RefusalReason.UNKNOWN_ENDPOINT),
  /** The header's destination is not who is known at that endpoint (or not a root/controller). */
  WRONG_DESTINATION(RefusalReason.WRONG_DESTINATION),
  /** A member's endpoint, and the connection is not a verified member. */
  NOT_MEMBER(RefusalReason.NOT_MEMBER),
  /** The connection is verified as one address and the packet claims another as its source. */
  SPOOFED_SOURCE(RefusalReason.SPOOFED_SOURCE);

  private final RefusalReason refusal;

  Verdict(RefusalReason refusal) {
    this.refusal = refusal;
  }

  /** The refusal to count; null when the datagram may be relayed. */
  public RefusalReason refusal() {
    return refusal;
  }
}
