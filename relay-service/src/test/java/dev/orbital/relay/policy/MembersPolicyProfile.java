package dev.orbital.relay.membership;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** The production policy ({@code members}) against a real broker seeded with history. */
public class MembersPolicyProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "orbital.relay.policy",
        "members",
        "orbital.relay.membership.topic-prefix",
        SeededMembersKafka.PREFIX,
        "orbital.relay.membership.roots",
        String.format("%010x", MembersKafkaTest.ROOT));
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(SeededMembersKafka.class));
  }
}
