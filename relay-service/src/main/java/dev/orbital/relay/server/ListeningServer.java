package dev.orbital.relay.server;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/** The state of one endpoint's Vert.x server (TCP or HTTP): down, or up on a bound port. */
final class ListeningServer {

  static final int START_TIMEOUT_SECONDS = 30;

  private record Bound(int port, Runnable close) {}

  private volatile Bound bound;

  /** Waits for the server to listen and returns the bound port. */
  <S> int await(Future<S> listening, ToIntFunction<S> actualPort, Function<S, Future<Void>> close)
      throws Exception {
    S server =
        listening
            .toCompletionStage()
            .toCompletableFuture()
            .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Bound started = new Bound(actualPort.applyAsInt(server), () -> close.apply(server));
    bound = started;
    return started.port();
  }

  void close() {
    Bound current = bound;
    if (current != null) {
      bound = null;
      current.close().run();
    }
  }

  boolean isListening() {
    return bound != null;
  }

  /** The bound port, -1 when not listening. */
  int port() {
    Bound current = bound;
    return current == null ? -1 : current.port();
  }
}
