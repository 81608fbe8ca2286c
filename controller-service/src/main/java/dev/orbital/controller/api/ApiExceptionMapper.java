package dev.orbital.controller.api;

import dev.orbital.controller.ControllerConfig;
import dev.orbital.controller.network.ValidationException;
import dev.orbital.controller.store.ConflictException;
import dev.orbital.controller.store.StoreException;
import dev.orbital.controller.store.UnknownObjectException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every API error as a small JSON object; never a stack trace. */
public class ApiExceptionMapper {

  private static final Logger LOG = Logger.getLogger(ApiExceptionMapper.class);

  private final ControllerConfig config;

  public ApiExceptionMapper(ControllerConfig config) {
    this.config = config;
  }

  @ServerExceptionMapper
  public Response validation(ValidationException e) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", e.getMessage());
    body.put("field", e.field());
    body.put("reason", e.reason());
    return json(Response.Status.BAD_REQUEST.getStatusCode(), body);
  }

  @ServerExceptionMapper
  public Response unknown(UnknownObjectException e) {
    return json(404, Map.of("error", "not found: " + e.getMessage()));
  }

  @ServerExceptionMapper
  public Response conflict(ConflictException e) {
    return json(409, Map.of("error", "conflict: " + e.getMessage()));
  }

  /**
   * 503 with {@code Retry-After}; {@code applied} says what became of the write: {@code no}
   * (retry), {@code maybe} (read first), {@code yes} (done, only not read back yet).
   */
  @ServerExceptionMapper
  public Response store(StoreException e) {
    LOG.warnf("store write failed: %s", e.getMessage());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", "the store is unavailable: " + e.getMessage());
    body.put(
        "applied",
        switch (e.fate()) {
          case NOT_APPLIED -> "no";
          case MAYBE_APPLIED -> "maybe";
          case APPLIED -> "yes";
        });
    long seconds = Math.max(1, (config.retryAfter().toMillis() + 999) / 1000);
    return Response.status(503)
        .type(MediaType.APPLICATION_JSON)
        .header("Retry-After", seconds)
        .entity(body)
        .build();
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    String reason = e.getResponse().getStatusInfo().getReasonPhrase();
    return json(status, Map.of("error", reason == null ? "HTTP " + status : reason));
  }

  @ServerExceptionMapper
  public Response other(RuntimeException e) {
    LOG.error("unexpected API failure", e);
    return json(500, Map.of("error", "internal error"));
  }

  private static Response json(int status, Map<String, Object> body) {
    return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
  }
}
