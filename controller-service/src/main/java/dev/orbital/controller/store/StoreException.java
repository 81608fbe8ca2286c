package dev.orbital.controller.store;

/**
 * The store could not complete a write (Kafka unreachable, timed out, fenced). It says what became
 * of the write, so the caller knows whether to retry blindly ({@link Fate#NOT_APPLIED}), read first
 * ({@link Fate#MAYBE_APPLIED}) or not retry at all ({@link Fate#APPLIED}).
 */
public class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What became of the write. */
  public enum Fate {
    /** Nothing of it is or will be stored. */
    NOT_APPLIED,
    /** Kafka may hold its command: it is applied before its deadline, or never. */
    MAYBE_APPLIED,
    /** It is committed. */
    APPLIED
  }

  private final Fate fate;

  public StoreException(Fate fate, String message, Throwable cause) {
    super(message, cause);
    this.fate = fate;
  }

  /** A failure outside any write (reading offsets, describing topics): nothing was written. */
  public StoreException(String message, Throwable cause) {
    this(Fate.NOT_APPLIED, message, cause);
  }

  public Fate fate() {
    return fate;
  }
}
