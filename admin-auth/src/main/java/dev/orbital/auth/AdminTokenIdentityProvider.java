package dev.orbital.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a presented token into the {@code admin} identity when it is the service's {@link
 * AdminToken} (each service produces that bean from its own configuration).
 */
@ApplicationScoped
public class AdminTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

  /** The one role: whoever holds the token. */
  public static final String ADMIN = "admin";

  private final AdminToken token;

  public AdminTokenIdentityProvider(AdminToken token) {
    this.token = token;
  }

  @Override
  public Class<TokenAuthenticationRequest> getRequestType() {
    return TokenAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      TokenAuthenticationRequest request, AuthenticationRequestContext context) {
    if (!token.matches(request.getToken().getToken())) {
      return Uni.createFrom().failure(new AuthenticationFailedException("wrong admin token"));
    }
    return Uni.createFrom()
        .item(
            QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(ADMIN))
                .addRole(ADMIN)
                .build());
  }
}
