package dev.orbital.controller.wire;

import dev.orbital.protocol.Address;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Gathers the pushes one network needs during a short window, so a burst of changes (a script
 * authorizing a hundred members, a rule edit followed by a route edit) costs each member one push.
 * The first change of a window says "schedule a flush"; the flush takes what gathered. Safe for any
 * thread.
 */
public final class PushCoalescer {

  /** What one network's flush must do. */
  public record Batch(boolean everyone, Set<Address> members, Set<Address> revoked) {}

  private static final class Pending {
    boolean everyone;
    final Set<Address> members = new LinkedHashSet<>();
    final Set<Address> revoked = new LinkedHashSet<>();
  }

  private final Map<Long, Pending> pending = new HashMap<>();

  /** A member needs a push; true if the caller must schedule this network's flush. */
  public synchronized boolean member(long networkId, Address member, boolean revoke) {
    boolean first = !pending.containsKey(networkId);
    Pending p = pending.computeIfAbsent(networkId, id -> new Pending());
    p.members.add(member);
    if (revoke) {
      p.revoked.add(member);
    }
    return first;
  }

  /** Every member of the network needs a push; true if the caller must schedule the flush. */
  public synchronized boolean network(long networkId) {
    boolean first = !pending.containsKey(networkId);
    pending.computeIfAbsent(networkId, id -> new Pending()).everyone = true;
    return first;
  }

  /** Takes what gathered for the network; the next change starts a new window. */
  public synchronized Batch drain(long networkId) {
    Pending p = pending.remove(networkId);
    if (p == null) {
      return new Batch(false, Set.of(), Set.of());
    }
    return new Batch(p.everyone, Set.copyOf(p.members), Set.copyOf(p.revoked));
  }
}
