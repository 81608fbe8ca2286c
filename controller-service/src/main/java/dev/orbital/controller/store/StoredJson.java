package dev.orbital.controller.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.MemberJson;
import dev.orbital.controller.network.Network;
import dev.orbital.controller.network.NetworkJson;
import dev.orbital.controller.network.NodePresence;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.netconf.NetworkAddresses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Networks and members as the Kafka record values: the stock JSON objects, read back by applying
 * the POST-able keys to a fresh object and restoring the server-kept fields (revision, times,
 * identity, versions).
 */
final class StoredJson {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private StoredJson() {}

  static byte[] write(Map<String, Object> json) {
    try {
      return JSON.writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Object> read(byte[] value) {
    try {
      return JSON.readValue(value, MAP);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] network(Network n) {
    return write(NetworkJson.toJson(n));
  }

  static byte[] member(Member m) {
    return write(MemberJson.toJson(m));
  }

  static Network network(byte[] value) {
    return network(read(value));
  }

  static Member member(byte[] value) {
    return member(read(value));
  }

  static Network network(Map<String, Object> json) {
    long id = NetworkAddresses.parse((String) json.get("id"));
    Network n = NetworkJson.applyUpdate(Network.create(id, number(json, "creationTime")), json);
    Object window = json.get("certificateTimeoutWindowSize");
    return new Network(
        n.id(),
        n.name(),
        n.isPrivate(),
        n.creationTime(),
        number(json, "revision"),
        n.enableBroadcast(),
        n.multicastLimit(),
        n.mtu(),
        n.assignModes(),
        n.ipAssignmentPools(),
        n.routes(),
        n.rules(),
        (String) json.get("rulesSource"),
        n.capabilities(),
        n.tags(),
        n.dns(),
        n.authTokens(),
        n.remoteTraceTarget(),
        n.remoteTraceLevel(),
        Boolean.TRUE.equals(json.get("ssoEnabled")),
        (String) json.get("clientId"),
        (String) json.get("authorizationEndpoint"),
        window == null ? null : ((Number) window).longValue());
  }

  static Member member(Map<String, Object> json) {
    long nwid = NetworkAddresses.parse((String) json.get("nwid"));
    Address address = Address.parse((String) json.get("address"));
    Member fresh = Member.create(nwid, address, number(json, "creationTime"));
    return MemberJson.applyUpdate(fresh, json, 0).toBuilder()
        .identity((String) json.get("identity"))
        .revision(number(json, "revision"))
        .lastAuthorizedTime(number(json, "lastAuthorizedTime"))
        .lastDeauthorizedTime(number(json, "lastDeauthorizedTime"))
        .lastAuthorizedCredentialType((String) json.get("lastAuthorizedCredentialType"))
        .lastAuthorizedCredential((String) json.get("lastAuthorizedCredential"))
        .vMajor(number(json, "vMajor"))
        .vMinor(number(json, "vMinor"))
        .vRev(number(json, "vRev"))
        .vProto(number(json, "vProto"))
        .ssoExempt(Boolean.TRUE.equals(json.get("ssoExempt")))
        .build();
  }

  static NodePresence presence(byte[] value) {
    Map<String, Object> json = read(value);
    Object paths = json.get("paths");
    List<String> pathList = new ArrayList<>();
    if (paths instanceof List<?> list) {
      list.forEach(p -> pathList.add(String.valueOf(p)));
    }
    return new NodePresence(
        (String) json.get("address"),
        (String) json.get("root"),
        Boolean.TRUE.equals(json.get("online")),
        pathList,
        (int) number(json, "protocolVersion"),
        (String) json.get("version"),
        (int) number(json, "latencyMs"),
        number(json, "lastSeen"));
  }

  private static long number(Map<String, Object> json, String key) {
    Object value = json.get(key);
    return value instanceof Number n ? n.longValue() : 0;
  }
}
