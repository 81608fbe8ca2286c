package dev.orbital.relay.policy;

/**
 * Who a client connection is, as far as the relay can tell. It starts {@link Unverified}; a
 * non-fragment packet addressed to X arriving on the connection's UDP socket from a root's or a
 * controller's endpoint makes it {@link Verified} as X for the rest of its life (roots and
 * controllers answer, or relay to, X only at an endpoint from which X has proven its key).
 */
sealed interface ConnectionIdentity {

  /** Nothing proven yet: the connection may reach roots and controllers only, at newcomer rates. */
  record Unverified() implements ConnectionIdentity {

    /** The state once an answer addressed to {@code address} came from a root or controller. */
    Verified verifiedAs(long address) {
      return new Verified(address);
    }
  }

  /**
   * Proven to be {@code address}: every packet it sends must carry that source. Whether it may
   * reach members depends on whether {@code address} is a member now, asked per datagram.
   */
  record Verified(long address) implements ConnectionIdentity {}

  ConnectionIdentity UNVERIFIED = new Unverified();
}
