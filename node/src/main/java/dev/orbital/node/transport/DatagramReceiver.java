package dev.orbital.node.transport;

import java.net.InetSocketAddress;

/** Receives datagrams from a transport, on the engine thread. */
@FunctionalInterface
public interface DatagramReceiver {

  /** {@code data[0 .. length)} is valid only during the call. */
  void receive(Transport via, InetSocketAddress from, byte[] data, int length);
}
