package dev.orbital.node.relay;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;

/**
 * The relay over WebSocket with TLS ({@code wss://host:port/relay}, the JDK's client): the client
 * stream goes out as binary messages, one record each; the relay's binary messages are the relay's
 * stream.
 */
final class WebSocketRelayLink implements RelayLink {

  private final Listener listener;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final long sendTimeoutMillis;
  private volatile WebSocket socket;

  private WebSocketRelayLink(Listener listener, long sendTimeoutMillis) {
    this.listener = listener;
    this.sendTimeoutMillis = sendTimeoutMillis;
  }

  /** Connects, sends the hello record and starts reading. */
  static WebSocketRelayLink open(RelayClientOptions options, byte[] helloRecord, Listener listener)
      throws IOException {
    WebSocketRelayLink link = new WebSocketRelayLink(listener, options.connectTimeout().toMillis());
    HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(options.connectTimeout());
    if (options.pinnedSha256().isPresent()) {
      try {
        http.sslContext(PinnedCertificateTrust.sslContext(options.pinnedSha256().get()));
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot set up TLS for " + options.relay(), e);
      }
    } else {
      try {
        http.sslContext(SSLContext.getDefault());
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot set up TLS for " + options.relay(), e);
      }
    }
    try {
      link.socket =
          http.build()
              .newWebSocketBuilder()
              .connectTimeout(options.connectTimeout())
              .buildAsync(options.relay(), link.new Reader())
              .get(options.connectTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IOException("cannot connect to " + options.relay() + ": " + e.getCause(), e);
    } catch (TimeoutException e) {
      throw new IOException("cannot connect to " + options.relay() + ": timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    link.send(helloRecord);
    return link;
  }

  /** One message at a time: the JDK's WebSocket refuses a send while one is outstanding. */
  @Override
  public synchronized void send(byte[] record) throws IOException {
    try {
      socket
          .sendBinary(ByteBuffer.wrap(record), true)
          .get(sendTimeoutMillis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IOException("relay websocket send failed: " + e.getCause(), e);
    } catch (TimeoutException e) {
      throw new IOException("relay websocket send timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private void end(Throwable cause) {
    if (ended.compareAndSet(false, true)) {
      WebSocket current = socket;
      if (current != null) {
        current.abort();
      }
      listener.onClosed(cause);
    }
  }

  @Override
  public void close() {
    end(null);
  }

  private final class Reader implements WebSocket.Listener {

    /**
     * Unbounded demand: each message is consumed synchronously in {@link #onBinary}, so asking for
     * one message at a time would only add a hand-off per message.
     */
    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      listener.onBytes(data);
      return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      end(new IOException("relay sent a text message"));
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      end(null);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      end(error);
    }
  }
}
