package dev.orbital.controller.netconf;

import dev.orbital.controller.ipam.IpAssignment;
import dev.orbital.controller.ipam.IpAssignmentService;
import dev.orbital.controller.ipam.ManagedRoute;
import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.Network;
import dev.orbital.controller.rules.RulesService;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.dictionary.Dictionary;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.netconf.Capability;
import dev.orbital.protocol.netconf.CertificateOfMembership;
import dev.orbital.protocol.netconf.CertificateOfOwnership;
import dev.orbital.protocol.netconf.DnsSettings;
import dev.orbital.protocol.netconf.NetworkConfig;
import dev.orbital.protocol.netconf.NetworkConfigCodec;
import dev.orbital.protocol.netconf.Route;
import dev.orbital.protocol.netconf.Tag;
import dev.orbital.protocol.rules.Rule;
import dev.orbital.protocol.verb.ConfigChunk;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Builds an authorized member's network config the way a stock 1.14.1 controller does ({@code
 * EmbeddedNetworkController::_request}, spec §11.4, §11.5, §11.9, §11.12), and splits it into
 * signed chunks.
 *
 * <ul>
 *   <li>{@code ts} = now; {@code ctmd} = the network's {@code certificateTimeoutWindowSize}, 30
 *       minutes by default, clamped to 5 minutes..2 hours; {@code r} = the network's revision;
 *   <li>flags: broadcast if enabled, NDP emulation if an RFC4193 or 6PLANE address is given;
 *   <li>rules: the network's, or accept-all for a requester without a rules engine ({@code revr}
 *       0), which also gets no capabilities or tags;
 *   <li>a COM issued to the member, and one COO (id 1) listing its static IPs (the first 16);
 *   <li>the remote trace target and level of the member if it has a target, else the network's.
 * </ul>
 */
public final class NetworkConfigService {

  /** ZT_NETWORKCONFIG_DEFAULT_CREDENTIAL_TIME_DFL_MAX_DELTA, as the corpus config carries. */
  public static final long DEFAULT_CREDENTIAL_TIME_MAX_DELTA = 30 * 60_000L;

  public static final long MIN_CREDENTIAL_TIME_MAX_DELTA = 5 * 60_000L;
  public static final long MAX_CREDENTIAL_TIME_MAX_DELTA = 2 * 60 * 60_000L;

  /** The one COO a controller issues carries this id. */
  public static final int COO_ID = 1;

  /** Request metadata: the rules engine revision of the requester. */
  public static final String METADATA_RULES_ENGINE_REVISION = "revr";

  private final Identity controller;
  private final IpAssignmentService ipam;
  private final RulesService rules;

  public NetworkConfigService(Identity controller, IpAssignmentService ipam) {
    this.controller = controller;
    this.ipam = ipam;
    this.rules = new RulesService(controller);
  }

