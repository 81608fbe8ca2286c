package dev.orbital.relay.server;

import dev.orbital.protocol.relay.RelayFrameCodec;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The relay's whole configuration ({@code orbital.relay.*}); validated at start. */
@ConfigMapping(prefix = "orbital.relay")
public interface RelayConfig {

  /** TCP port clients connect to; stock clients' {@code tcpFallbackRelay} names it (443). */
  @WithDefault("443")
  @Min(0)
  @Max(65535)
  int port();

  @WithDefault("0.0.0.0")
  String bindAddress();

  /**
   * The admin token that opens {@code /q/metrics} on the HTTP port; when absent, {@link
   * #authTokenFile()} is read. With neither, those endpoints answer 401 to everyone.
   */
  Optional<String> authToken();

  /** A file holding the admin token (for example the controller's {@code authtoken.secret}). */
  Optional<Path> authTokenFile();

  /** Connections with no traffic either way for this long are closed (stock: 300 s). */
  @WithDefault("300s")
  Duration idleTimeout();

  /** Connections that have not sent the version hello by then are closed. */
  @WithDefault("10s")
  Duration helloTimeout();

  /** Largest record payload accepted from a client (a datagram plus its 19-byte address). */
  @WithDefault("16384")
  @Min(64)
  @Max(RelayFrameCodec.MAX_RECORD_PAYLOAD)
  int maxRecordBytes();

  /** Bytes of replies queued on a connection's TCP socket before further replies are dropped. */
  @WithDefault("131072")
  @Min(1024)
  int maxQueuedReplyBytes();

  /** Open client connections at most; more are closed at once (a connection flood). */
  @WithDefault("10000")
  @Min(1)
  int maxConnections();

  /** Open connections from one source IP (an IPv6 /64) at most; more are closed at once. */
  @WithDefault("32")
  @Min(1)
  int maxConnectionsPerIp();

  /**
   * Datagrams any client may send per second; more closes the connection as a flood. This is the
   * limit of a verified member's data plane through the relay (the node's relay benchmark pushes
   * about 80,000 a second and raises it).
   */
  @WithDefault("20000")
  @Min(1)
  int maxPacketsPerSecond();

  /** Limits on what connections that are not verified members may send (to roots, controllers). */
  Newcomer newcomer();

  /** Destination ports below this are refused (stock relays only to ports above 1024). */
  @WithDefault("1025")
  @Min(1)
  @Max(65535)
  int minDestinationPort();

  /** Datagrams shorter than this are refused (stock: 16). */
  @WithDefault("16")
  @Min(1)
  int minDatagramBytes();

  /**
   * Who may be relayed where: {@code members} (only to endpoints where a root, a controller or a
   * member is known; see README, policy) or {@code open} (everything, for tests and closed setups).
   */
  @WithDefault("members")
  PolicyKind policy();

  /** Where the {@code members} policy learns roots, controllers, members and their endpoints. */
  Membership membership();

  /** The WebSocket-over-TLS transport: the same records inside binary WebSocket messages. */
  WebSocket websocket();

  /** The relay policies. */
  enum PolicyKind {
    MEMBERS,
    OPEN
  }

  /** The {@code members} policy's sources. */
  interface Membership {

    /**
     * Prefix of the controller's and roots' topics: {@code <prefix>.networks}, {@code
     * <prefix>.members} and {@code <prefix>.presence}.
     */
    @WithDefault("orbital")
    String topicPrefix();

    /** World files (planet or moons): their roots' stable endpoints are reachable. */
    Optional<List<Path>> worldFiles();

    /**
     * Readiness turns DOWN when Kafka has not answered for this long (the relay keeps relaying on
     * what it knows).
     */
    @WithDefault("5s")
    Duration kafkaTimeout();
  }

  /** Traffic from connections that are not verified members: token buckets, refused beyond. */
  interface Newcomer {

    /** Per connection: a newcomer needs a few HELLOs, a WHOIS and a config request. */
    @WithDefault("10")
    @Min(1)
    int packetsPerSecond();

    @WithDefault("20")
    @Min(1)
    int burst();

    /** Shared by all connections from one source IP (an IPv6 /64). */
    @WithDefault("50")
    @Min(1)
    int perIpPacketsPerSecond();

    @WithDefault("100")
    @Min(1)
    int perIpBurst();
  }

  /** The WebSocket endpoint. */
  interface WebSocket {

    @WithDefault("true")
    boolean enabled();

    /**
     * TLS port; 443 suits clients behind strict firewalls, but the plain TCP relay takes 443 by
     * default (stock clients' {@code tcpFallbackRelay}), so one of the two must move.
     */
    @WithDefault("8443")
    @Min(0)
    @Max(65535)
    int port();

    @WithDefault("0.0.0.0")
    String bindAddress();

    /** The HTTP path of the WebSocket upgrade; others get 404. */
    @WithDefault("/relay")
    String path();

    /** PEM certificate chain; without it (and the key) a self-signed one is made at start. */
    Optional<Path> certFile();

    /** PEM private key of {@link #certFile()}. */
    Optional<Path> keyFile();
  }
}
