package dev.orbital.node.engine;

import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.netconf.CertificateOfMembership;

/**
 * What we know of one peer on one network: the COM it showed us (checked against ours, re-checked
 * whenever ours changes) and when we last showed it ours.
 */
final class Membership {

  /**
   * Stock pushes credentials again after this long (ZT_PEER_CREDENTIALS_REQUEST_RATE_LIMIT-ish).
   */
  static final long PUSH_INTERVAL_MILLIS = 500_000;

  private CertificateOfMembership theirs;
  private CertificateOfMembership checkedAgainst;
  private boolean agreed;
  private CertificateOfMembership lastPushed;
  private long lastPushedAt;
  private long lastCertificateRequest;

  void theirs(CertificateOfMembership com) {
    if (theirs == null || com.timestamp() >= theirs.timestamp()) {
      theirs = com;
      checkedAgainst = null;
    }
  }

  CertificateOfMembership theirs() {
    return theirs;
  }

  /** Whether their COM agrees with {@code ours} and is later than {@code revokedBefore}. */
  boolean admits(CertificateOfMembership ours, Identity peer, long revokedBefore) {
    if (theirs == null || ours == null) {
      return false;
    }
    if (theirs.timestamp() <= revokedBefore) {
      return false;
    }
    if (checkedAgainst != ours) {
      agreed = ours.agreesWith(theirs, peer);
      checkedAgainst = ours;
    }
    return agreed;
  }

  /** Whether we should push {@code ours} before the next frame. */
  boolean shouldPush(CertificateOfMembership ours, long now) {
    return ours != null && (lastPushed != ours || now - lastPushedAt > PUSH_INTERVAL_MILLIS);
  }

  void pushed(CertificateOfMembership ours, long now) {
    lastPushed = ours;
    lastPushedAt = now;
  }

  /** Rate limit for ERROR(NEED_MEMBERSHIP_CERTIFICATE) replies: one a second. */
  boolean mayRequestCertificate(long now) {
    if (now - lastCertificateRequest < 1_000) {
      return false;
    }
    lastCertificateRequest = now;
    return true;
  }
}
