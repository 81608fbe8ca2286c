package dev.orbital.relay.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.util.function.Consumer;

/**
 * A relay client on a Vert.x stream (TCP socket or WebSocket): the transports differ only in how a
 * record goes out and how the stream closes.
 */
final class StreamClient implements RelayConnection.Client {

  private final WriteStream<Buffer> stream;
  private final Consumer<Buffer> send;
  private final Runnable close;
  private final String description;

  StreamClient(
      WriteStream<Buffer> stream, Consumer<Buffer> send, Runnable close, String description) {
    this.stream = stream;
    this.send = send;
    this.close = close;
    this.description = description;
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
  public String describe() {
    return description;
  }
}
