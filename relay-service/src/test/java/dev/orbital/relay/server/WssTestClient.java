package dev.orbital.relay.server;

import dev.orbital.protocol.relay.RelayFrameCodec;
import dev.orbital.protocol.relay.RelayStreamDecoder;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A relay client over {@code wss://127.0.0.1:<port>/relay} for tests, trusting the relay's
 * self-signed certificate; collects the records it receives and notices the close.
 */
final class WssTestClient implements AutoCloseable {

  private final WebSocketClient client;
  private final WebSocket socket;
  private final BlockingQueue<byte[]> records = new LinkedBlockingQueue<>();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final RelayStreamDecoder decoder =
      new RelayStreamDecoder(RelayFrameCodec.MAX_RECORD_PAYLOAD);

  private WssTestClient(WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
    socket.binaryMessageHandler(this::onMessage);
    socket.closeHandler(v -> closed.complete(null));
  }

  static WssTestClient connect(Vertx vertx, int port, String path) throws Exception {
    WebSocketClient client =
        vertx.createWebSocketClient(
            new WebSocketClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
    WebSocket socket =
        client
            .connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(path))
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    return new WssTestClient(client, socket);
  }

  void send(byte[] bytes) {
    socket.writeBinaryMessage(Buffer.buffer(bytes));
  }

  void sendText(String text) {
    socket.writeTextMessage(text);
  }

  /** The next record's payload, or null after {@code timeout}. */
  byte[] nextRecord(Duration timeout) throws InterruptedException {
    return records.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** True once the relay closed the WebSocket within {@code timeout}. */
  boolean closedWithin(Duration timeout) throws InterruptedException {
    try {
      closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      return true;
    }
  }

  private void onMessage(Buffer message) {
    try {
      records.addAll(decoder.feed(ByteBuffer.wrap(message.getBytes())));
    } catch (Exception e) {
      socket.close();
    }
  }

  @Override
  public void close() {
    if (!socket.isClosed()) {
      socket.close();
    }
    client.close();
  }
}
