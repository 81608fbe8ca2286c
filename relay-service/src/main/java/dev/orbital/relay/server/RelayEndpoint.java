package dev.orbital.relay.server;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.ByteBuffer;

/**
 * Owns the relay's plain TCP server (Vert.x), the one stock clients reach through {@code
 * tcpFallbackRelay}: each accepted socket becomes a {@link RelayConnection}.
 */
@ApplicationScoped
public class RelayEndpoint extends ListeningEndpoint {

  private final Vertx vertx;
  private final RelayConfig config;
  private final RelayConnections connections;

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
    int port = await(created.listen(), NetServer::actualPort, NetServer::close);
    Log.infof("relay listening on tcp %s:%d", config.bindAddress(), port);
  }

  private void accept(NetSocket socket) {
    socket.setWriteQueueMaxSize(config.maxQueuedReplyBytes());
    RelayConnection connection =
        connections.open(
            new StreamClient(socket, socket::write, socket::close, socket.remoteAddress(), "tcp"));
    socket.handler(buffer -> connection.onClientBytes(ByteBuffer.wrap(buffer.getBytes())));
    socket.closeHandler(v -> connection.closed());
    socket.exceptionHandler(e -> Log.tracef(e, "relay connection %s", socket.remoteAddress()));
  }
}
