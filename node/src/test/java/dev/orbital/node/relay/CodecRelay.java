package dev.orbital.node.relay;

import dev.orbital.protocol.relay.RelayFrameCodec;
import dev.orbital.protocol.relay.RelayFrameCodec.AddressedDatagram;
import dev.orbital.protocol.relay.RelayStreamDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal TCP relay on loopback built from the shared codec (the node cannot depend on
 * relay-service): per connection it expects the hello, sends each datagram by UDP from its own
 * socket and frames every UDP answer back with its source.
 */
final class CodecRelay implements AutoCloseable {

  private final ServerSocket server;
  private final List<Socket> clients = new CopyOnWriteArrayList<>();
  private final List<DatagramSocket> udpSockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger hellos = new AtomicInteger();

  CodecRelay() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "codec-relay-accept");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** Connections that said hello. */
  int hellos() {
    return hellos.get();
  }

  /** Drops every client connection, as a relay restart would. */
  void dropClients() throws IOException {
    for (Socket client : clients) {
      client.close();
    }
    clients.clear();
  }

  private void accept() {
    try {
      while (true) {
        Socket client = server.accept();
        clients.add(client);
        Thread serve = new Thread(() -> serve(client), "codec-relay-client");
        serve.setDaemon(true);
        serve.start();
      }
    } catch (IOException closed) {
      // The relay was closed.
    }
  }

  private void serve(Socket client) {
    try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      udpSockets.add(udp);
      OutputStream out = client.getOutputStream();
      Thread answers = new Thread(() -> answers(udp, out), "codec-relay-udp");
      answers.setDaemon(true);
      answers.start();
      RelayStreamDecoder decoder = new RelayStreamDecoder(RelayFrameCodec.MAX_RECORD_PAYLOAD);
      InputStream in = client.getInputStream();
      byte[] chunk = new byte[65536];
      boolean hello = false;
      int n;
      while ((n = in.read(chunk)) >= 0) {
        for (byte[] payload : decoder.feed(ByteBuffer.wrap(chunk, 0, n))) {
          if (!hello) {
            RelayFrameCodec.decodeHello(payload);
            hello = true;
            hellos.incrementAndGet();
            continue;
          }
          AddressedDatagram datagram = RelayFrameCodec.decodeDatagram(payload);
          byte[] bytes = new byte[datagram.datagram().remaining()];
          datagram.datagram().get(bytes);
          udp.send(new DatagramPacket(bytes, bytes.length, datagram.address()));
        }
      }
    } catch (Exception e) {
      // Connection over.
    }
  }

  private void answers(DatagramSocket udp, OutputStream out) {
    byte[] buffer = new byte[65536];
    try {
      while (true) {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        udp.receive(packet);
        byte[] record =
            RelayFrameCodec.encodeDatagram(
                (InetSocketAddress) packet.getSocketAddress(),
                packet.getData(),
                0,
                packet.getLength());
        synchronized (out) {
          out.write(record);
        }
      }
    } catch (SocketException closed) {
      // The connection's UDP socket was closed.
    } catch (IOException e) {
      // The client went away.
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    dropClients();
    for (DatagramSocket udp : udpSockets) {
      udp.close();
    }
  }
}
