package dev.orbital.controller.store;

/** A write that no longer fits the stored state (the network exists, the member changed). */
public class ConflictException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ConflictException(String message) {
    super(message);
  }
}
