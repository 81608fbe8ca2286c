package dev.orbital.root.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.verb.Hello;
import dev.orbital.protocol.world.World;
import dev.orbital.protocol.world.WorldCodec;
import dev.orbital.protocol.world.WorldType;
import dev.orbital.root.config.RootConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootWorldsTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static Identity self;
  private static Identity other;

  @TempDir Path dataDir;

  @BeforeAll
  static void identities() {
    self = Identity.generate(RANDOM);
    other = Identity.generate(RANDOM);
  }

  @Test
  void shouldBuildASignedPlanetListingThisRootAtItsEndpoints() throws Exception {
    RootWorlds worlds = build(TestWorldConfig.planet(77, List.of(self("10.1.2.3/9993"))));

    World planet = WorldCodec.decode(worlds.encoded());
    assertThat(planet.type()).isEqualTo(WorldType.PLANET);
    assertThat(planet.id()).isEqualTo(77);
    assertThat(planet.roots().get(0).identity().address()).isEqualTo(self.address());
    assertThat(planet.verifySignature(planet.updatesMustBeSignedBy())).isTrue();
    assertThat(worlds.fileName()).isEqualTo("planet");
  }

  @Test
  void shouldSignTheSameWorldAfterARestartWithTheKeyItKeptInTheDataDirectory() {
    TestWorldConfig config = TestWorldConfig.planet(77, List.of(self("10.1.2.3/9993")));

    RootWorlds first = build(config);
    RootWorlds second = build(config);

    assertThat(second.encoded()).isEqualTo(first.encoded());
    assertThat(dataDir.resolve(RootWorlds.GENERATED_KEY_FILE)).exists();
  }

  @Test
  void shouldSignTheNextRevisionSoThatNodesHoldingThePreviousOneReplaceIt() {
    TestWorldConfig config = TestWorldConfig.planet(77, List.of(self("10.1.2.3/9993")));
    World v1 = build(config).world();

    World v2 = build(config.withTimestamp(2000)).world();

    assertThat(World.shouldReplace(v1, v2)).isTrue();
  }

  @Test
  void shouldDefaultAMoonIdToThisRootsAddress() {
    TestWorldConfig config =
        TestWorldConfig.planet(77, List.of(self("10.1.2.3/9993")))
            .withType(RootConfig.WorldKind.MOON, Optional.empty());

    RootWorlds worlds = build(config);

    assertThat(worlds.world().id()).isEqualTo(self.address().value());
    assertThat(worlds.fileName()).isEqualTo(String.format("%016x.moon", self.address().value()));
  }

  @Test
  void shouldOfferThePlanetOnlyToNodesHoldingAnOlderRevisionOfIt() {
    RootWorlds worlds = build(TestWorldConfig.planet(77, List.of(self("10.1.2.3/9993"))));

    assertThat(worlds.updateFor(77, 999, List.of())).isPresent();
    assertThat(worlds.updateFor(77, 1000, List.of())).isEmpty();
    assertThat(worlds.updateFor(78, 1, List.of())).isEmpty();
  }

  @Test
  void shouldOfferAMoonToNodesAskingForIt() {
    RootWorlds worlds =
        build(
            TestWorldConfig.planet(77, List.of(self("10.1.2.3/9993")))
                .withType(RootConfig.WorldKind.MOON, Optional.of(5L)));

    assertThat(worlds.updateFor(77, 1, List.of(Hello.Moon.of(5, 0)))).isPresent();
    assertThat(worlds.updateFor(77, 1, List.of(Hello.Moon.of(5, 1000)))).isEmpty();
    assertThat(worlds.updateFor(77, 1, List.of())).isEmpty();
  }

  @Test
  void shouldRefuseEarthsWorldId() {
    assertThatThrownBy(
            () -> build(TestWorldConfig.planet(World.EARTH_ID, List.of(self("10.1.2.3/9993")))))
        .hasMessageContaining("orbital.root.world.id");
  }

  @Test
  void shouldRefuseAWorldThatDoesNotListThisRoot() {
    TestWorldConfig.Entry otherRoot =
        new TestWorldConfig.Entry(Optional.of(other.toString()), List.of("10.9.9.9/9993"));

    assertThatThrownBy(() -> build(TestWorldConfig.planet(77, List.of(otherRoot))))
        .hasMessageContaining("is not among the world's roots");
  }

  @Test
  void shouldNameTheKeyOfAnEndpointThatIsNotIpSlashPort() {
    assertThatThrownBy(() -> build(TestWorldConfig.planet(77, List.of(self("root.example/9993")))))
        .hasMessageContaining("orbital.root.world.roots[0].endpoints")
        .hasMessageContaining("root.example/9993");
    assertThatThrownBy(() -> build(TestWorldConfig.planet(77, List.of(self("10.1.2.3:9993")))))
        .hasMessageContaining("roots[0].endpoints");
    assertThatThrownBy(() -> build(TestWorldConfig.planet(77, List.of(self("10.1.2.3/70000")))))
        .hasMessageContaining("port out of range");
  }

  @Test
  void shouldRefuseABadSigningKey() throws Exception {
    Path keyFile = dataDir.resolve("bad.c25519");
    Files.write(keyFile, new byte[128]);
    TestWorldConfig config =
        new TestWorldConfig(
            RootConfig.WorldKind.PLANET,
            Optional.of(77L),
            1000,
            Optional.empty(),
            Optional.of(keyFile),
            Optional.empty(),
            List.of(self("10.1.2.3/9993")));

    assertThatThrownBy(() -> build(config)).hasMessageContaining("signing-key-file");
  }

  private RootWorlds build(TestWorldConfig config) {
    return RootWorlds.fromConfig(config, self, dataDir, RANDOM);
  }

  private static TestWorldConfig.Entry self(String endpoint) {
    return TestWorldConfig.Entry.self(endpoint);
  }
}
