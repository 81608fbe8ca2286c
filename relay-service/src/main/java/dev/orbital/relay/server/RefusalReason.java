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
  /** The {@link RelayPolicy} refused it. */
  POLICY,
  /** The UDP socket's send queue was full. */
  UDP_QUEUE_FULL,
  /** The client's TCP send queue was full: a reply was dropped. */
  REPLY_QUEUE_FULL;

  public String tag() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
