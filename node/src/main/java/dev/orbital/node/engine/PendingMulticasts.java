package dev.orbital.node.engine;

import dev.orbital.protocol.verb.MulticastGroup;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Multicast frames sent before enough members of their group were known: kept a few seconds so that
 * members a gather finds still get them (an ARP request sent while the group is empty otherwise
 * goes nowhere). Bounded in count.
 */
final class PendingMulticasts {

  static final int MAX_PENDING = 32;
  static final long KEEP_MILLIS = 3_000;

  static final class Pending {
    final MulticastGroup group;
    final int etherType;
    final byte[] data;
    final long sourceMac;
    final long expires;
    final int limit;
    final Set<Long> sentTo = new HashSet<>();

    Pending(
        MulticastGroup group, int etherType, byte[] data, long sourceMac, long expires, int limit) {
      this.group = group;
      this.etherType = etherType;
      this.data = data;
      this.sourceMac = sourceMac;
      this.expires = expires;
      this.limit = limit;
    }
  }

  private final ArrayDeque<Pending> pending = new ArrayDeque<>();

  Pending add(
      MulticastGroup group, int etherType, byte[] data, long sourceMac, long now, int limit) {
    if (pending.size() >= MAX_PENDING) {
      pending.removeFirst();
    }
    Pending entry = new Pending(group, etherType, data, sourceMac, now + KEEP_MILLIS, limit);
    pending.addLast(entry);
    return entry;
  }

  /** The live entries for {@code group}; expired entries are dropped on the way. */
  List<Pending> forGroup(MulticastGroup group, long now) {
    List<Pending> out = new ArrayList<>();
    for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
      Pending entry = it.next();
      if (entry.expires < now) {
        it.remove();
      } else if (entry.group.equals(group)) {
        out.add(entry);
      }
    }
    return out;
  }

  void expire(long now) {
    pending.removeIf(entry -> entry.expires < now);
  }
}
