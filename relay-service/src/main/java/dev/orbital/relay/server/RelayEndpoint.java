package dev.orbital.relay.server;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Owns the relay's plain TCP server (Vert.x), the one stock clients reach through {@code
 * tcpFallbackRelay}: each accepted socket becomes a {@link RelayConnection}.
 */
@ApplicationScoped
public class RelayEndpoint {

  static final int START_TIMEOUT_SECONDS = 30;

  private final Vertx vertx;
  private final RelayConfig config;
  private final RelayConnections connections;
  private volatile NetServer server;

  public RelayEndpoint(Vertx vertx, RelayConfig config, RelayConnections connections) {
    this.vertx = vertx;
    this.config = config;
    this.connections = connections;
  }

  void start(@Observes StartupEvent event) throws Exception {
    NetServer created =
        vertx.createNetServer(
            new NetServerOptions()
                .setHost(config.bindAddress())
                .setPort(config.port())
                .setTcpNoDelay(true));
    created.connectHandler(this::accept);
    server =
        created
            .listen()
            .toCompletionStage()
            .toCompletableFuture()
            .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Log.infof("relay listening on tcp %s:%d", config.bindAddress(), server.actualPort());
  }

  void stop(@Observes ShutdownEvent event) {
    NetServer current = server;
    if (current != null) {
      server = null;
      current.close();
    }
  }

  public boolean isListening() {
    return server != null;
  }

  /** The bound TCP port (the configured one, or the one picked for port 0). */
  public int port() {
    NetServer current = server;
    return current == null ? -1 : current.actualPort();
  }

  private void accept(NetSocket socket) {
    socket.setWriteQueueMaxSize(config.maxQueuedReplyBytes());
    RelayConnection connection =
        connections.open(
            new RelayConnection.Client() {
              @Override
              public void write(byte[] record) {
                socket.write(Buffer.buffer(record));
              }

              @Override
              public boolean writeQueueFull() {
                return socket.writeQueueFull();
              }

              @Override
              public void close() {
                socket.close();
              }

              @Override
              public String describe() {
                return "tcp " + socket.remoteAddress();
              }
            });
    socket.handler(buffer -> connection.onClientBytes(ByteBuffer.wrap(buffer.getBytes())));
    socket.closeHandler(v -> connection.closed());
    socket.exceptionHandler(e -> Log.tracef(e, "relay connection %s", socket.remoteAddress()));
  }
}
