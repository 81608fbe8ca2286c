package dev.orbital.controller.network;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.netconf.NetworkAddresses;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Creating and updating networks and members from API bodies: validation (through {@link
 * NetworkJson} and {@link MemberJson}), the duplicate-address check, and the revision, which goes
 * up by one whenever a save changes the object (as stock's database does). Stateless: the caller
 * supplies the current objects and stores the results.
 */
public final class NetworkService {

  /** Stock's sanity limit on random network ID picks. */
  public static final int MAX_NETWORK_ID_TRIES = 100_000;

  /**
   * A new random network ID under {@code controller}: 24 random low bits, never 0, not one {@code
   * exists} reports.
   */
  public Optional<Long> newNetworkId(
      Address controller, RandomGenerator random, LongPredicate exists) {
    for (int i = 0; i < MAX_NETWORK_ID_TRIES; i++) {
      int local = random.nextInt() & 0xff_ffff;
      long id = NetworkAddresses.networkId(controller, local == 0 ? 1 : local);
      if (!exists.test(id)) {
        return Optional.of(id);
      }
    }
    return Optional.empty();
  }

  /** A network created with stock's defaults and {@code body} applied; revision 1. */
  public Network create(long id, Map<String, ?> body, long now) {
    return NetworkJson.applyUpdate(Network.create(id, now), body).withRevision(1);
  }

  /** {@code current} with {@code body} applied; the revision goes up if anything changed. */
  public Network update(Network current, Map<String, ?> body) {
    Network updated = NetworkJson.applyUpdate(current, body);
    return updated.equals(current) ? current : updated.withRevision(current.revision() + 1);
  }

  /**
   * A member created or updated from {@code body}. {@code current} is null for a member the
   * controller does not know yet. {@code heldByOthers} holds every address other members of the
   * network have: a static assignment may not take one.
   *
   * @throws ValidationException for a bad field or an address another member holds
   */
  public Member updateMember(
      long networkId,
      Address address,
      Member current,
      Map<String, ?> body,
      long now,
      Set<InetAddress> heldByOthers) {
    return updateMember(networkId, address, current, body, now, heldByOthers::contains);
  }

  /** As above, with {@code heldByOthers} answering whether another member holds an address. */
  public Member updateMember(
      long networkId,
      Address address,
      Member current,
      Map<String, ?> body,
      long now,
      Predicate<InetAddress> heldByOthers) {
    Member base = current != null ? current : Member.create(networkId, address, now);
    Member updated = MemberJson.applyUpdate(base, body, now);
    for (int i = 0; i < updated.ipAssignments().size(); i++) {
      InetAddress ip = updated.ipAssignments().get(i);
      if (heldByOthers.test(ip) && !base.ipAssignments().contains(ip)) {
        throw new ValidationException(
            "ipAssignments[" + i + "]", "already assigned to another member");
      }
    }
    if (current != null && updated.equals(current)) {
      return current;
    }
    return updated.withRevision(base.revision() + 1);
  }
}
