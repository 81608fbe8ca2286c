package dev.orbital.node.transport;

import java.net.InetSocketAddress;

/**
 * Sends whole datagrams (packets or fragments) to a physical endpoint. UDP is one transport; the
 * TCP relay is another. Implementations copy the bytes before returning, so the caller may reuse
 * its buffer; calls come from the node's engine thread.
 */
public interface Transport {

  /** Sends {@code data[offset .. offset+length)} to {@code to}; false if it could not be queued. */
  boolean send(InetSocketAddress to, byte[] data, int offset, int length);

  /** Whether paths through this transport are relayed ones (shown in the peer list). */
  boolean relayed();
}
