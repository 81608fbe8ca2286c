package dev.orbital.controller.api;

import dev.orbital.controller.ControllerIdentity;
import dev.orbital.controller.network.Network;
import dev.orbital.controller.network.NetworkJson;
import dev.orbital.controller.store.NetworkStore;
import dev.orbital.controller.store.StoreMonitor;
import dev.orbital.controller.store.UnknownObjectException;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The stock controller API's network endpoints (spec §12). */
@Path("/controller")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class NetworkResource {

  /** ZeroTier's controller API version. */
  public static final int API_VERSION = 4;

  private static final String LEGACY_CREATE_SUFFIX = "______";

  @Inject NetworkStore store;
  @Inject ControllerIdentity identity;
  @Inject StoreMonitor monitor;

  /** {@code databaseReady} is the readiness check's answer (see {@code StoreReadiness}). */
  @GET
  @NonBlocking
  public Map<String, Object> status() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("controller", true);
    json.put("apiVersion", API_VERSION);
    json.put("clock", System.currentTimeMillis());
    json.put("databaseReady", monitor.status().ready());
    return json;
  }

  @GET
  @NonBlocking
  @Path("network")
  public List<String> list() {
    return store.view().networks().stream().map(Network::idString).toList();
  }

  @POST
  @Path("network")
  public Map<String, Object> create(String body) {
    return NetworkJson.toJson(
        store.createNetwork(JsonBody.parse(body), System.currentTimeMillis()));
  }

  @PUT
  @Path("network")
  public Map<String, Object> createByPut(String body) {
    return create(body);
  }

  @GET
  @NonBlocking
  @Path("network/{nwid}")
  public Map<String, Object> get(@PathParam("nwid") String nwid) {
    long id = JsonBody.networkId(nwid);
    return NetworkJson.toJson(
        store.view().network(id).orElseThrow(() -> new UnknownObjectException("network " + nwid)));
  }

  /** Create or update; {@code <controller address>______} is the legacy "create a new one". */
  @POST
  @Path("network/{nwid}")
  public Map<String, Object> put(@PathParam("nwid") String nwid, String body) {
    if (nwid.length() == 16 && nwid.endsWith(LEGACY_CREATE_SUFFIX)) {
      if (!nwid.substring(0, 10).equalsIgnoreCase(identity.address().toString())) {
        throw new UnknownObjectException("controller " + nwid.substring(0, 10));
      }
      return create(body);
    }
    long id = JsonBody.networkId(nwid);
    Map<String, Object> update = JsonBody.parse(body);
    return NetworkJson.toJson(store.putNetwork(id, update, System.currentTimeMillis()));
  }

  @PUT
  @Path("network/{nwid}")
  public Map<String, Object> putByPut(@PathParam("nwid") String nwid, String body) {
    return put(nwid, body);
  }

  @DELETE
  @Path("network/{nwid}")
  public Map<String, Object> delete(@PathParam("nwid") String nwid) {
    long id = JsonBody.networkId(nwid);
    return NetworkJson.toJson(store.deleteNetwork(id, System.currentTimeMillis()));
  }
}
