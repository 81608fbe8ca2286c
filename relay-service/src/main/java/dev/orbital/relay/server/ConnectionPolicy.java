package dev.orbital.relay.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One client connection's side of the {@link RelayPolicy}: judges each datagram the client asks to
 * send, and watches what comes back to the connection's UDP socket. {@link #check} is called from
 * the connection's TCP thread, {@link #answered} from the UDP event loop.
 */
public interface ConnectionPolicy {

  /** Every datagram as a member's, nothing learned. */
  ConnectionPolicy OPEN =
      new ConnectionPolicy() {
        @Override
        public Verdict check(InetSocketAddress to, ByteBuffer datagram) {
          return Verdict.RELAY;
        }

        @Override
        public void answered(InetSocketAddress from, byte[] datagram, int offset, int length) {
          // nothing to learn
        }
      };

  /** Whether and how {@code datagram} may go to {@code to}; the buffer is read-only, not kept. */
  Verdict check(InetSocketAddress to, ByteBuffer datagram);

  /** {@code datagram[offset .. offset+length)} from {@code from} reached the UDP socket. */
  void answered(InetSocketAddress from, byte[] datagram, int offset, int length);
}
