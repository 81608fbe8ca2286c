package dev.orbital.relay.server;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.PemKeyCertOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.ByteBuffer;

/**
 * The relay over WebSocket with TLS ({@code wss://host:port/relay}): the client's byte stream is
 * the concatenation of its binary messages, in the same framing as the TCP path (hello first,
 * records may span messages); each record back is one binary message. Only the transport differs
 * from {@link RelayEndpoint}: both hand clients to {@link RelayConnections}.
 */
@ApplicationScoped
public class RelayWebSocketEndpoint extends ListeningEndpoint {

  /** Room for one record and its WebSocket frame header. */
  private static final int FRAME_OVERHEAD_BYTES = 64;

  private final Vertx vertx;
  private final RelayConfig config;
  private final RelayConnections connections;
  private final RelayMetrics metrics;
  private volatile String fingerprint;

  public RelayWebSocketEndpoint(
      Vertx vertx, RelayConfig config, RelayConnections connections, RelayMetrics metrics) {
    this.vertx = vertx;
    this.config = config;
    this.connections = connections;
    this.metrics = metrics;
  }

  void start(@Observes StartupEvent event) throws Exception {
    RelayConfig.WebSocket ws = config.websocket();
    if (!ws.enabled()) {
      return;
    }
    int maxMessage = config.maxRecordBytes() + FRAME_OVERHEAD_BYTES;
    HttpServer created =
        vertx.createHttpServer(
            new HttpServerOptions()
                .setHost(ws.bindAddress())
                .setPort(ws.port())
                .setTcpNoDelay(true)
                .setSsl(true)
                .setKeyCertOptions(keyCert(ws))
                .setMaxWebSocketFrameSize(maxMessage)
                .setMaxWebSocketMessageSize(maxMessage));
    created.requestHandler(this::onRequest);
    int port = await(created.listen(), HttpServer::actualPort, HttpServer::close);
    Log.infof("relay listening on wss://%s:%d%s", ws.bindAddress(), port, ws.path());
  }

  /** The SHA-256 fingerprint of the generated certificate; null when one was configured. */
  public String generatedCertificateFingerprint() {
    return fingerprint;
  }

  private PemKeyCertOptions keyCert(RelayConfig.WebSocket ws) {
    if (ws.certFile().isPresent() != ws.keyFile().isPresent()) {
      throw new IllegalStateException(
          "orbital.relay.websocket.cert-file and key-file: set both or neither");
    }
    if (ws.certFile().isPresent()) {
      return new PemKeyCertOptions()
          .setCertPath(ws.certFile().get().toString())
          .setKeyPath(ws.keyFile().get().toString());
    }
    SelfSignedCertificate generated = SelfSignedCertificate.generate();
    fingerprint = generated.fingerprint();
    Log.warnf(
        "no orbital.relay.websocket.cert-file: using a self-signed certificate, SHA-256 %s",
        fingerprint);
    return new PemKeyCertOptions()
        .setCertValue(Buffer.buffer(generated.certificatePem()))
        .setKeyValue(Buffer.buffer(generated.privateKeyPem()));
  }

  private void onRequest(HttpServerRequest request) {
    if (!request.path().equals(config.websocket().path())) {
      request.response().setStatusCode(404).end();
      return;
    }
    request
        .toWebSocket()
        .onSuccess(this::accept)
        .onFailure(e -> request.response().setStatusCode(400).end());
  }

  private void accept(ServerWebSocket socket) {
    socket.setWriteQueueMaxSize(config.maxQueuedReplyBytes());
    RelayConnection connection =
        connections.open(
            new StreamClient(
                socket, socket::writeBinaryMessage, socket::close, socket.remoteAddress(), "wss"));
    socket.binaryMessageHandler(
        buffer -> connection.onClientBytes(ByteBuffer.wrap(buffer.getBytes())));
    socket.textMessageHandler(text -> connection.close(CloseReason.NOT_BINARY));
    socket.closeHandler(v -> connection.closed());
    socket.exceptionHandler(e -> Log.tracef(e, "relay websocket %s", socket.remoteAddress()));
    metrics.webSocketAccepted();
  }
}
