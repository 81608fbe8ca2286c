package dev.orbital.controller.network;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.netconf.NetworkAddresses;
import java.net.InetAddress;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A network member, with the fields and defaults of the stock controller's member object ({@code
 * controller/DB.cpp} {@code initMember}, spec §12). {@link MemberJson} reads and writes its JSON
 * form.
 *
 * @param tags tag id → value, sorted by id (JSON {@code [[id, value], ...]})
 * @param capabilities capability ids, sorted and unique
 * @param identity the member's public identity text, learned from its first config request; null
 *     until then
 * @param lastAuthorizedCredentialType "api", "public" or "token"; null before any authorization
 * @param vMajor the client version from its config requests; -1 until seen (also vMinor, vRev,
 *     vProto)
 */
public record Member(
    long networkId,
    Address address,
    boolean authorized,
    boolean activeBridge,
    boolean noAutoAssignIps,
    List<InetAddress> ipAssignments,
    Map<Long, Long> tags,
    List<Long> capabilities,
    String identity,
    long creationTime,
    long revision,
    long lastAuthorizedTime,
    long lastDeauthorizedTime,
    String lastAuthorizedCredentialType,
    String lastAuthorizedCredential,
    long vMajor,
    long vMinor,
    long vRev,
    long vProto,
    String name,
    Address remoteTraceTarget,
    int remoteTraceLevel,
    boolean ssoExempt,
    long authenticationExpiryTime,
    String authenticationUrl) {

  public static final String CREDENTIAL_API = "api";
  public static final String CREDENTIAL_PUBLIC = "public";
  public static final String CREDENTIAL_TOKEN = "token";

  public Member {
    ipAssignments = List.copyOf(ipAssignments);
    tags = Collections.unmodifiableMap(new TreeMap<>(tags));
    capabilities = List.copyOf(new TreeSet<>(capabilities));
    name = name == null ? "" : name;
  }

  /** A member the controller has not seen before, with stock's defaults. */
  public static Member create(long networkId, Address address, long now) {
    return new Member(
        networkId, address, false, false, false, List.of(), Map.of(), List.of(), null, now, 0, 0, 0,
        null, null, -1, -1, -1, -1, "", null, 0, false, 0, null);
  }

  public String networkIdString() {
    return NetworkAddresses.format(networkId);
  }

  public Member withRevision(long newRevision) {
    return new Builder(this).revision(newRevision).build();
  }

  public Member withIdentity(String newIdentity) {
    return new Builder(this).identity(newIdentity).build();
  }

  public Member withIpAssignments(List<InetAddress> newAssignments) {
    return new Builder(this).ipAssignments(newAssignments).build();
  }

  /** Authorized now by {@code credentialType} ("api", "public", "token"). */
  public Member authorize(String credentialType, String credential, long now) {
    return new Builder(this)
        .authorized(true)
        .lastAuthorizedTime(now)
        .lastAuthorizedCredentialType(credentialType)
        .lastAuthorizedCredential(credential)
        .build();
  }

  public Member deauthorize(long now) {
    return new Builder(this).authorized(false).lastDeauthorizedTime(now).build();
  }

  public Member withVersion(long major, long minor, long rev, long proto) {
    return new Builder(this).vMajor(major).vMinor(minor).vRev(rev).vProto(proto).build();
  }

  /** A copy to change some fields of. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Field-by-field copy of a member; {@link #build()} validates nothing beyond the record. */
  public static final class Builder {
    private long networkId;
    private Address address;
    private boolean authorized;
    private boolean activeBridge;
    private boolean noAutoAssignIps;
    private List<InetAddress> ipAssignments;
    private Map<Long, Long> tags;
    private List<Long> capabilities;
    private String identity;
    private long creationTime;
    private long revision;
    private long lastAuthorizedTime;
    private long lastDeauthorizedTime;
    private String lastAuthorizedCredentialType;
    private String lastAuthorizedCredential;
    private long vMajor;
    private long vMinor;
    private long vRev;
    private long vProto;
    private String name;
    private Address remoteTraceTarget;
    private int remoteTraceLevel;
    private boolean ssoExempt;
    private long authenticationExpiryTime;
    private String authenticationUrl;

    Builder(Member m) {
      networkId = m.networkId;
      address = m.address;
      authorized = m.authorized;
      activeBridge = m.activeBridge;
      noAutoAssignIps = m.noAutoAssignIps;
      ipAssignments = m.ipAssignments;
      tags = m.tags;
      capabilities = m.capabilities;
      identity = m.identity;
      creationTime = m.creationTime;
      revision = m.revision;
      lastAuthorizedTime = m.lastAuthorizedTime;
      lastDeauthorizedTime = m.lastDeauthorizedTime;
      lastAuthorizedCredentialType = m.lastAuthorizedCredentialType;
      lastAuthorizedCredential = m.lastAuthorizedCredential;
      vMajor = m.vMajor;
      vMinor = m.vMinor;
      vRev = m.vRev;
      vProto = m.vProto;
      name = m.name;
      remoteTraceTarget = m.remoteTraceTarget;
      remoteTraceLevel = m.remoteTraceLevel;
      ssoExempt = m.ssoExempt;
      authenticationExpiryTime = m.authenticationExpiryTime;
      authenticationUrl = m.authenticationUrl;
    }

    public Builder authorized(boolean value) {
      authorized = value;
      return this;
    }

    public Builder activeBridge(boolean value) {
      activeBridge = value;
      return this;
    }

    public Builder noAutoAssignIps(boolean value) {
      noAutoAssignIps = value;
      return this;
    }

    public Builder ipAssignments(List<InetAddress> value) {
      ipAssignments = value;
      return this;
    }

    public Builder tags(Map<Long, Long> value) {
      tags = value;
      return this;
    }

    public Builder capabilities(List<Long> value) {
      capabilities = value;
      return this;
    }

    public Builder identity(String value) {
      identity = value;
      return this;
    }

    public Builder revision(long value) {
      revision = value;
      return this;
    }

    public Builder lastAuthorizedTime(long value) {
      lastAuthorizedTime = value;
      return this;
    }

    public Builder lastDeauthorizedTime(long value) {
      lastDeauthorizedTime = value;
      return this;
    }

    public Builder lastAuthorizedCredentialType(String value) {
      lastAuthorizedCredentialType = value;
      return this;
    }

    public Builder lastAuthorizedCredential(String value) {
      lastAuthorizedCredential = value;
      return this;
    }

    public Builder vMajor(long value) {
      vMajor = value;
      return this;
    }

    public Builder vMinor(long value) {
      vMinor = value;
      return this;
    }

    public Builder vRev(long value) {
      vRev = value;
      return this;
    }

    public Builder vProto(long value) {
      vProto = value;
      return this;
    }

    public Builder name(String value) {
      name = value;
      return this;
    }

    public Builder remoteTraceTarget(Address value) {
      remoteTraceTarget = value;
      return this;
    }

    public Builder remoteTraceLevel(int value) {
      remoteTraceLevel = value;
      return this;
    }

    public Builder ssoExempt(boolean value) {
      ssoExempt = value;
      return this;
    }

    public Builder authenticationExpiryTime(long value) {
      authenticationExpiryTime = value;
      return this;
    }

    public Builder authenticationUrl(String value) {
      authenticationUrl = value;
      return this;
    }

    public Member build() {
      return new Member(
          networkId,
          address,
          authorized,
          activeBridge,
          noAutoAssignIps,
          ipAssignments,
          tags,
          capabilities,
          identity,
          creationTime,
          revision,
          lastAuthorizedTime,
          lastDeauthorizedTime,
          lastAuthorizedCredentialType,
          lastAuthorizedCredential,
          vMajor,
          vMinor,
          vRev,
          vProto,
          name,
          remoteTraceTarget,
          remoteTraceLevel,
          ssoExempt,
          authenticationExpiryTime,
          authenticationUrl);
    }
  }
}
