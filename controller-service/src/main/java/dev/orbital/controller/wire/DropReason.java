package dev.orbital.controller.wire;

import java.util.Locale;

/** Why the controller dropped a datagram; each is counted. */
public enum DropReason {
  TOO_SHORT,
  BAD_FRAGMENT,
  NOT_FOR_US,
  FROM_SELF,
  MALFORMED,
  BAD_MAC,
  UNSUPPORTED_CIPHER,
  OLD_PROTOCOL,
  IDENTITY_MISMATCH,
  IDENTITY_COLLISION,
  INVALID_IDENTITY,
  BAD_KEY,
  UNKNOWN_SOURCE,
  VALIDATION_BUSY,
  WHOIS_QUEUE_FULL,
  NOT_FROM_ROOT,
  SEND_QUEUE_FULL,
  WORKERS_BUSY,
  /** A member asking again within ZT_NETCONF_MIN_REQUEST_PERIOD. */
  REQUEST_RATE_LIMITED;

  /** The tag value: lower case, dashes. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
