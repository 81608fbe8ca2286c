package dev.orbital.node;

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
 * @param forceTcpRelay send everything through the TCP relay (not used yet)
 */
public record NodeOptions(
    Path home, int port, Optional<Path> planetFile, String bindAddress, boolean forceTcpRelay) {

  public static final int DEFAULT_PORT = 9993;

  public NodeOptions {
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(planetFile, "planetFile");
    Objects.requireNonNull(bindAddress, "bindAddress");
    if (port < 0 || port > 0xffff) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /** Defaults: port 9993, the home's planet, all addresses, UDP. */
  public static NodeOptions of(Path home) {
    return new NodeOptions(home, DEFAULT_PORT, Optional.empty(), "0.0.0.0", false);
  }

  public NodeOptions withPort(int newPort) {
    return new NodeOptions(home, newPort, planetFile, bindAddress, forceTcpRelay);
  }

  public NodeOptions withPlanetFile(Path file) {
    return new NodeOptions(home, port, Optional.of(file), bindAddress, forceTcpRelay);
  }

  public NodeOptions withBindAddress(String address) {
    return new NodeOptions(home, port, planetFile, address, forceTcpRelay);
  }

  /** The planet file in force. */
  public Path planet() {
    return planetFile.orElse(home.resolve("planet"));
  }
}
