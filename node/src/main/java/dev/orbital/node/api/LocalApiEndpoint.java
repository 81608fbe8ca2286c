package dev.orbital.node.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The local HTTP API on 127.0.0.1 (Vert.x): reads the token from {@code X-ZT1-Auth} (as stock
 * clients send it) or {@code Authorization: Bearer}, hands the request to {@link LocalApiService}
 * on a worker (joining a network may touch devices) and writes its answer.
 */
public final class LocalApiEndpoint implements AutoCloseable {

  public static final String LOOPBACK = "127.0.0.1";
  private static final long START_TIMEOUT_SECONDS = 10;

  private final HttpServer server;

  private LocalApiEndpoint(HttpServer server) {
    this.server = server;
  }

  /** Listens on {@code 127.0.0.1:port} (0 for an ephemeral port) and answers from the service. */
  public static LocalApiEndpoint start(Vertx vertx, LocalApiService service, int port)
      throws InterruptedException, ExecutionException, TimeoutException {
    HttpServer server =
        vertx
            .createHttpServer(new HttpServerOptions().setHost(LOOPBACK).setPort(port))
            .requestHandler(request -> answer(vertx, service, request))
            .listen()
            .toCompletionStage()
            .toCompletableFuture()
            .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return new LocalApiEndpoint(server);
  }

  private static void answer(Vertx vertx, LocalApiService service, HttpServerRequest request) {
    String token = presentedToken(request);
    String method = request.method().name();
    String path = request.path();
    vertx
        .executeBlocking(() -> service.handle(method, path, token), false)
        .onComplete(
            done -> {
              ApiResponse response =
                  done.succeeded()
                      ? done.result()
                      : new ApiResponse(500, "{\"error\":\"internal error\"}");
              request
                  .response()
                  .setStatusCode(response.status())
                  .putHeader("Content-Type", "application/json")
                  .end(response.body());
            });
  }

  static String presentedToken(HttpServerRequest request) {
    String token = request.getHeader("X-ZT1-Auth");
    if (token != null) {
      return token.strip();
    }
    String authorization = request.getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).strip();
    }
    return null;
  }

  /** The TCP port it listens on. */
  public int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    try {
      server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot close the local API server", e);
    }
  }
}
