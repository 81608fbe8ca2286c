package dev.orbital.root.multicast;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The multicast directory a root keeps for every network (spec §8, MULTICAST_LIKE and
 * MULTICAST_GATHER): which members subscribed to which group (MAC + ADI) of which network. A LIKE
 * lasts {@link #LIKE_EXPIRY_MILLIS}; at most {@code maxSubscriptions} are held, the oldest LIKE is
 * evicted first. Not thread-safe: the packet thread owns it.
 */
public final class MulticastDirectory {

  /** ZT_MULTICAST_LIKE_EXPIRE. */
  public static final long LIKE_EXPIRY_MILLIS = 600_000;

  /** A multicast group of a network: MAC (48 bits) and ADI (32 bits). */
  public record Group(long networkId, long mac, int adi) {}

  private record Subscription(Group group, long member) {}

  /** Members by group, each member with the time of its last LIKE. */
  private final Map<Group, Map<Long, Long>> groups = new HashMap<>();

  /** Every subscription in order of its last LIKE, oldest first: expiry and eviction. */
  private final LinkedHashMap<Subscription, Long> byAge = new LinkedHashMap<>();

  private final int maxSubscriptions;

  public MulticastDirectory(int maxSubscriptions) {
    this.maxSubscriptions = maxSubscriptions;
  }

  /** Records (or refreshes) {@code member}'s LIKE of {@code group}. */
  public void like(Group group, long member, long now) {
    Subscription subscription = new Subscription(group, member);
    if (byAge.remove(subscription) == null && byAge.size() >= maxSubscriptions) {
      Iterator<Map.Entry<Subscription, Long>> oldest = byAge.entrySet().iterator();
      Subscription evicted = oldest.next().getKey();
      oldest.remove();
      forget(evicted);
    }
    byAge.put(subscription, now);
    groups.computeIfAbsent(group, g -> new HashMap<>()).put(member, now);
  }

  /**
   * Up to {@code limit} members of {@code group} other than {@code asker}, picked at random when
   * there are more, as stock roots answer a GATHER.
   */
  public Gathered gather(Group group, long asker, int limit) {
    Map<Long, Long> members = groups.get(group);
    if (members == null) {
      return new Gathered(0, List.of());
    }
    List<Long> others = new ArrayList<>(members.size());
    for (Long member : members.keySet()) {
      if (member != asker) {
        others.add(member);
      }
    }
    int total = others.size();
    if (others.size() > limit) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      for (int i = 0; i < limit; i++) {
        int j = i + random.nextInt(others.size() - i);
        Long swap = others.get(i);
        others.set(i, others.get(j));
        others.set(j, swap);
      }
      others = others.subList(0, limit);
    }
    return new Gathered(total, List.copyOf(others));
  }

  /** Drops LIKEs older than {@link #LIKE_EXPIRY_MILLIS}; returns how many. */
  public int expire(long now) {
    long cutoff = now - LIKE_EXPIRY_MILLIS;
    int removed = 0;
    Iterator<Map.Entry<Subscription, Long>> oldest = byAge.entrySet().iterator();
    while (oldest.hasNext()) {
      Map.Entry<Subscription, Long> entry = oldest.next();
      if (entry.getValue() >= cutoff) {
        break;
      }
      oldest.remove();
      forget(entry.getKey());
      removed++;
    }
    return removed;
  }

  public int size() {
    return byAge.size();
  }

  private void forget(Subscription subscription) {
    Map<Long, Long> members = groups.get(subscription.group());
    if (members != null) {
      members.remove(subscription.member());
      if (members.isEmpty()) {
        groups.remove(subscription.group());
      }
    }
  }

  /**
   * A GATHER's answer.
   *
   * @param totalKnown members known besides the asker
   * @param members those returned
   */
  public record Gathered(int totalKnown, List<Long> members) {}
}
