package dev.orbital.root.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The root server's whole configuration ({@code orbital.root.*}). Bean validation runs at start,
 * and {@link dev.orbital.root.world.RootWorlds} checks what annotations cannot (identities, keys,
 * endpoints): a bad value stops the service with a message naming the key.
 */
@ConfigMapping(prefix = "orbital.root")
public interface RootConfig {

  /** UDP port for the ZeroTier protocol. */
  @WithDefault("9993")
  @Min(1)
  @Max(65535)
  int port();

  /** Local address the UDP socket binds to. */
  @WithDefault("0.0.0.0")
  String bindAddress();

  /** Where {@code identity.secret} (and a generated world update key) are kept. */
  @WithDefault("data")
  Path dataDir();

  /**
   * This root's secret identity in text form (for example from a Kubernetes secret). When absent,
   * {@code identity.secret} in {@link #dataDir()} is used, created on first start.
   */
  Optional<String> identity();

  /**
   * The admin token that opens {@code /admin}, {@code /q/metrics} and {@code /q/openapi}. When
   * absent, {@link #authTokenFile()} is read.
   */
  Optional<String> authToken();

  /**
   * The file holding the admin token; defaults to {@code authtoken.secret} in {@link #dataDir()}.
   * Generated there on first start when missing.
   */
  Optional<Path> authTokenFile();

  @Valid
  WorldConfig world();

  @Valid
  Limits limits();

  @Valid
  Presence presence();

  /** The world (planet or moon) this root serves and is a member of. */
  interface WorldConfig {

    @WithDefault("planet")
    WorldKind type();

    /**
     * The world ID. Required for a planet (never Earth's 149604618); a moon defaults to this root's
     * address, as {@code zerotier-idtool initmoon} does.
     */
    Optional<Long> id();

    /** The revision: nodes replace a world only with one of a higher timestamp. */
    @Min(1)
    long timestamp();

    /**
     * The key that signs this revision (the previous revision's update key), as 256 hex digits:
     * public(64 bytes) ‖ private(64 bytes), the content of mkworld's {@code current.c25519}.
     */
    Optional<String> signingKey();

    /** A file holding the signing key: 128 raw bytes (mkworld) or the 256 hex digits. */
    Optional<Path> signingKeyFile();

    /**
     * The public key (128 hex digits) that must sign the next revision; defaults to the signing
     * key's public half.
     */
    Optional<String> updatesMustBeSignedBy();

    /**
     * For a moon: the planet file (as a node holds it, e.g. fetched from a planet root's {@code
     * /world/planet}) whose roots this moon root registers with, so that a node that orbits the
     * moon by its ID and seed finds this root through its planet (as a stock moon root does). Not
     * allowed for a planet.
     */
    Optional<Path> planetFile();

    /** The world's roots (at most 4), this one included. */
    @NotEmpty
    @Size(max = 4)
    List<@Valid RootEntry> roots();
  }

  /** One root of the world. */
  interface RootEntry {

    /** The root's public identity; absent means this root itself. */
    Optional<String> identity();

    /** Its stable endpoints, {@code ip/port}; nodes use only these for it. */
    @NotEmpty
    @Size(max = 32)
    List<String> endpoints();
  }

  /** Hard caps: memory stays bounded whatever arrives. */
  interface Limits {

    /** Peers held at most; the one heard from least recently goes first. */
    @WithDefault("250000")
    @Min(1)
    int maxPeers();

    /** Physical paths kept per peer; the least recently used goes first. */
    @WithDefault("4")
    @Min(1)
    @Max(64)
    int maxPathsPerPeer();

    /** Multicast subscriptions (network, group, member) held at most, oldest evicted first. */
    @WithDefault("1000000")
    @Min(1)
    int maxMulticastSubscriptions();

    /**
     * New identities' memory-hard checks are a token bucket per source network (IPv4 /24, IPv6
     * /64): one token comes back per this interval (stock roots: one check per 2 s per /24).
     */
    @WithDefault("2s")
    Duration identityValidationInterval();

    /**
     * Tokens a source network's bucket holds: this many new hosts behind one address are checked at
     * once, the rest one per {@link #identityValidationInterval()}. 1 is stock's behaviour.
     */
    @WithDefault("16")
    @Min(1)
    @Max(1024)
    int identityValidationBurst();

    /** New identities being validated at once, at most (each check takes 2 MiB for a moment). */
    @WithDefault("8")
    @Min(1)
    int maxPendingValidations();

    /**
     * Whether new identities get the memory-hard check. Only a load test with synthetic identities
     * turns this off: without it, anyone can claim any address.
     */
    @WithDefault("true")
    boolean validateIdentities();
  }

  /** Presence events to Kafka. */
  interface Presence {

    @WithDefault("true")
    boolean enabled();

    /** The compacted topic presence goes to. */
    @WithDefault("orbital.presence")
    String topic();

    /**
     * A peer heard again is republished at most this often (besides every change), so the {@code
     * lastSeen} readers get is at most this much older than the root's last packet from it.
     */
    @WithDefault("30s")
    Duration refreshInterval();
  }

  /** The kind of world a root serves. */
  enum WorldKind {
    PLANET,
    MOON
  }
}
