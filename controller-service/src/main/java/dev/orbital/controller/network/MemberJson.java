package dev.orbital.controller.network;

import dev.orbital.controller.ipam.IpAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The stock controller's JSON form of a member (spec §12): rendering with stock's keys, sorted, and
 * applying a POST body. Only the POST-able keys ({@link #POSTABLE}) change; a change of {@code
 * authorized} stamps {@code lastAuthorizedTime} (credential type "api") or {@code
 * lastDeauthorizedTime}. Bad values are rejected with a {@link ValidationException}.
 */
public final class MemberJson {

  /** The keys a POST may change (stock's member POST handler). */
  public static final Set<String> POSTABLE =
      Set.of(
          "authorized",
          "activeBridge",
          "noAutoAssignIps",
          "ipAssignments",
          "tags",
          "capabilities",
          "name",
          "remoteTraceTarget",
          "remoteTraceLevel",
          "authenticationExpiryTime",
          "authenticationURL");

  /** ZT_MAX_ZT_ASSIGNED_ADDRESSES: more could never reach the member. */
  public static final int MAX_IP_ASSIGNMENTS = 32;

  public static final int MAX_TAGS = NetworkJson.MAX_TAGS;
  public static final int MAX_CAPABILITIES = NetworkJson.MAX_CAPABILITIES;
  public static final int MAX_NAME_LENGTH = 255;

  private MemberJson() {}

  public static Map<String, Object> toJson(Member m) {
    Map<String, Object> json = new TreeMap<>();
    String address = m.address().toString();
    json.put("id", address);
    json.put("address", address);
    json.put("nwid", m.networkIdString());
    json.put("objtype", "member");
    json.put("authorized", m.authorized());
    json.put("activeBridge", m.activeBridge());
    json.put("noAutoAssignIps", m.noAutoAssignIps());
    List<Object> ips = new ArrayList<>();
    m.ipAssignments().forEach(ip -> ips.add(IpAddresses.format(ip)));
    json.put("ipAssignments", ips);
    List<Object> tags = new ArrayList<>();
    m.tags().forEach((id, value) -> tags.add(new ArrayList<>(List.of(id, value))));
    json.put("tags", tags);
    json.put("capabilities", new ArrayList<>(m.capabilities()));
    if (m.identity() != null) {
      // Stock adds the key when it learns the identity from the first config request.
      json.put("identity", m.identity());
    }
    json.put("creationTime", m.creationTime());
    json.put("revision", m.revision());
    json.put("lastAuthorizedTime", m.lastAuthorizedTime());
    json.put("lastDeauthorizedTime", m.lastDeauthorizedTime());
    json.put("lastAuthorizedCredentialType", m.lastAuthorizedCredentialType());
    json.put("lastAuthorizedCredential", m.lastAuthorizedCredential());
    json.put("vMajor", m.vMajor());
    json.put("vMinor", m.vMinor());
    json.put("vRev", m.vRev());
    json.put("vProto", m.vProto());
    json.put("name", m.name());
    json.put(
        "remoteTraceTarget",
        m.remoteTraceTarget() == null ? null : m.remoteTraceTarget().toString());
    json.put("remoteTraceLevel", m.remoteTraceLevel());
    json.put("ssoExempt", m.ssoExempt());
    json.put("authenticationExpiryTime", m.authenticationExpiryTime());
    if (m.authenticationUrl() != null) {
      json.put("authenticationURL", m.authenticationUrl());
    }
    return json;
  }

  /**
   * The API's member object: {@link #toJson(Member)} plus what the roots report about the node, in
   * the keys controller UIs read (ztncui, zero-ui, ZeroTier Central): {@code lastOnline} and {@code
   * lastSeen} (ms, 0 if never seen), {@code online}, {@code physicalAddress} (IP of the freshest
   * path), {@code clientVersion} ({@code major.minor.revision}) and {@code latency} (ms, -1 if
   * unknown). {@code vMajor/vMinor/vRev/vProto} not yet learned from a config request come from the
   * roots' report.
   */
  public static Map<String, Object> toApiJson(Member m, Optional<NodePresence> presence) {
    Map<String, Object> json = toJson(m);
    NodePresence p = presence.orElse(null);
    long[] version = p == null ? null : parseVersion(p.version());
    if (m.vMajor() < 0 && version != null) {
      json.put("vMajor", version[0]);
      json.put("vMinor", version[1]);
      json.put("vRev", version[2]);
      json.put("vProto", (long) p.protocolVersion());
    }
    json.put("lastOnline", p == null ? 0L : p.lastSeen());
    json.put("lastSeen", p == null ? 0L : p.lastSeen());
    json.put("online", p != null && p.online());
    json.put("physicalAddress", p == null ? null : p.physicalAddress());
    json.put("latency", p == null ? -1 : p.latencyMs());
    String clientVersion = null;
    if (m.vMajor() >= 0) {
      clientVersion = m.vMajor() + "." + m.vMinor() + "." + m.vRev();
    } else if (version != null) {
      clientVersion = version[0] + "." + version[1] + "." + version[2];
    }
    json.put("clientVersion", clientVersion);
    return json;
  }

  private static long[] parseVersion(String version) {
    if (version == null || !version.matches("\\d{1,9}\\.\\d{1,9}\\.\\d{1,9}")) {
      return null;
    }
    String[] parts = version.split("\\.");
    return new long[] {
      Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2])
    };
  }

  /**
   * {@code member} with the POST-able keys of {@code body} applied at time {@code now}; the
   * revision is left alone.
   *
   * @throws ValidationException naming the first bad field; nothing is applied then
   */
  public static Member applyUpdate(Member member, Map<String, ?> body, long now) {
    Member.Builder b = member.toBuilder();
    for (Map.Entry<String, ?> entry : body.entrySet()) {
      String key = entry.getKey();
      Object value = entry.getValue();
      switch (key) {
        case "authorized" -> {
          boolean authorized = JsonFields.bool(value, key);
          if (authorized != member.authorized()) {
            b.authorized(authorized);
            if (authorized) {
              b.lastAuthorizedTime(now)
                  .lastAuthorizedCredentialType(Member.CREDENTIAL_API)
                  .lastAuthorizedCredential(null);
            } else {
              b.lastDeauthorizedTime(now);
            }
          }
        }
        case "activeBridge" -> b.activeBridge(JsonFields.bool(value, key));
        case "noAutoAssignIps" -> b.noAutoAssignIps(JsonFields.bool(value, key));
        case "ipAssignments" -> b.ipAssignments(ipAssignments(value));
        case "tags" -> b.tags(tags(value));
        case "capabilities" -> b.capabilities(capabilities(value));
        case "name" -> {
          String name = JsonFields.string(value, key);
          if (name.length() > MAX_NAME_LENGTH) {
            throw new ValidationException(key, "at most " + MAX_NAME_LENGTH + " characters");
          }
          b.name(name);
        }
        case "remoteTraceTarget" -> b.remoteTraceTarget(JsonFields.traceTarget(value, key));
        case "remoteTraceLevel" -> b.remoteTraceLevel((int) JsonFields.integer(value, key, 0, 255));
        case "authenticationExpiryTime" ->
            b.authenticationExpiryTime(JsonFields.integer(value, key, 0, Long.MAX_VALUE));
        case "authenticationURL" ->
            b.authenticationUrl(value == null ? null : JsonFields.string(value, key));
        default -> {
          // Not POST-able (id, identity, revision, vMajor, ...) or unknown: ignored, as stock does.
        }
      }
    }
    return b.build();
  }

  private static List<InetAddress> ipAssignments(Object value) {
    List<?> list = JsonFields.list(value, "ipAssignments", MAX_IP_ASSIGNMENTS);
    List<InetAddress> ips = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      InetAddress ip = JsonFields.ip(list.get(i), "ipAssignments[" + i + "]");
      if (!ips.contains(ip)) {
        ips.add(ip);
      }
    }
    return ips;
  }

  private static Map<Long, Long> tags(Object value) {
    List<?> list = JsonFields.list(value, "tags", MAX_TAGS);
    Map<Long, Long> tags = new TreeMap<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "tags[" + i + "]";
      List<?> pair = JsonFields.list(list.get(i), path, 2);
      if (pair.size() != 2) {
        throw new ValidationException(path, "must be [id, value]");
      }
      tags.put(
          JsonFields.integer(pair.get(0), path + "[0]", 0, JsonFields.U32),
          JsonFields.integer(pair.get(1), path + "[1]", 0, JsonFields.U32));
    }
    return tags;
  }

  private static List<Long> capabilities(Object value) {
    List<?> list = JsonFields.list(value, "capabilities", MAX_CAPABILITIES);
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      ids.add(JsonFields.integer(list.get(i), "capabilities[" + i + "]", 0, JsonFields.U32));
    }
    return ids;
  }
}
