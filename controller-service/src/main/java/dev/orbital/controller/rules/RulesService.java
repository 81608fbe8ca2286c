package dev.orbital.controller.rules;

import dev.orbital.controller.network.CapabilityDefinition;
import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.Network;
import dev.orbital.controller.network.TagDefinition;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.netconf.Capability;
import dev.orbital.protocol.netconf.NetworkConfigCodec;
import dev.orbital.protocol.netconf.Tag;
import dev.orbital.protocol.rules.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The rules part of a member's config, as stock builds it: the network's rule table, or accept-all
 * for a client without a rules engine ({@code revr} 0; rules still apply on the receiving side),
 * and the member's capabilities and tags, signed by the controller.
 */
public final class RulesService {

  /** What a client with no rules engine gets. */
  public static final List<Rule> ACCEPT_ALL = List.of(new Rule.ActionAccept(false, false));

  /** Capabilities handed to a member carry a custody chain of one: controller to member. */
  public static final int CAPABILITY_CUSTODY_CHAIN = 1;

  private final Identity controller;

  public RulesService(Identity controller) {
    this.controller = controller;
  }

  /** Whether a requester with this rules engine revision gets the network's rules at all. */
  public static boolean hasRulesEngine(long rulesEngineRevision) {
    return rulesEngineRevision > 0;
  }

  public List<Rule> rulesFor(Network network, long rulesEngineRevision) {
    return hasRulesEngine(rulesEngineRevision) ? network.rules() : ACCEPT_ALL;
  }

  /**
   * {@code member} with the network's defaults added, as stock does on a config request: default
   * capabilities for a member seen for the first time, and a default value for every network tag
   * the member has no value for.
   */
  public Member withDefaults(Network network, Member member, boolean newMember) {
    TreeSet<Long> capabilities = new TreeSet<>(member.capabilities());
    if (newMember) {
      for (CapabilityDefinition c : network.capabilities()) {
        if (c.isDefault()) {
          capabilities.add(c.id());
        }
      }
    }
    Map<Long, Long> tags = new TreeMap<>(member.tags());
    for (TagDefinition t : network.tags()) {
      if (t.defaultValue() != null) {
        tags.putIfAbsent(t.id(), t.defaultValue());
      }
    }
    Member updated =
        member.toBuilder().capabilities(new ArrayList<>(capabilities)).tags(tags).build();
    return updated.equals(member) ? member : updated;
  }

  /** The member's capabilities that the network defines, in id order, signed over to it. */
  public List<Capability> capabilities(Network network, Member member, long now) {
    Map<Long, CapabilityDefinition> byId = new TreeMap<>();
    network.capabilities().forEach(c -> byId.put(c.id(), c));
    List<Capability> out = new ArrayList<>();
    for (long id : member.capabilities()) {
      CapabilityDefinition definition = byId.get(id);
      if (definition == null) {
        continue;
      }
      out.add(
          Capability.of(network.id(), now, (int) id, definition.rules(), CAPABILITY_CUSTODY_CHAIN)
              .sign(controller, member.address()));
      if (out.size() == NetworkConfigCodec.MAX_CAPABILITIES) {
        break;
      }
    }
    return out;
  }

  /** A signed tag for each of the member's tag values, in id order. */
  public List<Tag> tags(Network network, Member member, long now) {
    List<Tag> out = new ArrayList<>();
    for (Map.Entry<Long, Long> tag : member.tags().entrySet()) {
      out.add(
          Tag.of(
                  network.id(),
                  now,
                  tag.getKey().intValue(),
                  tag.getValue().intValue(),
                  member.address())
              .sign(controller));
      if (out.size() == NetworkConfigCodec.MAX_TAGS) {
        break;
      }
    }
    return out;
  }
}
