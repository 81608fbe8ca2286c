package dev.orbital.node.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

  @Test
  void shouldDoubleUpToTheMaximumAtTheTopOfTheRange() {
    ReconnectBackoff backoff =
        new ReconnectBackoff(Duration.ofMillis(250), Duration.ofSeconds(2), () -> 0.999999);

    assertThat(backoff.nextDelayMillis()).isEqualTo(249);
    assertThat(backoff.nextDelayMillis()).isEqualTo(499);
    assertThat(backoff.nextDelayMillis()).isEqualTo(999);
    assertThat(backoff.nextDelayMillis()).isEqualTo(1999);
    assertThat(backoff.nextDelayMillis()).isEqualTo(1999);
  }

  @Test
  void shouldDrawAtLeastHalfTheStepAndStartOverAfterReset() {
    ReconnectBackoff backoff =
        new ReconnectBackoff(Duration.ofMillis(250), Duration.ofSeconds(30), () -> 0.0);
    backoff.nextDelayMillis();
    backoff.nextDelayMillis();

    assertThat(backoff.nextDelayMillis()).isEqualTo(500);
    backoff.reset();
    assertThat(backoff.nextDelayMillis()).isEqualTo(125);
  }

  @Test
  void shouldRefuseMaximumBelowInitial() {
    assertThatThrownBy(
            () -> new ReconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), () -> 0.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
