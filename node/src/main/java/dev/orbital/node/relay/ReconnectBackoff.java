package dev.orbital.node.relay;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Delays between reconnect attempts: doubling from {@code initial} up to {@code max}, each drawn
 * between half and all of the current step (so clients a relay dropped together do not come back
 * together), reset after a successful connection.
 */
public final class ReconnectBackoff {

  private final long initialMillis;
  private final long maxMillis;
  private final DoubleSupplier random;
  private long stepMillis;

  /** {@code random} yields values in [0, 1). */
  public ReconnectBackoff(Duration initial, Duration max, DoubleSupplier random) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "backoff " + initial + ".." + max + " (expected: 0 < initial <= max)");
    }
    this.initialMillis = initial.toMillis();
    this.maxMillis = max.toMillis();
    this.random = random;
    this.stepMillis = initialMillis;
  }

  /** The delay before the next attempt. */
  public long nextDelayMillis() {
    long step = stepMillis;
    stepMillis = Math.min(maxMillis, stepMillis * 2);
    return step / 2 + (long) (random.getAsDouble() * (step - step / 2));
  }

  /** After a successful connection: the next failure starts from {@code initial} again. */
  public void reset() {
    stepMillis = initialMillis;
  }
}
