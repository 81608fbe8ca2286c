package dev.orbital.protocol.verb;

/** The error code of an ERROR reply. */
public enum ErrorCode {
  NONE(0),
  INVALID_REQUEST(1),
  BAD_PROTOCOL_VERSION(2),
  /** From a controller: no such network. */
  OBJ_NOT_FOUND(3),
  /** Someone else HELLOed with our address and a different key. */
  IDENTITY_COLLISION(4),
  /** For example a config request sent to a node that is not a controller. */
  UNSUPPORTED_OPERATION(5),
  /** The sender has no valid COM from us: push NETWORK_CREDENTIALS. */
  NEED_MEMBERSHIP_CERTIFICATE(6),
  /** From a controller: not authorized on the network. */
  NETWORK_ACCESS_DENIED(7),
  /** The receiver no longer wants a multicast group. */
  UNWANTED_MULTICAST(8),
  /** From a controller: SSO authentication needed; the detail carries how. */
  NETWORK_AUTHENTICATION_REQUIRED(9);

  private static final ErrorCode[] BY_CODE = values();

  private final int code;

  ErrorCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The error code for a wire value, or null for an unknown one. */
  public static ErrorCode of(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }
}
