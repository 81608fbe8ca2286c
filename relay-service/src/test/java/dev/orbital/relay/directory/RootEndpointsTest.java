package dev.orbital.relay.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.world.World;
import dev.orbital.protocol.world.WorldCodec;
import dev.orbital.protocol.world.WorldType;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootEndpointsTest {

  @TempDir Path dir;

  @Test
  void shouldTakeTheRootsAndStableEndpointsOfAPlanetAndAMoon() throws Exception {
    SecureRandom random = new SecureRandom();
    Identity first = Identity.generate(random);
    Identity second = Identity.generate(random);
    Identity moonRoot = Identity.generate(random);
    InetSocketAddress firstAt = new InetSocketAddress("198.51.100.1", 9993);
    InetSocketAddress firstAtV6 = new InetSocketAddress("2001:db8::1", 9993);
    InetSocketAddress secondAt = new InetSocketAddress("198.51.100.2", 9993);
    InetSocketAddress moonAt = new InetSocketAddress("198.51.100.3", 9993);
    Path planet =
        write(
            "planet",
            WorldType.PLANET,
            List.of(root(first, firstAt, firstAtV6), root(second, secondAt)));
    Path moon = write("moon", WorldType.MOON, List.of(root(moonRoot, moonAt)));

    RootEndpoints roots = RootEndpoints.read(List.of(planet, moon));

    assertThat(roots.addresses())
        .containsExactlyInAnyOrder(
            first.address().value(), second.address().value(), moonRoot.address().value());
    assertThat(roots.endpoints()).containsExactlyInAnyOrder(firstAt, firstAtV6, secondAt, moonAt);
    assertThat(roots.isRootEndpoint(new InetSocketAddress("198.51.100.1", 9994))).isFalse();
  }

  @Test
  void shouldRefuseAFileThatIsNotAWorldNamingIt() throws Exception {
    Path file = dir.resolve("garbage");
    Files.write(file, new byte[] {1, 2, 3});

    assertThatThrownBy(() -> RootEndpoints.read(List.of(file)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("orbital.relay.membership.world-files: " + file);
  }

  private static World.Root root(Identity identity, InetSocketAddress... endpoints) {
    return new World.Root(
        identity, java.util.Arrays.stream(endpoints).map(IpEndpoint::of).toList());
  }

  private Path write(String name, WorldType type, List<World.Root> roots) throws Exception {
    Path file = dir.resolve(name);
    Files.write(file, WorldCodec.encode(World.of(type, 42L, 1, new byte[64], roots)));
    return file;
  }
}
