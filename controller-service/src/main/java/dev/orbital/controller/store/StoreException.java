package dev.orbital.controller.store;

/** The store could not complete a write (Kafka unreachable, timed out, fenced). */
public class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
