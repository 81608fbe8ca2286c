package dev.orbital.node.tap;

import java.io.IOException;

/** A TAP device operation failed; the message names the interface and the operation. */
public final class TapException extends IOException {

  private final String interfaceName;
  private final String operation;

  public TapException(String interfaceName, String operation, String detail) {
    super(interfaceName + ": " + operation + " failed: " + detail);
    this.interfaceName = interfaceName;
    this.operation = operation;
  }

  public TapException(String interfaceName, String operation, String detail, Throwable cause) {
    this(interfaceName, operation, detail);
    initCause(cause);
  }

  public String interfaceName() {
    return interfaceName;
  }

  public String operation() {
    return operation;
  }
}
