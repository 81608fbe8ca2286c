package dev.orbital.node.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/** The relay over plain TCP, as stock clients reach it ({@code tcp://host:port}). */
final class TcpRelayLink implements RelayLink {

  private static final int READ_CHUNK_BYTES = 64 * 1024;

  private final Socket socket;
  private final OutputStream out;
  private final Listener listener;
  private final AtomicBoolean ended = new AtomicBoolean();

  private TcpRelayLink(Socket socket, Listener listener) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.listener = listener;
  }

  /** Connects, sends the hello record and starts reading. */
  static TcpRelayLink open(RelayClientOptions options, byte[] helloRecord, Listener listener)
      throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(
          new InetSocketAddress(options.relay().getHost(), options.relay().getPort()),
          (int) options.connectTimeout().toMillis());
      TcpRelayLink link = new TcpRelayLink(socket, listener);
      link.send(helloRecord);
      Thread reader = new Thread(link::read, "relay-tcp-reader");
      reader.setDaemon(true);
      reader.start();
      return link;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  @Override
  public void send(byte[] record) throws IOException {
    out.write(record);
  }

  private void read() {
    byte[] chunk = new byte[READ_CHUNK_BYTES];
    Throwable cause = null;
    try {
      InputStream in = socket.getInputStream();
      int n;
      while ((n = in.read(chunk)) >= 0) {
        listener.onBytes(ByteBuffer.wrap(chunk, 0, n));
      }
    } catch (IOException e) {
      cause = e;
    }
    end(cause);
  }

  private void end(Throwable cause) {
    if (ended.compareAndSet(false, true)) {
      closeSocket();
      listener.onClosed(cause);
    }
  }

  private void closeSocket() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing is all that is left to do.
    }
  }

  @Override
  public void close() {
    end(null);
  }
}
