package dev.orbital.relay.server;

import java.util.Locale;

/** Why the relay dropped one datagram without closing the connection. */
public enum RefusalReason {
  /** Destination port at or below 1024. */
  LOW_PORT,
  /** Shorter than {@code min-datagram-bytes}. */
  TOO_SHORT,
  /** A client record without a destination address ({@code 00}). */
  NO_ADDRESS,
  /** Shorter than a ZeroTier packet header (28 bytes) and not a fragment. */
  MALFORMED,
  /** No root, controller or member is known at the destination UDP endpoint. */
  UNKNOWN_ENDPOINT,
  /** The header's destination address does not fit the endpoint (see README, policy). */
  WRONG_DESTINATION,
  /** A member's endpoint, from a connection that is not a verified member. */
  NOT_MEMBER,
  /** A source address other than the one the connection is verified as. */
  SPOOFED_SOURCE,
  /** Over the connection's newcomer rate ({@code newcomer.packets-per-second}). */
  NEWCOMER_RATE,
  /** Over the source IP's shared newcomer rate ({@code newcomer.per-ip-packets-per-second}). */
  IP_RATE,
  /** The UDP socket's send queue was full. */
  UDP_QUEUE_FULL,
  /** The client's TCP send queue was full: a reply was dropped. */
  REPLY_QUEUE_FULL;

  public String tag() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