  /**
   * The config for an authorized {@code member} of {@code network}.
   *
   * @param memberIdentity the identity that asked (the COM binds to its key)
   * @param newMember whether this request created the member (it then gets default capabilities)
   * @param allocated every IP held in the network, this member's included
   * @param activeBridges the network's members with {@code activeBridge} set
   */
  public IssuedConfig issue(
      Network network,
      Member member,
      Identity memberIdentity,
      Dictionary metadata,
      boolean newMember,
      Set<InetAddress> allocated,
      List<Address> activeBridges,
      long now) {
    long nwid = network.id();
    long rulesEngine = metadata.u64(METADATA_RULES_ENGINE_REVISION, 0);
    boolean hasRulesEngine = RulesService.hasRulesEngine(rulesEngine);
    Member updated = hasRulesEngine ? rules.withDefaults(network, member, newMember) : member;

    IpAssignment ips =
        ipam.assign(
            nwid,
            member.address(),
            network.assignModes(),
            network.ipAssignmentPools(),
            network.routes(),
            updated.ipAssignments(),
            updated.noAutoAssignIps(),
            allocated);
    if (ips.changed(updated.ipAssignments())) {
      updated = updated.withIpAssignments(ips.ipAssignments());
    }

    long flags = network.enableBroadcast() ? NetworkConfig.FLAG_ENABLE_BROADCAST : 0;
    if (ips.ndpEmulation()) {
      flags |= NetworkConfig.FLAG_ENABLE_IPV6_NDP_EMULATION;
    }
    long ctmd = credentialTimeMaxDelta(network);
    List<Capability> capabilities =
        hasRulesEngine ? rules.capabilities(network, updated, now) : List.of();
    List<Tag> tags = hasRulesEngine ? rules.tags(network, updated, now) : List.of();
    List<Rule> ruleTable = rules.rulesFor(network, rulesEngine);

    Address traceTarget = network.remoteTraceTarget();
    long traceLevel = network.remoteTraceLevel();
    if (member.remoteTraceTarget() != null) {
      traceTarget = member.remoteTraceTarget();
      traceLevel = member.remoteTraceLevel();
    }

    NetworkConfig config =
        new NetworkConfig(
            NetworkConfig.CURRENT_VERSION,
            nwid,
            now,
            ctmd,
            network.revision(),
            member.address(),
            traceTarget,
            traceLevel,
            flags,
            network.multicastLimit(),
            network.isPrivate() ? NetworkConfig.TYPE_PRIVATE : NetworkConfig.TYPE_PUBLIC,
            truncate(network.name(), NetworkConfig.MAX_NAME_LENGTH),
            network.mtu(),
            CertificateOfMembership.issue(now, ctmd, nwid, memberIdentity, controller),
            capabilities,
            tags,
            ownership(nwid, now, member.address(), ips.staticIps()),
            specialists(activeBridges),
            routes(network.routes()),
            ips.staticIps(),
            ruleTable,
            dns(network),
            0,
            network.ssoEnabled());
    return new IssuedConfig(config, updated, !updated.equals(member));
  }

  /**
   * The config's dictionary, split into chunks signed by the controller, all with {@code
   * configUpdateId} (random and non-zero; one per config).
   */
  public List<ConfigChunk> chunks(NetworkConfig config, long configUpdateId) {
    if (configUpdateId == 0) {
      throw new IllegalArgumentException("the config update ID must not be 0");
    }
    return ConfigChunk.split(
        config.networkId(), NetworkConfigCodec.encode(config), configUpdateId, 0, controller);
  }

  static long credentialTimeMaxDelta(Network network) {
    Long window = network.certificateTimeoutWindowSize();
    long delta = window == null ? DEFAULT_CREDENTIAL_TIME_MAX_DELTA : window;
    return Math.max(MIN_CREDENTIAL_TIME_MAX_DELTA, Math.min(MAX_CREDENTIAL_TIME_MAX_DELTA, delta));
  }

  private List<CertificateOfOwnership> ownership(
      long nwid, long now, Address member, List<IpEndpoint> staticIps) {
    if (staticIps.isEmpty()) {
      return List.of();
    }
    List<CertificateOfOwnership.Thing> things = new ArrayList<>();
    for (IpEndpoint ip : staticIps) {
      if (things.size() == CertificateOfOwnership.MAX_THINGS) {
        break;
      }
      things.add(CertificateOfOwnership.Thing.of(ip.ip()));
    }
    return List.of(CertificateOfOwnership.of(nwid, now, COO_ID, member, things).sign(controller));
  }

  private static List<Long> specialists(List<Address> activeBridges) {
    List<Long> out = new ArrayList<>();
    activeBridges.stream()
        .sorted()
        .limit(NetworkConfigCodec.MAX_SPECIALISTS)
        .forEach(a -> out.add(NetworkConfig.SPECIALIST_ACTIVE_BRIDGE | a.value()));
    return out;
  }

  private static List<Route> routes(List<ManagedRoute> routes) {
    List<Route> out = new ArrayList<>();
    for (ManagedRoute route : routes) {
      if (out.size() == NetworkConfigCodec.MAX_ROUTES) {
        break;
      }
      out.add(
          new Route(
              new IpEndpoint(route.target().address(), route.target().bits()),
              route.via() == null ? IpEndpoint.NONE : new IpEndpoint(route.via(), 0),
              0,
              0));
    }
    return out;
  }

  private static DnsSettings dns(Network network) {
    if (network.dns() == null) {
      return DnsSettings.NONE;
    }
    return new DnsSettings(network.dns().domain(), network.dns().servers());
  }

  private static String truncate(String text, int max) {
    return text.length() > max ? text.substring(0, max) : text;
  }
}
