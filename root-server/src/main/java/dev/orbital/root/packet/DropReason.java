package dev.orbital.root.packet;

/** Why the root dropped a datagram: the {@code reason} tag of the drop counter. */
public enum DropReason {
  /** Shorter than a packet header and verb (or than a fragment header). */
  TOO_SHORT,
  /** A 13-byte legacy beacon: nothing to answer for a root. */
  BEACON,
  /** A fragment or fragmented packet the reassembler refused (bad numbering, duplicate, ...). */
  BAD_FRAGMENT,
  /** Relaying it would exceed the maximum hop count. */
  MAX_HOPS,
  /** Addressed to a peer this root does not know or has no path to. */
  UNKNOWN_DESTINATION,
  /** Not a HELLO, from a peer this root does not know. */
  UNKNOWN_SOURCE,
  /** The MAC or tag did not verify. */
  BAD_MAC,
  /** Trusted-path or unassigned cipher. */
  UNSUPPORTED_CIPHER,
  /** Authenticated but its payload does not decode (or decompress). */
  MALFORMED,
  /** HELLO below protocol 4. */
  OLD_PROTOCOL,
  /** HELLO whose identity is not its source address. */
  IDENTITY_MISMATCH,
  /** No key agreement possible with the identity's public key. */
  BAD_KEY,
  /** A new identity from a network whose validation slot is taken (one per 2 s per /24). */
  VALIDATION_RATE_LIMITED,
  /** Too many identity validations already running. */
  VALIDATION_BUSY,
  /** The identity failed the memory-hard check. */
  INVALID_IDENTITY,
  /**
   * Another valid identity claimed a known address (answered with ERROR(IDENTITY_COLLISION)); one
   * that does not validate counts as {@link #INVALID_IDENTITY} and gets no answer.
   */
  IDENTITY_COLLISION,
  /** Sent from this root's own address. */
  FROM_SELF,
  /** An outgoing datagram found the socket's send queue full. */
  SEND_QUEUE_FULL;

  public String tag() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
