package dev.orbital.relay.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.streams.WriteStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Consumer;

/**
 * A relay client on a Vert.x stream (TCP socket or WebSocket): the transports differ only in how a
 * record goes out and how the stream closes.
 */
final class StreamClient implements RelayConnection.Client {

  private final WriteStream<Buffer> stream;
  private final Consumer<Buffer> send;
  private final Runnable close;
  private final InetAddress remoteIp;
  private final String description;

  StreamClient(
      WriteStream<Buffer> stream,
      Consumer<Buffer> send,
      Runnable close,
      SocketAddress remote,
      String transport) {
    this.stream = stream;
    this.send = send;
    this.close = close;
    this.remoteIp = ipOf(remote);
    this.description = transport + " " + remote;
  }

  /** The literal IP of a connected socket's peer (never a name lookup). */
  private static InetAddress ipOf(SocketAddress remote) {
    try {
      return InetAddress.getByName(remote.hostAddress());
    } catch (UnknownHostException e) {
      throw new IllegalStateException("a connected socket's peer has a literal IP: " + remote, e);
    }
  }

  @Override
  public void write(byte[] record) {
    send.accept(Buffer.buffer(record));
  }

  @Override
  public boolean writeQueueFull() {
    return stream.writeQueueFull();
  }

  @Override
  public void close() {
    close.run();
  }

  @Override
  public InetAddress remoteIp() {
    return remoteIp;
  }

  @Override
  public String describe() {
    return description;
  }
}
