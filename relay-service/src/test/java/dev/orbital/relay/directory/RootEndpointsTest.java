package dev.orbital.relay.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.world.World;
import dev.orbital.protocol.world.WorldCodec;
import dev.orbital.protocol.world.WorldType;
import dev.orbital.relay.server.RelayConfig;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootAddressesTest {

  @TempDir Path dir;

  private static RelayConfig.Membership membership(List<String> roots, List<Path> worlds) {
    return new RelayConfig.Membership() {
      @Override
      public String topicPrefix() {
        return "orbital";
      }

      @Override
      public Optional<List<String>> roots() {
        return Optional.of(roots);
      }

      @Override
      public Optional<List<Path>> worldFiles() {
        return Optional.of(worlds);
      }
    };
  }

  @Test
  void shouldTakeListedRootsAndTheRootsOfAPlanetFile() throws Exception {
    SecureRandom random = new SecureRandom();
    Identity first = Identity.generate(random);
    Identity second = Identity.generate(random);
    World planet =
        World.of(
            WorldType.PLANET,
            1234567890L,
            1,
            new byte[64],
            List.of(
                new World.Root(
                    first, List.of(IpEndpoint.of(new InetSocketAddress("127.0.0.1", 9993)))),
                new World.Root(
                    second, List.of(IpEndpoint.of(new InetSocketAddress("127.0.0.2", 9993))))));
    Path file = dir.resolve("planet");
    Files.write(file, WorldCodec.encode(planet));

    assertThat(RootAddresses.of(membership(List.of("e7745d5aa3"), List.of(file))))
        .containsExactlyInAnyOrder(
            0xe7745d5aa3L, first.address().value(), second.address().value());
  }

  @Test
  void shouldRefuseABadAddressNamingTheKey() {
    assertThatThrownBy(() -> RootAddresses.of(membership(List.of("xyz"), List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("orbital.relay.membership.roots: ");
  }

  @Test
  void shouldRefuseAFileThatIsNotAWorldNamingIt() throws Exception {
    Path file = dir.resolve("garbage");
    Files.write(file, new byte[] {1, 2, 3});

    assertThatThrownBy(() -> RootAddresses.of(membership(List.of(), List.of(file))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("orbital.relay.membership.world-files: " + file);
  }
}
