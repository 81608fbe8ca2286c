package dev.orbital.node.engine;

/** Why the engine dropped a datagram, packet or frame; each reason is counted. */
public enum Drop {
  /** Too short, a bad fragment, or a fragment stream that did not add up. */
  MALFORMED_DATAGRAM,
  /** Authentic, but its payload did not decode. */
  MALFORMED_PACKET,
  /** The MAC did not hold under the key agreed with its source. */
  UNAUTHENTICATED,
  /** Addressed to another node (we relay nothing). */
  NOT_FOR_US,
  /** A HELLO whose identity is invalid, collides with a known one, or arrived too fast to check. */
  BAD_IDENTITY,
  /** From an unknown source while the WHOIS queue was full, or the WHOIS was never answered. */
  UNKNOWN_SOURCE,
  /** An OK, ERROR or config that came from the wrong peer or answered nothing we asked. */
  UNEXPECTED_REPLY,
  /** A network config whose signature did not verify or that is not ours. */
  BAD_CONFIG,
  /** A frame for a network we have not joined or have no config for. */
  NO_NETWORK,
  /** A frame from a peer that did not prove membership of a private network. */
  NOT_MEMBER,
  /** A frame the network's rules refused. */
  RULES,
  /** A frame larger than the network's MTU, or too short to be Ethernet. */
  BAD_FRAME,
  /** A frame from the TAP whose source MAC is not ours (bridging is not supported). */
  FOREIGN_SOURCE_MAC,
  /** Broadcast on a network that disables it, or multicast on one with limit 0. */
  MULTICAST_DISABLED,
  /** A multicast to a group we did not subscribe to. */
  UNWANTED_MULTICAST,
  /** No path to the peer and no root to relay through, or a queue was full. */
  NO_ROUTE
}
