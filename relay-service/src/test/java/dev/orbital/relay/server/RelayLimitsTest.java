package dev.orbital.relay.server;

import static dev.orbital.relay.server.TestClients.HELLO;
import static dev.orbital.relay.server.TestClients.readsEndOfStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(TightLimitsProfile.class)
class RelayLimitsTest {

  private static final int READ_TIMEOUT_MILLIS = 10000;

  @Inject RelayEndpoint endpoint;
  @Inject RelayMetrics metrics;

  @BeforeEach
  void noConnectionOpen() {
    await().atMost(Duration.ofSeconds(10)).until(() -> metrics.openConnections() == 0);
  }

  @Test
  void shouldCloseIdleConnection() throws Exception {
    double before = metrics.closes(CloseReason.IDLE);
    try (Socket client = connect()) {
      client.getOutputStream().write(HELLO);

      assertThat(readsEndOfStream(client)).isTrue();
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> metrics.closes(CloseReason.IDLE) == before + 1);
  }

  @Test
  void shouldCloseConnectionsOverTheLimitAndKeepTheFirst() throws Exception {
    double before = metrics.closes(CloseReason.TOO_MANY_CONNECTIONS);
    try (Socket first = connect()) {
      first.getOutputStream().write(HELLO);
      await().atMost(Duration.ofSeconds(5)).until(() -> metrics.openConnections() == 1);

      try (Socket second = connect()) {
        assertThat(readsEndOfStream(second)).isTrue();
      }

      assertThat(metrics.closes(CloseReason.TOO_MANY_CONNECTIONS)).isEqualTo(before + 1);
      assertThat(metrics.openConnections()).isEqualTo(1);
    }
  }

  private Socket connect() throws IOException {
    return TestClients.connect(endpoint, READ_TIMEOUT_MILLIS);
  }
}
