package dev.orbital.relay.directory;

import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.world.World;
import dev.orbital.protocol.world.WorldCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The roots of the configured world files (planet, moons): their addresses and their stable
 * endpoints, the only root endpoints the relay sends to. An address alone cannot say where a root
 * is, so roots come from world files only.
 */
public final class RootEndpoints {

  private final Set<Long> addresses;
  private final Set<InetSocketAddress> endpoints;

  public RootEndpoints(Set<Long> addresses, Set<InetSocketAddress> endpoints) {
    this.addresses = Set.copyOf(addresses);
    this.endpoints = Set.copyOf(endpoints);
  }

  /** The roots of {@code worldFiles}; a file that is no world fails naming the file. */
  public static RootEndpoints read(List<Path> worldFiles) {
    Set<Long> addresses = new HashSet<>();
    Set<InetSocketAddress> endpoints = new HashSet<>();
    for (Path file : worldFiles) {
      for (World.Root root : read(file).roots()) {
        addresses.add(root.identity().address().value());
        for (IpEndpoint endpoint : root.stableEndpoints()) {
          endpoints.add(endpoint.toSocketAddress());
        }
      }
    }
    return new RootEndpoints(addresses, endpoints);
  }

  public boolean isRoot(long address) {
    return addresses.contains(address);
  }

  public boolean isRootEndpoint(InetSocketAddress endpoint) {
    return endpoints.contains(endpoint);
  }

  public Set<Long> addresses() {
    return addresses;
  }

  public Set<InetSocketAddress> endpoints() {
    return endpoints;
  }

  private static World read(Path file) {
    try {
      return WorldCodec.decode(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("orbital.relay.membership.world-files: " + file, e);
    } catch (ProtocolException e) {
      throw new IllegalArgumentException(
          "orbital.relay.membership.world-files: " + file + ": " + e.getMessage(), e);
    }
  }
}
