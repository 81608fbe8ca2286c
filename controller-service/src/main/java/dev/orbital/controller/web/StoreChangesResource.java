package dev.orbital.controller.web;

import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * Server-sent events telling the web page which networks and members changed. Under {@code
 * /unstable} so the API token guards it like the rest of the API; the page reads it with {@code
 * fetch} to send the token as a header rather than in the URL.
 */
@Path("/unstable/events")
public class StoreChangesResource {

  /** Often enough that proxies keep the stream open and a dead one is noticed. */
  static final Duration HEARTBEAT = Duration.ofSeconds(15);

  @Inject StoreChanges changes;

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.APPLICATION_JSON)
  public Multi<StoreChange> stream() {
    Multi<StoreChange> heartbeats =
        Multi.createFrom()
            .ticks()
            .every(HEARTBEAT)
            .onOverflow()
            .drop()
            .map(tick -> StoreChange.HEARTBEAT);
    return Multi.createBy().merging().streams(changes.stream(), heartbeats);
  }
}
