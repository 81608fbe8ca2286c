package dev.orbital.relay.server;

import dev.orbital.protocol.relay.RelayFrameCodec;
import dev.orbital.protocol.relay.RelayFrameCodec.Hello;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;

/** A relay client over plain TCP on loopback, as the endpoint tests drive it. */
public final class TestClients {

  /** The hello a stock 1.14.1 client sends first. */
  public static final byte[] HELLO = RelayFrameCodec.encodeHello(new Hello(1, 14, 1));

  private TestClients() {}

  public static Socket connect(RelayEndpoint endpoint, int readTimeoutMillis) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), endpoint.port());
    socket.setSoTimeout(readTimeoutMillis);
    return socket;
  }

  /** True once the relay closes the connection; a read time-out throws instead. */
  public static boolean readsEndOfStream(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    byte[] chunk = new byte[4096];
    try {
      while (true) {
        if (in.read(chunk) < 0) {
          return true;
        }
      }
    } catch (SocketException reset) {
      return true;
    }
  }
}
