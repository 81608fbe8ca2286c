package dev.orbital.node.e2e;

/** What stands between a host namespace and the "internet" namespace. */
public enum NatMode {
  /** A public address on the internet link: anyone can send to it. */
  NONE,
  /**
   * A router masquerading the host (port-preserving: nft {@code masquerade} without {@code
   * persistent}/{@code fully-random}), whose mapping also accepts packets from any outside endpoint
   * to the node's mapped UDP port: endpoint-independent mapping and filtering (full cone).
   */
  ENDPOINT_INDEPENDENT,
  /**
   * A router masquerading the host that lets in only replies to what the host sent (conntrack
   * established state): same mapping, address-and-port-dependent filtering (port-restricted cone).
   * Unsolicited packets are dropped.
   */
  PORT_RESTRICTED
}
