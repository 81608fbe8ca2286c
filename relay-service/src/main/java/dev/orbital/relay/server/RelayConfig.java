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

  /** Datagrams a client may send per second; more closes the connection as a flood. */
  @WithDefault("20000")
  @Min(1)
  int maxPacketsPerSecond();

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
   * Who may be relayed: {@code members} (authorized members of some network, read from the
   * controller's Kafka store, and anything to or from a root) or {@code open} (everyone).
   */
  @WithDefault("members")
  PolicyKind policy();

  /** Where the {@code members} policy learns members and roots. */
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

    /** Prefix of the controller's topics: members are read from {@code <prefix>.members}. */
    @WithDefault("orbital")
    String topicPrefix();

    /** Root addresses (10 hex digits) anyone may reach through the relay. */
    Optional<List<String>> roots();

    /** World files (planet or moons) whose roots anyone may reach through the relay. */
    Optional<List<Path>> worldFiles();
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
