package dev.orbital.protocol.rules;

/**
 * A rule in JSON form that cannot be accepted. The message is {@code "<path>: <reason>"}, for
 * example {@code "rules[3].etherType: must be an integer 0..65535"}, so an API can answer with the
 * field and the reason.
 */
public class RuleJsonException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String path;
  private final String reason;

  public RuleJsonException(String path, String reason) {
    super(path + ": " + reason);
    this.path = path;
    this.reason = reason;
  }

  /** Where in the JSON, "rules[3].etherType". */
  public String path() {
    return path;
  }

  public String reason() {
    return reason;
  }
}
