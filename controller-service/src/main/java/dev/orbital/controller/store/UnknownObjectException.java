package dev.orbital.controller.store;

/** The network or member a request names does not exist. */
public class UnknownObjectException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public UnknownObjectException(String message) {
    super(message);
  }
}
