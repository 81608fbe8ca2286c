package dev.orbital.relay.directory;

import java.util.List;

/**
 * The names of the three compacted topics the relay follows, under one prefix: the controller's
 * {@code <prefix>.networks} and {@code <prefix>.members}, the roots' {@code <prefix>.presence}.
 */
record DirectoryTopics(String networks, String members, String presence) {

  static DirectoryTopics of(String prefix) {
    return new DirectoryTopics(prefix + ".networks", prefix + ".members", prefix + ".presence");
  }

  List<String> all() {
    return List.of(networks, members, presence);
  }

  /** Which of the three {@code topic} is. */
  DirectoryRecords.Topic kind(String topic) {
    if (topic.equals(networks)) {
      return DirectoryRecords.Topic.NETWORKS;
    }
    return topic.equals(members) ? DirectoryRecords.Topic.MEMBERS : DirectoryRecords.Topic.PRESENCE;
  }
}
