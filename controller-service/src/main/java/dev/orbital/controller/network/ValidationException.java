package dev.orbital.controller.network;

/**
 * A network or member update that cannot be accepted. The message is {@code "<field>: <reason>"},
 * for example {@code "ipAssignmentPools[0].ipRangeStart: not an IP address"}, so the REST layer
 * answers 400 with the field and the reason. Nothing is changed when it is thrown.
 */
public class ValidationException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String field;
  private final String reason;

  public ValidationException(String field, String reason) {
    super(field + ": " + reason);
    this.field = field;
    this.reason = reason;
  }

  /** Where in the JSON body: {@code "routes[1].target"}. */
  public String field() {
    return field;
  }

  public String reason() {
    return reason;
  }
}
