package dev.orbital.controller.api;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The controller API's auth, as stock's: the token in header {@code X-ZT1-Auth}, {@code
 * Authorization: Bearer} or query {@code auth} (read by {@code AdminTokenMechanism}); anything else
 * is 401 with body {@code {}}.
 */
public class AuthFilter {

  @Inject SecurityIdentity identity;

  @ServerRequestFilter
  public Response authenticate(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (!path.startsWith("/controller") && !path.startsWith("/unstable")) {
      return null;
    }
    if (!identity.isAnonymous()) {
      return null;
    }
    return Response.status(Response.Status.UNAUTHORIZED)
        .type(MediaType.APPLICATION_JSON)
        .entity(Map.of())
        .build();
  }
}
