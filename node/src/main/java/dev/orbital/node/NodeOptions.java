package dev.orbital.node;

import dev.orbital.node.relay.RelayClientOptions;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to start a node.
 *
 * @param home the home directory (identity, planet, joined networks, auth token)
 * @param port the UDP port; 0 for an ephemeral one
 * @param planetFile the planet to use; empty for {@code <home>/planet}
 * @param bindAddress the local address to bind, e.g. {@code 0.0.0.0}
 * @param forceTcpRelay send everything through the relay, never UDP (needs {@code relay})
 * @param relay the relay to fall back to when no root answers over UDP (stock {@code
 *     tcpFallbackRelay}); empty: UDP only
 */
public record NodeOptions(
    Path home,
    int port,
    Optional<Path> planetFile,
    String bindAddress,
    boolean forceTcpRelay,
    Optional<RelayClientOptions> relay) {

  public static final int DEFAULT_PORT = 9993;

  public NodeOptions {
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(planetFile, "planetFile");
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(relay, "relay");
    if (forceTcpRelay && relay.isEmpty()) {
      throw new IllegalArgumentException("forceTcpRelay needs a relay");
    }
    if (port < 0 || port > 0xffff) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /** Defaults: port 9993, the home's planet, all addresses, UDP. */
  public static NodeOptions of(Path home) {
    return new NodeOptions(
        home, DEFAULT_PORT, Optional.empty(), "0.0.0.0", false, Optional.empty());
  }

  public NodeOptions withPort(int newPort) {
    return new NodeOptions(home, newPort, planetFile, bindAddress, forceTcpRelay, relay);
  }

  public NodeOptions withPlanetFile(Path file) {
    return new NodeOptions(home, port, Optional.of(file), bindAddress, forceTcpRelay, relay);
  }

  public NodeOptions withBindAddress(String address) {
    return new NodeOptions(home, port, planetFile, address, forceTcpRelay, relay);
  }

  /** Falls back to {@code options}' relay when UDP goes silent; always relays if {@code force}. */
  public NodeOptions withRelay(RelayClientOptions options, boolean force) {
    return new NodeOptions(home, port, planetFile, bindAddress, force, Optional.of(options));
  }

  /** The planet file in force. */
  public Path planet() {
    return planetFile.orElse(home.resolve("planet"));
  }
}
