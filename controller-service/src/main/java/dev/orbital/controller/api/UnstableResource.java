package dev.orbital.controller.api;

import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.MemberJson;
import dev.orbital.controller.network.Network;
import dev.orbital.controller.network.NetworkJson;
import dev.orbital.controller.store.NetworkStore;
import dev.orbital.controller.store.UnknownObjectException;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stock's "unstable" listings: whole objects with counts, in one call. */
@Path("/unstable/controller/network")
@Produces(MediaType.APPLICATION_JSON)
public class UnstableResource {

  @Inject NetworkStore store;

  @GET
  @NonBlocking
  public Map<String, Object> networks() {
    List<Object> data = new ArrayList<>();
    for (Network n : store.view().networks()) {
      List<Member> members = store.view().members(n.id());
      Map<String, Object> json = NetworkJson.toJson(n);
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("totalMemberCount", members.size());
      meta.put("authorizedMemberCount", members.stream().filter(Member::authorized).count());
      json.put("meta", meta);
      data.add(json);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("data", data);
    result.put("meta", Map.of("networkCount", data.size()));
    return result;
  }

  @GET
  @NonBlocking
  @Path("{nwid}/member")
  public Map<String, Object> members(@PathParam("nwid") String nwid) {
    long id = JsonBody.networkId(nwid);
    store.view().network(id).orElseThrow(() -> new UnknownObjectException("network " + nwid));
    List<Member> members = store.view().members(id);
    List<Object> data = new ArrayList<>();
    members.forEach(m -> data.add(MemberJson.toApiJson(m, store.view().presence(m.address()))));
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("totalCount", members.size());
    meta.put("authorizedCount", members.stream().filter(Member::authorized).count());
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("data", data);
    result.put("meta", meta);
    return result;
  }
}
