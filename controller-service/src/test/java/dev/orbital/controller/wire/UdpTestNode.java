package dev.orbital.controller.wire;

import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.verb.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A {@link TestPeer} with a UDP socket on loopback and a thread that keeps what arrives: every
 * authenticated packet, in order, for the test to wait on.
 */
final class UdpTestNode implements AutoCloseable {

  private final TestPeer peer;
  private final DatagramSocket socket;
  private final List<TestPeer.Received> received = new ArrayList<>();
  private final Thread reader;

  UdpTestNode(TestPeer peer) {
    this.peer = peer;
    try {
      socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
    reader = new Thread(this::read, "test-node-" + peer.identity().address());
    reader.setDaemon(true);
    reader.start();
  }

  TestPeer peer() {
    return peer;
  }

  Identity identity() {
    return peer.identity();
  }

  void hello(Identity root, InetSocketAddress to) {
    List<byte[]> datagrams;
    synchronized (peer) {
      datagrams = peer.hello(root, to, System.currentTimeMillis());
    }
    sendAll(datagrams, to);
  }

  /** Sends {@code message} to {@code destination} by way of {@code via} (a root, or itself). */
  void send(Identity destination, Message message, InetSocketAddress via) {
    List<byte[]> datagrams;
    synchronized (peer) {
      datagrams = peer.seal(destination, message);
    }
    sendAll(datagrams, via);
  }

  private void sendAll(List<byte[]> datagrams, InetSocketAddress to) {
    try {
      for (byte[] datagram : datagrams) {
        socket.send(new DatagramPacket(datagram, datagram.length, to));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Everything received so far. */
  synchronized List<TestPeer.Received> received() {
    return List.copyOf(received);
  }

  synchronized int mark() {
    return received.size();
  }

  /** The first packet from {@code mark} on that matches, waiting up to {@code timeout}. */
  TestPeer.Received await(int mark, Predicate<TestPeer.Received> match, Duration timeout) {
    return Awaitility.await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> find(mark, match), Optional::isPresent)
        .orElseThrow();
  }

  /** Every packet from {@code mark} on that matches. */
  synchronized List<TestPeer.Received> all(int mark, Predicate<TestPeer.Received> match) {
    return received.subList(mark, received.size()).stream().filter(match).toList();
  }

  synchronized Optional<TestPeer.Received> find(int mark, Predicate<TestPeer.Received> match) {
    return received.subList(mark, received.size()).stream().filter(match).findFirst();
  }

  private void read() {
    byte[] buffer = new byte[16 * 1024];
    DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
    while (!socket.isClosed()) {
      try {
        socket.receive(datagram);
      } catch (IOException e) {
        return;
      }
      Optional<TestPeer.Received> opened;
      synchronized (peer) {
        opened = peer.open(buffer, datagram.getLength(), System.currentTimeMillis());
      }
      opened.ifPresent(
          r -> {
            synchronized (this) {
              received.add(r);
            }
          });
    }
  }

  @Override
  public void close() {
    socket.close();
    try {
      reader.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
