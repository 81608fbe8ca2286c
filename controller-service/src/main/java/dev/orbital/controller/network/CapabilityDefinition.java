package dev.orbital.controller.network;

import dev.orbital.protocol.rules.Rule;
import java.util.List;

/**
 * A network {@code capabilities} entry: {@code {"id": 1, "default": false, "rules": [...]}}. A
 * default capability is given to members when they first ask for a config.
 */
public record CapabilityDefinition(long id, boolean isDefault, List<Rule> rules) {

  public CapabilityDefinition {
    rules = List.copyOf(rules);
  }
}
