package dev.orbital.protocol;

/**
 * The one checked exception every decoder throws for input it cannot accept: truncated, oversized,
 * inconsistent or unauthenticated bytes. The message says what was expected.
 */
public class ProtocolException extends Exception {

  public ProtocolException(String message) {
    super(message);
  }

  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }

  /** "truncated HELLO: 41 bytes (expected: 62+)". */
  public static ProtocolException truncated(String what, int actual, int expectedAtLeast) {
    return new ProtocolException(
        "truncated " + what + ": " + actual + " bytes (expected: " + expectedAtLeast + "+)");
  }

  /** "oversized WHOIS address list: 300 (limit: 256)". */
  public static ProtocolException overLimit(String what, long actual, long limit) {
    return new ProtocolException(what + ": " + actual + " (limit: " + limit + ")");
  }
}
