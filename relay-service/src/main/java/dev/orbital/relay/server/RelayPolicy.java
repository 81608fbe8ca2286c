package dev.orbital.relay.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Decides whether one client datagram may be relayed, so the relay is not an open relay. The
 * default allows everything; TODO(#6) a policy fed by the Kafka membership events.
 */
public interface RelayPolicy {

  /** {@code datagram} is read-only and must not be kept. */
  boolean allows(InetSocketAddress destination, ByteBuffer datagram);
}
