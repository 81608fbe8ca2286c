package dev.orbital.node.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbital.node.relay.RelayFallback.Path;
import dev.orbital.node.relay.RelayFallback.Settings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RelayFallbackTest {

  private static final long START = 1_000_000;
  private static final long RTT = 50;

  /** Drives the machine as the engine would: probe when due, answered while UDP works. */
  private static final class Engine {
    final RelayFallback fallback;
    boolean udpWorks = true;
    long now;

    Engine(Settings settings) {
      fallback = new RelayFallback(settings, START);
      now = START;
    }

    /**
     * Advances the clock in 10 ms steps up to {@code until}; returns when the path first differs.
     */
    long runUntilPathIs(Path wanted, long until) {
      long pendingAnswerAt = -1;
      for (; now <= until; now += 10) {
        if (pendingAnswerAt >= 0 && now >= pendingAnswerAt) {
          fallback.rootAnsweredOverUdp(now);
          pendingAnswerAt = -1;
        }
        if (fallback.path(now) == wanted) {
          return now;
        }
        if (fallback.probeDue(now)) {
          fallback.probeSent(now);
          if (udpWorks) {
            pendingAnswerAt = now + RTT;
          }
        }
      }
      return -1;
    }
  }

  @Test
  void shouldStayOnUdpWhileRootsAnswer() {
    Engine engine = new Engine(Settings.defaults());

    assertThat(engine.runUntilPathIs(Path.RELAY, START + 60_000)).isEqualTo(-1);
  }

  @Test
  void shouldFallBackWithinFiveSecondsOfUdpStopping() {
    Engine engine = new Engine(Settings.defaults());
    engine.runUntilPathIs(Path.RELAY, START + 10_000);
    long udpStopped = engine.now;
    engine.udpWorks = false;

    long relayAt = engine.runUntilPathIs(Path.RELAY, udpStopped + 60_000);

    assertThat(relayAt).isPositive();
    assertThat(relayAt - udpStopped).isLessThanOrEqualTo(5_000);
  }

  @Test
  void shouldFallBackAtStartWhenNoRootEverAnswers() {
    Engine engine = new Engine(Settings.defaults());
    engine.udpWorks = false;

    long relayAt = engine.runUntilPathIs(Path.RELAY, START + 60_000);

    assertThat(relayAt - START).isBetween(4_000L, 5_000L);
  }

  @Test
  void shouldKeepProbingInRelayModeAndReturnToUdpOnTheFirstAnswer() {
    RelayFallback fallback = new RelayFallback(Settings.defaults(), START);
    fallback.probeSent(START);
    assertThat(fallback.path(START + 4_000)).isEqualTo(Path.RELAY);

    assertThat(fallback.probeDue(START + 4_000)).isTrue();
    fallback.probeSent(START + 4_000);
    assertThat(fallback.probeDue(START + 5_000)).isFalse();
    assertThat(fallback.probeDue(START + 6_000)).isTrue();
    fallback.rootAnsweredOverUdp(START + 6_100);

    assertThat(fallback.path(START + 6_100)).isEqualTo(Path.UDP);
  }

  @Test
  void shouldNotFallBackWithoutProbesOutstanding() {
    RelayFallback fallback = new RelayFallback(Settings.defaults(), START);

    assertThat(fallback.path(START + 600_000)).isEqualTo(Path.UDP);
    assertThat(fallback.probeDue(START)).isTrue();
  }

  @Test
  void shouldNotCountAnAnswerToAnOlderProbeAsSilence() {
    RelayFallback fallback = new RelayFallback(Settings.defaults(), START);
    fallback.probeSent(START);
    fallback.rootAnsweredOverUdp(START + 100);
    fallback.probeSent(START + 2_000);

    assertThat(fallback.path(START + 4_099)).isEqualTo(Path.UDP);
    assertThat(fallback.path(START + 4_100)).isEqualTo(Path.RELAY);
  }

  @Test
  void shouldAlwaysRelayAndNeverProbeWhenForced() {
    RelayFallback fallback =
        new RelayFallback(new Settings(Duration.ofSeconds(2), Duration.ofSeconds(4), true), START);

    fallback.rootAnsweredOverUdp(START + 1);

    assertThat(fallback.path(START + 1)).isEqualTo(Path.RELAY);
    assertThat(fallback.probeDue(START + 60_000)).isFalse();
  }

  @Test
  void shouldRefuseSilenceLimitNotAboveProbeInterval() {
    assertThatThrownBy(() -> new Settings(Duration.ofSeconds(4), Duration.ofSeconds(4), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("silence limit PT4S (expected: more than the probe interval PT4S)");
    assertThatThrownBy(() -> new Settings(Duration.ZERO, Duration.ofSeconds(4), false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
