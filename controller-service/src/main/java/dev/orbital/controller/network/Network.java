package dev.orbital.controller.network;

import dev.orbital.controller.ipam.AssignModes;
import dev.orbital.controller.ipam.IpPool;
import dev.orbital.controller.ipam.ManagedRoute;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.netconf.NetworkAddresses;
import dev.orbital.protocol.netconf.NetworkConfig;
import dev.orbital.protocol.rules.Rule;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network, with the fields and defaults of the stock controller's network object ({@code
 * controller/DB.cpp} {@code initNetwork}, spec §12). {@link NetworkJson} reads and writes its JSON
 * form.
 *
 * @param id the 64-bit network ID; its top 40 bits are the controller's address
 * @param dns null until set: stock renders the unset value as an empty array
 * @param authTokens token → expiry (ms), 0 for never
 * @param remoteTraceTarget null for none
 * @param certificateTimeoutWindowSize the COM max delta (ms) if set; null for the default
 */
public record Network(
    long id,
    String name,
    boolean isPrivate,
    long creationTime,
    long revision,
    boolean enableBroadcast,
    long multicastLimit,
    int mtu,
    AssignModes assignModes,
    List<IpPool> ipAssignmentPools,
    List<ManagedRoute> routes,
    List<Rule> rules,
    String rulesSource,
    List<CapabilityDefinition> capabilities,
    List<TagDefinition> tags,
    DnsConfig dns,
    Map<String, Long> authTokens,
    Address remoteTraceTarget,
    int remoteTraceLevel,
    boolean ssoEnabled,
    String clientId,
    String authorizationEndpoint,
    Long certificateTimeoutWindowSize) {

  public static final long DEFAULT_MULTICAST_LIMIT = 32;

  /** The rules a network starts with: accept everything, like a flat layer-2 segment. */
  public static final List<Rule> ACCEPT_ALL = List.of(new Rule.ActionAccept(false, false));

  public Network {
    name = name == null ? "" : name;
    rulesSource = rulesSource == null ? "" : rulesSource;
    clientId = clientId == null ? "" : clientId;
    authorizationEndpoint = authorizationEndpoint == null ? "" : authorizationEndpoint;
    ipAssignmentPools = List.copyOf(ipAssignmentPools);
    routes = List.copyOf(routes);
    rules = List.copyOf(rules);
    capabilities = List.copyOf(capabilities);
    tags = List.copyOf(tags);
    authTokens = Collections.unmodifiableMap(new LinkedHashMap<>(authTokens));
  }

  /** A new network with stock's defaults: private, broadcast on, 32 recipients, MTU 2800. */
  public static Network create(long id, long now) {
    return new Network(
        id,
        "",
        true,
        now,
        0,
        true,
        DEFAULT_MULTICAST_LIMIT,
        NetworkConfig.DEFAULT_MTU,
        AssignModes.NONE,
        List.of(),
        List.of(),
        ACCEPT_ALL,
        "",
        List.of(),
        List.of(),
        null,
        Map.of(),
        null,
        0,
        false,
        "",
        "",
        null);
  }

  public Address controller() {
    return NetworkAddresses.controllerOf(id);
  }

  /** The ID as 16 hex digits. */
  public String idString() {
    return NetworkAddresses.format(id);
  }

  public Network withRevision(long newRevision) {
    return new Network(
        id,
        name,
        isPrivate,
        creationTime,
        newRevision,
        enableBroadcast,
        multicastLimit,
        mtu,
        assignModes,
        ipAssignmentPools,
        routes,
        rules,
        rulesSource,
        capabilities,
        tags,
        dns,
        authTokens,
        remoteTraceTarget,
        remoteTraceLevel,
        ssoEnabled,
        clientId,
        authorizationEndpoint,
        certificateTimeoutWindowSize);
  }
}
