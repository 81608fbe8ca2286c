package dev.orbital.controller.api;

import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.MemberJson;
import dev.orbital.controller.store.NetworkStore;
import dev.orbital.controller.store.UnknownObjectException;
import dev.orbital.protocol.Address;
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
import java.util.Map;
import java.util.TreeMap;

/** The stock controller API's member endpoints (spec §12). */
@Path("/controller/network/{nwid}/member")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class MemberResource {

  @Inject NetworkStore store;

  /** {@code {"<address>": <revision>, …}}. */
  @GET
  @NonBlocking
  public Map<String, Long> list(@PathParam("nwid") String nwid) {
    long id = existingNetwork(nwid);
    Map<String, Long> revisions = new TreeMap<>();
    for (Member m : store.view().members(id)) {
      revisions.put(m.address().toString(), m.revision());
    }
    return revisions;
  }

  @GET
  @NonBlocking
  @Path("{address}")
  public Map<String, Object> get(
      @PathParam("nwid") String nwid, @PathParam("address") String address) {
    long id = existingNetwork(nwid);
    Address addr = JsonBody.address(address);
    Member member =
        store
            .view()
            .member(id, addr)
            .orElseThrow(() -> new UnknownObjectException("member " + address));
    return MemberJson.toApiJson(member, store.view().presence(addr));
  }

  @POST
  @Path("{address}")
  public Map<String, Object> put(
      @PathParam("nwid") String nwid, @PathParam("address") String address, String body) {
    long id = JsonBody.networkId(nwid);
    Address addr = JsonBody.address(address);
    Map<String, Object> update = JsonBody.parse(body);
    Member stored = store.putMember(id, addr, update, System.currentTimeMillis());
    return MemberJson.toApiJson(stored, store.view().presence(addr));
  }

  @PUT
  @Path("{address}")
  public Map<String, Object> putByPut(
      @PathParam("nwid") String nwid, @PathParam("address") String address, String body) {
    return put(nwid, address, body);
  }

  @DELETE
  @Path("{address}")
  public Map<String, Object> delete(
      @PathParam("nwid") String nwid, @PathParam("address") String address) {
    long id = JsonBody.networkId(nwid);
    Address addr = JsonBody.anyAddress(address);
    return MemberJson.toJson(store.deleteMember(id, addr, System.currentTimeMillis()));
  }

  private long existingNetwork(String nwid) {
    long id = JsonBody.networkId(nwid);
    store.view().network(id).orElseThrow(() -> new UnknownObjectException("network " + nwid));
    return id;
  }
}
