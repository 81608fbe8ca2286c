package dev.orbital.node.relay;

import java.time.Duration;

/**
 * When the node sends through the TCP relay instead of UDP: a pure state machine on an injected
 * clock (milliseconds), driven by the engine.
 *
 * <p>The engine probes the roots over UDP (HELLO or ECHO) whenever {@link #probeDue} says so and
 * reports each probe ({@link #probeSent}) and each answer that came from a root <em>over UDP</em>
 * ({@link #rootAnsweredOverUdp}; answers through the relay must not be reported). UDP is failing
 * once probes went out and no root has answered over UDP for {@code silenceLimit}: from then on
 * {@link #path} is {@link Path#RELAY}. Probing goes on in relay mode, and the first UDP answer
 * switches back to {@link Path#UDP} at once.
 *
 * <p>With a probe every {@code probeInterval} answered within {@code silenceLimit - probeInterval},
 * the last answer before UDP stops is at most that old, so the relay takes over within {@code
 * silenceLimit} (4 s by default) of UDP stopping. Stock 1.14.1 waits 60 s ({@code
 * ZT_TCP_FALLBACK_AFTER}) and needs 60 s of uptime first. {@code forceTcpRelay} always relays and,
 * as stock, sends no UDP probes.
 */
public final class RelayFallback {

  /** Which transport the node sends its global traffic on. */
  public enum Path {
    UDP,
    RELAY
  }

  /**
   * @param probeInterval how often the roots are probed over UDP
   * @param silenceLimit no UDP answer from any root for this long, with probes out, means failing;
   *     more than {@code probeInterval}
   * @param forceTcpRelay relay always, probe never (stock's {@code forceTcpRelay})
   */
  public record Settings(Duration probeInterval, Duration silenceLimit, boolean forceTcpRelay) {

    public Settings {
      if (probeInterval.isNegative() || probeInterval.isZero()) {
        throw new IllegalArgumentException("probe interval " + probeInterval + " (expected: > 0)");
      }
      if (silenceLimit.compareTo(probeInterval) <= 0) {
        throw new IllegalArgumentException(
            "silence limit "
                + silenceLimit
                + " (expected: more than the probe interval "
                + probeInterval
                + ")");
      }
    }

    /** Probes every 2 s, relay after 4 s without an answer, not forced. */
    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(2), Duration.ofSeconds(4), false);
    }
  }

  private final long probeIntervalMillis;
  private final long silenceLimitMillis;
  private final boolean forced;
  private long lastAnswer;
  private long lastProbe;
  private boolean probedSinceAnswer;
  private boolean probedEver;

  /** Starts on UDP at {@code nowMillis}, as if a root had just answered. */
  public RelayFallback(Settings settings, long nowMillis) {
    this.probeIntervalMillis = settings.probeInterval().toMillis();
    this.silenceLimitMillis = settings.silenceLimit().toMillis();
    this.forced = settings.forceTcpRelay();
    this.lastAnswer = nowMillis;
  }

  /** True when the engine should probe the roots over UDP now. */
  public boolean probeDue(long nowMillis) {
    return !forced && (!probedEver || nowMillis - lastProbe >= probeIntervalMillis);
  }

  /** The engine sent a HELLO or ECHO to a root over UDP. */
  public void probeSent(long nowMillis) {
    lastProbe = nowMillis;
    probedEver = true;
    probedSinceAnswer = true;
  }

  /** A root answered over UDP (OK(HELLO), OK(ECHO) or anything authentic from a root). */
  public void rootAnsweredOverUdp(long nowMillis) {
    lastAnswer = Math.max(lastAnswer, nowMillis);
    probedSinceAnswer = false;
  }

  /** Where to send global traffic now. */
  public Path path(long nowMillis) {
    if (forced) {
      return Path.RELAY;
    }
    return udpFailing(nowMillis) ? Path.RELAY : Path.UDP;
  }

  private boolean udpFailing(long nowMillis) {
    return probedSinceAnswer && nowMillis - lastAnswer >= silenceLimitMillis;
  }
}
