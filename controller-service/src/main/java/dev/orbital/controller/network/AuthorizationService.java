package dev.orbital.controller.network;

import dev.orbital.protocol.dictionary.Dictionary;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.verb.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Whether a member may have a network's config, decided as the stock controller does ({@code
 * EmbeddedNetworkController::_request}, spec §12):
 *
 * <ol>
 *   <li>an unknown network: OBJ_NOT_FOUND;
 *   <li>the identity is learned on the first request; a later request from a different identity
 *       with the same address is denied (and changes nothing);
 *   <li>an authorized member: granted;
 *   <li>a public network: granted and authorized, credential type "public";
 *   <li>request metadata {@code a=token:<t>} with {@code t} in the network's {@code authTokens},
 *       its expiry 0 or later than now: granted and authorized, credential type "token";
 *   <li>otherwise NETWORK_ACCESS_DENIED; the member is recorded, unauthorized, for an admin.
 * </ol>
 *
 * A granted member's client version ({@code majv minv revv pv}) is recorded. SSO is not supported:
 * {@code ssoEnabled} networks are treated like any other.
 */
public final class AuthorizationService {

  /** ZT_NETWORKCONFIG_REQUEST_METADATA_KEY_AUTH and its "token:" scheme. */
  public static final String METADATA_AUTH = "a";

  public static final String TOKEN_PREFIX = "token:";

  /** Stock reads the auth value into a 512-byte buffer. */
  public static final int MAX_AUTH_LENGTH = 511;

  /**
   * @param network the network, or null if there is no such network
   * @param member the stored member, or null if the controller does not know it yet
   */
  public AuthorizationDecision decide(
      Network network, Member member, Identity identity, Dictionary metadata, long now) {
    if (network == null) {
      return new AuthorizationDecision.Denied(ErrorCode.OBJ_NOT_FOUND, null);
    }
    Member base = member != null ? member : Member.create(network.id(), identity.address(), now);
    if (base.identity() != null && !base.identity().isEmpty()) {
      if (!sameIdentity(base.identity(), identity)) {
        return new AuthorizationDecision.Denied(ErrorCode.NETWORK_ACCESS_DENIED, null);
      }
    } else {
      base = base.withIdentity(identity.toPublic().toString());
    }

    Member decided = base;
    if (!base.authorized()) {
      if (!network.isPrivate()) {
        decided = base.authorize(Member.CREDENTIAL_PUBLIC, null, now);
      } else {
        Optional<String> token = presentedToken(metadata);
        if (token.isPresent() && tokenValid(network, token.get(), now)) {
          decided = base.authorize(Member.CREDENTIAL_TOKEN, token.get(), now);
        } else {
          return new AuthorizationDecision.Denied(ErrorCode.NETWORK_ACCESS_DENIED, base);
        }
      }
    }
    decided =
        decided.withVersion(
            metadata.u64("majv", 0),
            metadata.u64("minv", 0),
            metadata.u64("revv", 0),
            metadata.u64("pv", 0));
    return new AuthorizationDecision.Granted(decided, !decided.equals(member));
  }

  private static boolean sameIdentity(String stored, Identity presented) {
    try {
      return Identity.parse(stored).equals(presented);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static Optional<String> presentedToken(Dictionary metadata) {
    Optional<byte[]> raw = metadata.bytes(METADATA_AUTH);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    byte[] value = raw.get();
    int end = 0;
    while (end < value.length && end < MAX_AUTH_LENGTH && value[end] != 0) {
      end++;
    }
    String auth = new String(value, 0, end, StandardCharsets.UTF_8);
    if (auth.length() > TOKEN_PREFIX.length() && auth.startsWith(TOKEN_PREFIX)) {
      return Optional.of(auth.substring(TOKEN_PREFIX.length()));
    }
    return Optional.empty();
  }

  private static boolean tokenValid(Network network, String token, long now) {
    Long expires = network.authTokens().get(token);
    return expires != null && (expires == 0 || expires > now);
  }
}
