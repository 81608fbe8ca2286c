package dev.orbital.relay.membership;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.world.World;
import dev.orbital.protocol.world.WorldCodec;
import dev.orbital.relay.server.RelayConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The roots anyone may reach through the relay: listed addresses and the roots of world files. */
final class RootAddresses {

  private RootAddresses() {}

  static Set<Long> of(RelayConfig.Membership config) {
    Set<Long> roots = new HashSet<>();
    for (String address : config.roots().orElse(List.of())) {
      try {
        roots.add(Address.parse(address.trim()).value());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("orbital.relay.membership.roots: " + e.getMessage(), e);
      }
    }
    for (Path file : config.worldFiles().orElse(List.of())) {
      for (World.Root root : read(file).roots()) {
        roots.add(root.identity().address().value());
      }
    }
    return roots;
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
