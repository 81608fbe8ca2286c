package dev.orbital.protocol.netconf;

/**
 * A controller-signed credential a member presents to its peers. Only the controller's clock
 * matters: a credential's timestamp is judged against the timestamp of MY network config, never
 * against the local clock.
 */
public sealed interface Credential
    permits CertificateOfMembership, Capability, Tag, CertificateOfOwnership {

  /** Pass as the revocation threshold when no revocation is known for a credential. */
  long NO_REVOCATION = Long.MIN_VALUE;

  CredentialType type();

  long networkId();

  /** The credential's ID within its type; always 0 for a COM. */
  int id();

  /** Controller time (ms) at which the credential was issued. */
  long timestamp();

  /** Whether my config's timestamp and this credential's are at most {@code maxDelta} apart. */
  default boolean isTimestampWithin(long myConfigTimestamp, long credentialTimeMaxDelta) {
    return withinDelta(timestamp(), myConfigTimestamp, credentialTimeMaxDelta);
  }

  /** A revocation with this threshold revokes every credential issued at or before it. */
  default boolean isNewerThan(long revocationThreshold) {
    return timestamp() > revocationThreshold;
  }

  /**
   * The check a member applies to a peer's capability, tag or COO before using it: close enough to
   * my config's timestamp and newer than any revocation of it ({@link #NO_REVOCATION} if none).
   */
  default boolean isValidAt(
      long myConfigTimestamp, long credentialTimeMaxDelta, long revocationThreshold) {
    return isTimestampWithin(myConfigTimestamp, credentialTimeMaxDelta)
        && isNewerThan(revocationThreshold);
  }

  /** |a − b| ≤ maxDelta, with timestamps as signed and the delta as unsigned 64-bit numbers. */
  static boolean withinDelta(long a, long b, long maxDelta) {
    long delta = a >= b ? a - b : b - a;
    return Long.compareUnsigned(delta, maxDelta) <= 0;
  }
}
