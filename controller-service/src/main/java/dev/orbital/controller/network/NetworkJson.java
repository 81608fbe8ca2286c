package dev.orbital.controller.network;

import dev.orbital.controller.ipam.AssignModes;
import dev.orbital.controller.ipam.IpAddresses;
import dev.orbital.controller.ipam.IpNetwork;
import dev.orbital.controller.ipam.IpPool;
import dev.orbital.controller.ipam.ManagedRoute;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.netconf.NetworkConfig;
import dev.orbital.protocol.netconf.NetworkConfigCodec;
import dev.orbital.protocol.rules.Rule;
import dev.orbital.protocol.rules.RuleCodec;
import dev.orbital.protocol.rules.RuleJson;
import dev.orbital.protocol.rules.RuleJsonException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The stock controller's JSON form of a network (spec §12) as plain maps and lists: rendering with
 * stock's keys (sorted, as nlohmann's dump writes them) and applying a POST body.
 *
 * <p>An update changes only the keys present, and only the POST-able ones ({@link #POSTABLE});
 * others are ignored, as in stock. Where stock quietly clamps, drops or zeroes bad input, this
 * rejects the whole update with a {@link ValidationException} naming the field. The legacy forms
 * {@code "v4AssignMode": "zt"} and {@code "v6AssignMode": "rfc4193,6plane"} are accepted.
 */
public final class NetworkJson {

  /** The keys a POST may change ({@code EmbeddedNetworkController::networkUpdateFromPostData}). */
  public static final Set<String> POSTABLE =
      Set.of(
          "name",
          "private",
          "enableBroadcast",
          "multicastLimit",
          "mtu",
          "remoteTraceTarget",
          "remoteTraceLevel",
          "v4AssignMode",
          "v6AssignMode",
          "routes",
          "ipAssignmentPools",
          "rules",
          "authTokens",
          "capabilities",
          "tags",
          "dns");

  public static final int MAX_ROUTES = NetworkConfigCodec.MAX_ROUTES;
  public static final int MAX_POOLS = 64;
  public static final int MAX_CAPABILITIES = NetworkConfigCodec.MAX_CAPABILITIES;
  public static final int MAX_TAGS = NetworkConfigCodec.MAX_TAGS;
  public static final int MAX_AUTH_TOKENS = 1024;
  public static final int MAX_AUTH_TOKEN_LENGTH = 500;

  private NetworkJson() {}

  // ---- render ----------------------------------------------------------------------------------

  public static Map<String, Object> toJson(Network n) {
    Map<String, Object> json = new TreeMap<>();
    String id = n.idString();
    json.put("id", id);
    json.put("nwid", id);
    json.put("objtype", "network");
    json.put("name", n.name());
    json.put("private", n.isPrivate());
    json.put("creationTime", n.creationTime());
    json.put("revision", n.revision());
    json.put("enableBroadcast", n.enableBroadcast());
    json.put("multicastLimit", n.multicastLimit());
    json.put("mtu", n.mtu());
    json.put("v4AssignMode", Map.of("zt", n.assignModes().v4Zt()));
    json.put(
        "v6AssignMode",
        new TreeMap<>(
            Map.of(
                "rfc4193", n.assignModes().rfc4193(),
                "zt", n.assignModes().v6Zt(),
                "6plane", n.assignModes().sixPlane())));
    List<Object> pools = new ArrayList<>();
    for (IpPool pool : n.ipAssignmentPools()) {
      pools.add(
          new TreeMap<>(
              Map.of(
                  "ipRangeStart", IpAddresses.format(pool.start()),
                  "ipRangeEnd", IpAddresses.format(pool.end()))));
    }
    json.put("ipAssignmentPools", pools);
    List<Object> routes = new ArrayList<>();
    for (ManagedRoute route : n.routes()) {
      Map<String, Object> r = new TreeMap<>();
      r.put("target", route.target().toString());
      r.put("via", route.via() == null ? null : IpAddresses.format(route.via()));
      routes.add(r);
    }
    json.put("routes", routes);
    json.put("rules", new ArrayList<>(RuleJson.toJson(n.rules())));
    json.put("rulesSource", n.rulesSource());
    List<Object> capabilities = new ArrayList<>();
    for (CapabilityDefinition c : n.capabilities()) {
      Map<String, Object> cap = new TreeMap<>();
      cap.put("id", c.id());
      cap.put("default", c.isDefault());
      cap.put("rules", new ArrayList<>(RuleJson.toJson(c.rules())));
      capabilities.add(cap);
    }
    json.put("capabilities", capabilities);
    List<Object> tags = new ArrayList<>();
    for (TagDefinition t : n.tags()) {
      Map<String, Object> tag = new TreeMap<>();
      tag.put("id", t.id());
      tag.put("default", t.defaultValue());
      tags.add(tag);
    }
    json.put("tags", tags);
    if (n.dns() == null) {
      json.put("dns", new ArrayList<>());
    } else {
      Map<String, Object> dns = new TreeMap<>();
      dns.put("domain", n.dns().domain());
      List<Object> servers = new ArrayList<>();
      n.dns().servers().forEach(s -> servers.add(IpAddresses.format(s)));
      dns.put("servers", servers);
      json.put("dns", dns);
    }
    // Stock initializes authTokens with {{}}, which nlohmann renders as [null].
    json.put(
        "authTokens",
        n.authTokens().isEmpty()
            ? new ArrayList<>(Arrays.asList((Object) null))
            : new TreeMap<>(n.authTokens()));
    json.put(
        "remoteTraceTarget",
        n.remoteTraceTarget() == null ? null : n.remoteTraceTarget().toString());
    json.put("remoteTraceLevel", n.remoteTraceLevel());
    json.put("ssoEnabled", n.ssoEnabled());
    json.put("clientId", n.clientId());
    json.put("authorizationEndpoint", n.authorizationEndpoint());
    if (n.certificateTimeoutWindowSize() != null) {
      json.put("certificateTimeoutWindowSize", n.certificateTimeoutWindowSize());
    }
    return json;
  }

  // ---- update ----------------------------------------------------------------------------------

  /**
   * {@code network} with the POST-able keys of {@code body} applied; the revision is left alone
   * (the service increments it).
   *
   * @throws ValidationException naming the first bad field; nothing is applied then
   */
  public static Network applyUpdate(Network network, Map<String, ?> body) {
    String name = network.name();
    boolean isPrivate = network.isPrivate();
    boolean enableBroadcast = network.enableBroadcast();
    long multicastLimit = network.multicastLimit();
    int mtu = network.mtu();
    Address traceTarget = network.remoteTraceTarget();
    int traceLevel = network.remoteTraceLevel();
    AssignModes modes = network.assignModes();
    List<ManagedRoute> routes = network.routes();
    List<IpPool> pools = network.ipAssignmentPools();
    List<Rule> rules = network.rules();
    Map<String, Long> authTokens = network.authTokens();
    List<CapabilityDefinition> capabilities = network.capabilities();
    List<TagDefinition> tags = network.tags();
    DnsConfig dns = network.dns();

    for (Map.Entry<String, ?> entry : body.entrySet()) {
      String key = entry.getKey();
      Object value = entry.getValue();
      switch (key) {
        case "name" -> name = name(value);
        case "private" -> isPrivate = JsonFields.bool(value, key);
        case "enableBroadcast" -> enableBroadcast = JsonFields.bool(value, key);
        case "multicastLimit" -> multicastLimit = JsonFields.integer(value, key, 0, JsonFields.U32);
        case "mtu" ->
            mtu =
                (int) JsonFields.integer(value, key, NetworkConfig.MIN_MTU, NetworkConfig.MAX_MTU);
        case "remoteTraceTarget" -> traceTarget = JsonFields.traceTarget(value, key);
        case "remoteTraceLevel" -> traceLevel = (int) JsonFields.integer(value, key, 0, 255);
        case "v4AssignMode" -> modes = v4AssignMode(value, modes);
        case "v6AssignMode" -> modes = v6AssignMode(value, modes);
        case "routes" -> routes = routes(value);
        case "ipAssignmentPools" -> pools = pools(value);
        case "rules" -> rules = rules(value, key, RuleCodec.MAX_NETWORK_RULES);
        case "authTokens" -> authTokens = authTokens(value);
        case "capabilities" -> capabilities = capabilities(value);
        case "tags" -> tags = tags(value);
        case "dns" -> dns = dns(value);
        default -> {
          // Not POST-able (id, revision, objtype, ...) or unknown: ignored, as stock does.
        }
      }
    }
    return new Network(
        network.id(),
        name,
        isPrivate,
        network.creationTime(),
        network.revision(),
        enableBroadcast,
        multicastLimit,
        mtu,
        modes,
        pools,
        routes,
        rules,
        network.rulesSource(),
        capabilities,
        tags,
        dns,
        authTokens,
        traceTarget,
        traceLevel,
        network.ssoEnabled(),
        network.clientId(),
        network.authorizationEndpoint(),
        network.certificateTimeoutWindowSize());
  }

  private static String name(Object value) {
    String name = JsonFields.string(value, "name");
    if (name.length() > NetworkConfig.MAX_NAME_LENGTH || name.indexOf('\0') >= 0) {
      throw new ValidationException(
          "name", "at most " + NetworkConfig.MAX_NAME_LENGTH + " characters, no NUL");
    }
    return name;
  }

  private static AssignModes v4AssignMode(Object value, AssignModes modes) {
    boolean zt;
    if (value instanceof String legacy) {
      zt = legacy.equals("zt");
    } else if (value instanceof Map<?, ?> map) {
      Object flag = map.get("zt");
      zt = flag != null && JsonFields.bool(flag, "v4AssignMode.zt");
    } else {
      throw new ValidationException("v4AssignMode", "must be an object {\"zt\": bool} or \"zt\"");
    }
    return new AssignModes(zt, modes.v6Zt(), modes.rfc4193(), modes.sixPlane());
  }

  private static AssignModes v6AssignMode(Object value, AssignModes modes) {
    boolean zt = false;
    boolean rfc4193 = false;
    boolean sixPlane = false;
    if (value instanceof String legacy) {
      for (String mode : legacy.split(",")) {
        switch (mode.trim()) {
          case "zt" -> zt = true;
          case "rfc4193" -> rfc4193 = true;
          case "6plane" -> sixPlane = true;
          case "" -> {
            // "a,,b" or an empty string: nothing to turn on
          }
          default ->
              throw new ValidationException(
                  "v6AssignMode", "unknown mode \"" + mode.trim() + "\" (zt, rfc4193, 6plane)");
        }
      }
    } else if (value instanceof Map<?, ?> map) {
      zt = flag(map, "zt");
      rfc4193 = flag(map, "rfc4193");
      sixPlane = flag(map, "6plane");
    } else {
      throw new ValidationException(
          "v6AssignMode", "must be an object {\"zt\", \"rfc4193\", \"6plane\"} or a comma list");
    }
    return new AssignModes(modes.v4Zt(), zt, rfc4193, sixPlane);
  }

  private static boolean flag(Map<?, ?> map, String key) {
    Object value = map.get(key);
    return value != null && JsonFields.bool(value, "v6AssignMode." + key);
  }

  private static List<ManagedRoute> routes(Object value) {
    List<?> list = JsonFields.list(value, "routes", MAX_ROUTES);
    List<ManagedRoute> routes = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "routes[" + i + "]";
      Map<?, ?> route = JsonFields.object(list.get(i), path);
      Object target = route.get("target");
      IpNetwork network = target instanceof String text ? IpNetwork.parse(text).orElse(null) : null;
      if (network == null) {
        throw new ValidationException(path + ".target", "must be a network in CIDR form");
      }
      InetAddress via = null;
      Object viaValue = route.get("via");
      if (viaValue != null && !"".equals(viaValue)) {
        via = JsonFields.ip(viaValue, path + ".via");
        if (via.getAddress().length != network.address().getAddress().length) {
          throw new ValidationException(path + ".via", "must be of the target's address family");
        }
      }
      routes.add(new ManagedRoute(network, via));
    }
    return routes;
  }

  private static List<IpPool> pools(Object value) {
    List<?> list = JsonFields.list(value, "ipAssignmentPools", MAX_POOLS);
    List<IpPool> pools = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "ipAssignmentPools[" + i + "]";
      Map<?, ?> pool = JsonFields.object(list.get(i), path);
      InetAddress start = JsonFields.ip(pool.get("ipRangeStart"), path + ".ipRangeStart");
      InetAddress end = JsonFields.ip(pool.get("ipRangeEnd"), path + ".ipRangeEnd");
      byte[] s = start.getAddress();
      byte[] e = end.getAddress();
      if (s.length != e.length) {
        throw new ValidationException(path + ".ipRangeEnd", "must be of the start's family");
      }
      if (Arrays.compareUnsigned(s, e) > 0) {
        throw new ValidationException(path + ".ipRangeEnd", "must not be below ipRangeStart");
      }
      pools.add(new IpPool(start, end));
    }
    return pools;
  }

  private static List<Rule> rules(Object value, String path, int max) {
    try {
      return RuleJson.fromJson(value, path, max);
    } catch (RuleJsonException e) {
      throw new ValidationException(e.path(), e.reason());
    } catch (IllegalArgumentException e) {
      throw new ValidationException(path, e.getMessage());
    }
  }

  private static Map<String, Long> authTokens(Object value) {
    // Stock renders "no tokens" as [null]; a client that read a network posts that back.
    if (value == null
        || (value instanceof List<?> list && list.stream().allMatch(x -> x == null))) {
      return Map.of();
    }
    Map<?, ?> map = JsonFields.object(value, "authTokens");
    if (map.size() > MAX_AUTH_TOKENS) {
      throw new ValidationException("authTokens", "at most " + MAX_AUTH_TOKENS + " tokens");
    }
    Map<String, Long> tokens = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String token = String.valueOf(entry.getKey());
      if (token.isEmpty() || token.length() > MAX_AUTH_TOKEN_LENGTH) {
        throw new ValidationException(
            "authTokens", "a token is 1.." + MAX_AUTH_TOKEN_LENGTH + " characters");
      }
      tokens.put(
          token, JsonFields.integer(entry.getValue(), "authTokens." + token, 0, Long.MAX_VALUE));
    }
    return tokens;
  }

  private static List<CapabilityDefinition> capabilities(Object value) {
    List<?> list = JsonFields.list(value, "capabilities", MAX_CAPABILITIES);
    Map<Long, CapabilityDefinition> byId = new TreeMap<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "capabilities[" + i + "]";
      Map<?, ?> cap = JsonFields.object(list.get(i), path);
      long id = JsonFields.integer(cap.get("id"), path + ".id", 0, JsonFields.U32);
      Object dflt = cap.get("default");
      boolean isDefault = dflt != null && JsonFields.bool(dflt, path + ".default");
      Object rules = cap.get("rules");
      List<Rule> parsed =
          rules == null ? List.of() : rules(rules, path + ".rules", RuleCodec.MAX_CAPABILITY_RULES);
      byId.put(id, new CapabilityDefinition(id, isDefault, parsed));
    }
    return new ArrayList<>(byId.values());
  }

  private static List<TagDefinition> tags(Object value) {
    List<?> list = JsonFields.list(value, "tags", MAX_TAGS);
    Map<Long, TagDefinition> byId = new TreeMap<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "tags[" + i + "]";
      Map<?, ?> tag = JsonFields.object(list.get(i), path);
      long id = JsonFields.integer(tag.get("id"), path + ".id", 0, JsonFields.U32);
      Object dflt = tag.get("default");
      Long defaultValue =
          dflt == null ? null : JsonFields.integer(dflt, path + ".default", 0, JsonFields.U32);
      byId.put(id, new TagDefinition(id, defaultValue));
    }
    return new ArrayList<>(byId.values());
  }

  private static DnsConfig dns(Object value) {
    if (value == null || (value instanceof List<?> list && list.isEmpty())) {
      return null;
    }
    Map<?, ?> dns = JsonFields.object(value, "dns");
    Object domainValue = dns.get("domain");
    String domain = domainValue == null ? "" : JsonFields.string(domainValue, "dns.domain");
    if (domain.length() > DnsConfig.MAX_DOMAIN_LENGTH || domain.indexOf('\0') >= 0) {
      throw new ValidationException(
          "dns.domain", "at most " + DnsConfig.MAX_DOMAIN_LENGTH + " characters, no NUL");
    }
    List<InetAddress> servers = new ArrayList<>();
    Object serversValue = dns.get("servers");
    if (serversValue != null) {
      List<?> list = JsonFields.list(serversValue, "dns.servers", DnsConfig.MAX_SERVERS);
      for (int i = 0; i < list.size(); i++) {
        servers.add(JsonFields.ip(list.get(i), "dns.servers[" + i + "]"));
      }
    }
    return new DnsConfig(domain, Collections.unmodifiableList(servers));
  }
}
