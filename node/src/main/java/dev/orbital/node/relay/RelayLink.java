package dev.orbital.node.relay;

import java.io.IOException;
import java.nio.ByteBuffer;

/** One open connection to the relay, carrying ZeroTier's relay framing both ways. */
interface RelayLink extends AutoCloseable {

  /** Where the link delivers what it reads, from its own thread, and says it ended. */
  interface Listener {

    /** Bytes of the relay's stream, in order. */
    void onBytes(ByteBuffer chunk);

    /** The link ended (closed by the relay, reset, or failed); called at most once. */
    void onClosed(Throwable cause);
  }

  /**
   * Writes whole records (one, or several back to back); over WebSocket as one binary message.
   * Blocks while the transport is congested.
   */
  void send(byte[] records) throws IOException;

  @Override
  void close();
}
