package dev.orbital.root.world;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Serves the root's world as the binary file a stock client reads from its home directory: {@code
 * planet}, or {@code moons.d/<16 hex>.moon}.
 */
@Path("/world")
public class WorldResource {

  private final RootWorlds worlds;

  public WorldResource(RootWorlds worlds) {
    this.worlds = worlds;
  }

  @GET
  @Path("/{file}")
  @Produces(MediaType.APPLICATION_OCTET_STREAM)
  public byte[] file(@PathParam("file") String file) {
    if (!file.equals(worlds.fileName())) {
      throw new NotFoundException(
          "no world file " + file + " here; this root serves " + worlds.fileName());
    }
    return worlds.encoded();
  }
}
