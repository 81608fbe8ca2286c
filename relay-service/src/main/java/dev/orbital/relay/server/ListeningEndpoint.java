package dev.orbital.relay.server;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Future;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * What the TCP and WebSocket endpoints share: one Vert.x server (TCP or HTTP), down or up on a
 * bound port, closed at shutdown.
 */
public abstract class ListeningEndpoint {

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

  void stop(@Observes ShutdownEvent event) {
    Bound current = bound;
    if (current != null) {
      bound = null;
      current.close().run();
    }
  }

  public boolean isListening() {
    return bound != null;
  }

  /** The bound port (the configured one, or the one picked for port 0); -1 when not listening. */
  public int port() {
    Bound current = bound;
    return current == null ? -1 : current.port();
  }
}
