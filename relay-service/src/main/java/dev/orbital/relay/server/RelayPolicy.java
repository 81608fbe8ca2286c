package dev.orbital.relay.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Decides whether one client datagram may be relayed, so the relay is not an open relay ({@code
 * orbital.relay.policy}: {@code members} or {@code open}).
 */
public interface RelayPolicy {

  /** Relays every well-formed datagram ({@code orbital.relay.policy=open}). */
  RelayPolicy OPEN = (destination, datagram) -> true;

  /** {@code datagram} is read-only and must not be kept. */
  boolean allows(InetSocketAddress destination, ByteBuffer datagram);
}
