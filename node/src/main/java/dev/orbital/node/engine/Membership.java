package dev.orbital.node.engine;

import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.netconf.CertificateOfMembership;
import dev.orbital.protocol.rules.Rule;
import dev.orbital.protocol.rules.Tags;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What we know of one peer on one network: the COM it showed us (checked against ours, re-checked
 * whenever ours changes) and when we last showed it ours.
 */
final class Membership {

  /**
   * Stock pushes credentials again after this long (ZT_PEER_CREDENTIALS_REQUEST_RATE_LIMIT-ish).
   */
  static final long PUSH_INTERVAL_MILLIS = 500_000;

  /** At most this many tags and capabilities per member (ZT_MAX_NETWORK_TAGS/CAPABILITIES). */
  static final int MAX_CREDENTIALS = 128;

  private final Map<Long, Long> tags = new TreeMap<>();
  private final Map<Integer, List<Rule>> capabilities = new TreeMap<>();
  private Tags tagView = Tags.EMPTY;
  private List<List<Rule>> capabilityView = List.of();
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

  void tag(long id, long value) {
    if (tags.size() < MAX_CREDENTIALS || tags.containsKey(id)) {
      tags.put(id, value);
      tagView = Tags.of(tags);
    }
  }

  Tags tags() {
    return tagView;
  }

  /** A capability the member showed us; kept in order of ID, as rules evaluation wants. */
  void capability(int id, List<Rule> rules) {
    if (capabilities.size() < MAX_CREDENTIALS || capabilities.containsKey(id)) {
      capabilities.put(id, List.copyOf(rules));
      capabilityView = List.copyOf(capabilities.values());
    }
  }

  List<List<Rule>> capabilities() {
    return capabilityView;
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
