package dev.orbital.protocol.netconf;

/** Credential type codes; a revocation names the type it revokes with one of these on the wire. */
public enum CredentialType {
  NULL(0),
  COM(1),
  CAPABILITY(2),
  TAG(3),
  COO(4),
  REVOCATION(6);

  private final int code;

  CredentialType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The type for a wire code, or null for a code this version does not know. */
  public static CredentialType of(int code) {
    for (CredentialType type : values()) {
      if (type.code == code) {
        return type;
      }
    }
    return null;
  }
}
