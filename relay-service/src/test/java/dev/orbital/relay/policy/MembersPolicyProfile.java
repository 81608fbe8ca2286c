package dev.orbital.relay.policy;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** The production policy ({@code members}) against a real broker seeded with history. */
public class MembersPolicyProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "orbital.relay.policy", "members",
        "orbital.relay.membership.topic-prefix", SeededDirectoryKafka.PREFIX,
        "orbital.relay.membership.kafka-timeout", "3s");
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(SeededDirectoryKafka.class));
  }
}
