package dev.orbital.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Reads the admin token where stock ZeroTier's service API takes its token: the {@code X-ZT1-Auth}
 * header, {@code Authorization: Bearer} (what Prometheus sends) or the {@code auth} query
 * parameter. A wrong or missing token leaves the request anonymous rather than failing it: the path
 * permissions ({@code quarkus.http.auth.permission.*}) decide which paths need the token, so public
 * paths (the planet, health) answer whatever a client sends.
 */
@ApplicationScoped
public class AdminTokenMechanism implements HttpAuthenticationMechanism {

  static final String HEADER = "X-ZT1-Auth";
  private static final String BEARER = "Bearer ";

  @Override
  public Uni<SecurityIdentity> authenticate(
      RoutingContext context, IdentityProviderManager identities) {
    String candidate = candidate(context);
    if (candidate == null) {
      return Uni.createFrom().nullItem();
    }
    TokenAuthenticationRequest request =
        new TokenAuthenticationRequest(new TokenCredential(candidate, "bearer"));
    HttpSecurityUtils.setRoutingContextAttribute(request, context);
    return identities
        .authenticate(request)
        .onFailure(AuthenticationFailedException.class)
        .recoverWithNull();
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of(TokenAuthenticationRequest.class);
  }

  private static String candidate(RoutingContext context) {
    String header = context.request().getHeader(HEADER);
    if (header != null) {
      return header;
    }
    String authorization = context.request().getHeader("Authorization");
    if (authorization != null && authorization.startsWith(BEARER)) {
      return authorization.substring(BEARER.length());
    }
    return context.request().getParam("auth");
  }
}
