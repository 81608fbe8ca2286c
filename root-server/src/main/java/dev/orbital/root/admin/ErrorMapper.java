package dev.orbital.root.admin;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/** Every HTTP failure as a JSON body with the status and the reason; never a stack trace. */
@Provider
public class ErrorMapper implements ExceptionMapper<WebApplicationException> {

  @Override
  public Response toResponse(WebApplicationException exception) {
    int status = exception.getResponse().getStatus();
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(Map.of("status", status, "error", String.valueOf(exception.getMessage())))
        .build();
  }
}
