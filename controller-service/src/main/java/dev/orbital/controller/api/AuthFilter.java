package dev.orbital.controller.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The controller API's auth, as stock's: header {@code X-ZT1-Auth}, {@code Authorization: Bearer}
 * or query {@code auth}; anything else is 401 with body {@code {}}.
 */
public class AuthFilter {

  private static final String BEARER = "Bearer ";

  @Inject ApiToken token;

  @ServerRequestFilter
  public Response authenticate(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (!path.startsWith("/controller") && !path.startsWith("/unstable")) {
      return null;
    }
    String authorization = request.getHeaderString("Authorization");
    String bearer =
        authorization != null && authorization.startsWith(BEARER)
            ? authorization.substring(BEARER.length())
            : null;
    if (token.matches(request.getHeaderString("X-ZT1-Auth"))
        || token.matches(bearer)
        || token.matches(request.getUriInfo().getQueryParameters().getFirst("auth"))) {
      return null;
    }
    return Response.status(Response.Status.UNAUTHORIZED)
        .type(MediaType.APPLICATION_JSON)
        .entity(Map.of())
        .build();
  }
}
