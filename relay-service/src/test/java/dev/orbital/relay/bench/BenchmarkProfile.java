package dev.orbital.relay.bench;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** No flood limit: the benchmark sends as fast as the window allows. */
public class BenchmarkProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("orbital.relay.max-packets-per-second", "100000000");
  }
}
