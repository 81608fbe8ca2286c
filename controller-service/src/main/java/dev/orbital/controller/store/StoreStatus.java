package dev.orbital.controller.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the last background check found (see {@link StoreMonitor}). Ready means a write could
 * succeed now and reads are current:
 *
 * <ul>
 *   <li>{@code reachable}: Kafka answered (the command group's coordinator described the group);
 *   <li>{@code owned}: every command partition has an owner in the group, so a command is applied;
 *   <li>{@code current}: this replica's view follower is alive and holds everything committed up to
 *       {@code max-view-lag} ago.
 * </ul>
 *
 * @param problem why not ready, in words; null when ready
 * @param owners command partitions owned / all, e.g. {@code 4/4}
 * @param member whether this replica's command consumer is in the group now
 * @param checkedAt when the check ran (epoch ms)
 */
public record StoreStatus(
    boolean reachable,
    boolean owned,
    boolean current,
    String problem,
    String owners,
    boolean member,
    long checkedAt) {

  /** Before the first check: nothing known, so not ready (writes are still tried). */
  static StoreStatus unchecked() {
    return new StoreStatus(true, false, false, "not checked yet", "?", false, 0);
  }

  /** A check in which Kafka did not answer. */
  static StoreStatus unreachable(String problem, long now) {
    return new StoreStatus(false, false, false, problem, "?", false, now);
  }

  public boolean ready() {
    return reachable && owned && current;
  }

  /** For the health check's data. */
  public Map<String, Object> details() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("kafkaReachable", reachable);
    data.put("commandPartitionsOwned", owners);
    data.put("thisReplicaInGroup", member);
    data.put("membershipCurrent", current);
    data.put("checkedAt", checkedAt);
    if (problem != null) {
      data.put("problem", problem);
    }
    return data;
  }
}
