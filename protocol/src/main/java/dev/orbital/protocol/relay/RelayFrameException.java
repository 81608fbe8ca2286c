package dev.orbital.protocol.relay;

/** A TCP byte stream that cannot be relay framing: the connection must be closed. */
public final class RelayFrameException extends Exception {

  /** Why the stream was refused: names a close reason. */
  public enum Kind {
    /** The record header is not {@code 17 03 03}. */
    BAD_HEADER,
    /** The record length is over the decoder's limit. */
    OVERSIZE
  }

  private final Kind kind;

  public RelayFrameException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
