package dev.orbital.root.bench;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The root as the load benchmark runs it: synthetic identities (no memory-hard check, no per-/24
 * validation pacing), room for the peers it holds.
 */
public class BenchmarkProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "orbital.root.limits.validate-identities", "false",
        "orbital.root.limits.identity-validation-interval", "0s",
        "orbital.root.limits.max-peers", "200000",
        "orbital.root.data-dir", "target/root-bench-data",
        "quarkus.log.category.\"dev.orbital\".level", "INFO");
  }
}
