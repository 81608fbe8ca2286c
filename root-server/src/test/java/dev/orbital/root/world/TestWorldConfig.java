package dev.orbital.root.world;

import dev.orbital.root.config.RootConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A world configuration for unit tests, as the config mapping would hand it over. */
record TestWorldConfig(
    RootConfig.WorldKind type,
    Optional<Long> id,
    long timestamp,
    Optional<String> signingKey,
    Optional<Path> signingKeyFile,
    Optional<String> updatesMustBeSignedBy,
    List<RootConfig.RootEntry> roots)
    implements RootConfig.WorldConfig {

  @Override
  public Optional<Path> planetFile() {
    return Optional.empty();
  }

  static TestWorldConfig planet(long id, List<RootConfig.RootEntry> roots) {
    return new TestWorldConfig(
        RootConfig.WorldKind.PLANET,
        Optional.of(id),
        1000,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        roots);
  }

  TestWorldConfig withType(RootConfig.WorldKind newType, Optional<Long> newId) {
    return new TestWorldConfig(
        newType, newId, timestamp, signingKey, signingKeyFile, updatesMustBeSignedBy, roots);
  }

  TestWorldConfig withTimestamp(long newTimestamp) {
    return new TestWorldConfig(
        type, id, newTimestamp, signingKey, signingKeyFile, updatesMustBeSignedBy, roots);
  }

  record Entry(Optional<String> identity, List<String> endpoints) implements RootConfig.RootEntry {

    static Entry self(String... endpoints) {
      return new Entry(Optional.empty(), List.of(endpoints));
    }
  }
}
