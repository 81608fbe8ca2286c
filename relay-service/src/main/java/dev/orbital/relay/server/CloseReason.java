package dev.orbital.relay.server;

import java.util.Locale;

/** Why the relay closed a client connection: the {@code reason} tag of the close counter. */
public enum CloseReason {
  /** A record header that is not {@code 17 03 03}. */
  BAD_HEADER,
  /** A record longer than {@code max-record-bytes}. */
  OVERSIZE,
  /** The first record was not a 4-byte version hello. */
  BAD_HELLO,
  /** No hello within {@code hello-timeout}. */
  NO_HELLO,
  /** A record whose address prefix does not decode. */
  BAD_DATAGRAM,
  /** More datagrams per second than {@code max-packets-per-second}. */
  FLOOD,
  /** Accepted while {@code max-connections} were already open. */
  TOO_MANY_CONNECTIONS,
  /** Accepted while {@code max-connections-per-ip} were already open from that source. */
  TOO_MANY_FROM_IP,
  /** No traffic either way for {@code idle-timeout}. */
  IDLE,
  /** The per-connection UDP socket could not be opened. */
  UDP_FAILED,
  /** A WebSocket text message: the relay speaks binary messages only. */
  NOT_BINARY,
  /** The client closed or reset the connection. */
  CLIENT_CLOSED;

  public String tag() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
