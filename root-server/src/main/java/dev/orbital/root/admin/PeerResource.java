package dev.orbital.root.admin;

import dev.orbital.root.peer.PeerDirectory;
import dev.orbital.root.peer.PeerView;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Admin API: the peers this root holds, most recently heard first. */
@Path("/admin/peers")
public class PeerResource {

  private final PeerDirectory peers;

  public PeerResource(PeerDirectory peers) {
    this.peers = peers;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public List<PeerView> list() {
    return peers.snapshot();
  }
}
