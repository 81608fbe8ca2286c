package dev.orbital.protocol.netconf;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.rules.Rule;
import java.util.List;

/**
 * A member's network configuration as the controller issues it (spec §11.9): everything a node
 * needs to run its virtual interface and to judge its peers. {@link NetworkConfigCodec} maps it to
 * and from the netconf Dictionary.
 *
 * @param version netconf version ({@code v}); 7 for 1.x controllers
 * @param credentialTimeMaxDelta how far apart two members' credential timestamps may be ({@code
 *     ctmd})
 * @param specialists low 40 bits an address, high bits {@code SPECIALIST_*} roles ({@code S})
 * @param staticIps managed addresses; the port holds the prefix length ({@code I})
 * @param com this member's certificate of membership, or null on a config without one
 */
public record NetworkConfig(
    long version,
    long networkId,
    long timestamp,
    long credentialTimeMaxDelta,
    long revision,
    Address issuedTo,
    Address remoteTraceTarget,
    long remoteTraceLevel,
    long flags,
    long multicastLimit,
    long type,
    String name,
    int mtu,
    CertificateOfMembership com,
    List<Capability> capabilities,
    List<Tag> tags,
    List<CertificateOfOwnership> certificatesOfOwnership,
    List<Long> specialists,
    List<Route> routes,
    List<IpEndpoint> staticIps,
    List<Rule> rules,
    DnsSettings dns,
    long ssoVersion,
    boolean ssoEnabled) {

  public static final long CURRENT_VERSION = 7;
  public static final long TYPE_PRIVATE = 0;
  public static final long TYPE_PUBLIC = 1;

  public static final long FLAG_ENABLE_BROADCAST = 0x02;
  public static final long FLAG_ENABLE_IPV6_NDP_EMULATION = 0x04;
  public static final long FLAG_RULES_RESULT_OF_UNSUPPORTED_MATCH = 0x08;
  public static final long FLAG_DISABLE_COMPRESSION = 0x10;

  public static final long SPECIALIST_ACTIVE_BRIDGE = 0x0200_0000_0000L;
  public static final long SPECIALIST_ANCHOR = 0x0400_0000_0000L;
  public static final long SPECIALIST_MULTICAST_REPLICATOR = 0x0800_0000_0000L;

  /** ZT_MIN_MTU / ZT_MAX_MTU: a received MTU is clamped into this range. */
  public static final int MIN_MTU = 1280;

  public static final int MAX_MTU = 10000;
  public static final int DEFAULT_MTU = 2800;
  public static final int MAX_NAME_LENGTH = 127;

  public NetworkConfig {
    if (issuedTo == null) {
      throw new IllegalArgumentException("issuedTo is required");
    }
    remoteTraceTarget = remoteTraceTarget == null ? new Address(0) : remoteTraceTarget;
    name = name == null ? "" : name;
    capabilities = List.copyOf(capabilities);
    tags = List.copyOf(tags);
    certificatesOfOwnership = List.copyOf(certificatesOfOwnership);
    specialists = List.copyOf(specialists);
    routes = List.copyOf(routes);
    staticIps = List.copyOf(staticIps);
    rules = List.copyOf(rules);
    dns = dns == null ? DnsSettings.NONE : dns;
  }

  public boolean isPrivate() {
    return type != TYPE_PUBLIC;
  }

  public boolean broadcastEnabled() {
    return (flags & FLAG_ENABLE_BROADCAST) != 0;
  }

  public boolean ndpEmulationEnabled() {
    return (flags & FLAG_ENABLE_IPV6_NDP_EMULATION) != 0;
  }

  public boolean compressionDisabled() {
    return (flags & FLAG_DISABLE_COMPRESSION) != 0;
  }

  /** True if {@code member} holds the active-bridge specialist role on this network. */
  public boolean isActiveBridge(Address member) {
    for (long specialist : specialists) {
      if ((specialist & Address.MASK) == member.value()
          && (specialist & SPECIALIST_ACTIVE_BRIDGE) != 0) {
        return true;
      }
    }
    return false;
  }
}
