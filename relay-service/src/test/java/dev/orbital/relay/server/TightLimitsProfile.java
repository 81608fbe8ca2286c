package dev.orbital.relay.server;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * A three-second idle timeout (long enough not to race the connection-limit test) and room for one
 * connection, to see those limits close connections.
 */
public class TightLimitsProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "orbital.relay.idle-timeout", "3s",
        "orbital.relay.hello-timeout", "30s",
        "orbital.relay.max-connections", "1");
  }
}
