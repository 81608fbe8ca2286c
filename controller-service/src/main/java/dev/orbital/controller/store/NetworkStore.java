package dev.orbital.controller.store;

import dev.orbital.controller.ControllerIdentity;
import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.Network;
import dev.orbital.controller.network.NetworkService;
import dev.orbital.controller.network.ValidationException;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.netconf.NetworkAddresses;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every write to networks and members goes through here: read the current state from this replica's
 * view, check and apply the change with {@link NetworkService}, commit state and events in one
 * Kafka transaction. Writes to one network are serialized within this replica (a lock per network
 * ID); a failed check or write leaves the store unchanged.
 */
@ApplicationScoped
public class NetworkStore {

  public static final String ACTOR_API = "api";

  /** Writes a NETWORK_CONFIG_REQUEST caused (a new member, its pool address). */
  public static final String ACTOR_WIRE = "wire";

  @Inject KafkaStore kafka;
  @Inject ControllerIdentity identity;

  private final NetworkService networks = new NetworkService();
  private final SecureRandom random = new SecureRandom();
  private final Map<Long, Object> locks = new ConcurrentHashMap<>();

  public StoreView view() {
    return kafka.view();
  }

  /** A network with a new random ID under this controller. */
  public Network createNetwork(Map<String, ?> body, long now) {
    Address controller = identity.address();
    for (int attempt = 0; attempt < 8; attempt++) {
      long id =
          networks
              .newNetworkId(controller, random, candidate -> view().network(candidate).isPresent())
              .orElseThrow(() -> new StoreException("no free network ID left", null));
      synchronized (lock(id)) {
        if (view().network(id).isEmpty()) {
          return write(null, networks.create(id, body, now), now);
        }
      }
    }
    throw new StoreException("no free network ID found", null);
  }

  /** Creates the network {@code id} (which must be under this controller) or updates it. */
  public Network putNetwork(long id, Map<String, ?> body, long now) {
    if (!NetworkAddresses.controllerOf(id).equals(identity.address())) {
      throw new UnknownObjectException(
          "network " + NetworkAddresses.format(id) + " is not under this controller");
    }
    synchronized (lock(id)) {
      Optional<Network> current = view().network(id);
      if (current.isEmpty()) {
        return write(null, networks.create(id, body, now), now);
      }
      Network updated = networks.update(current.get(), body);
      return updated == current.get() ? updated : write(current.get(), updated, now);
    }
  }

  /** Deletes the network and its members; returns the deleted network. */
  public Network deleteNetwork(long id, long now) {
    synchronized (lock(id)) {
      Network current = view().network(id).orElseThrow(() -> unknownNetwork(id));
      Map<MemberKey, Member> tombstones = new LinkedHashMap<>();
      for (Member m : view().members(id)) {
        tombstones.put(new MemberKey(id, m.address()), null);
      }
      Map<Long, Network> states = new LinkedHashMap<>();
      states.put(id, null);
      kafka.commit(
          states,
          tombstones,
          List.of(event(MembershipEvent.NETWORK_DELETED, id, null, current.revision(), now)));
      return current;
    }
  }

  /** Creates or updates a member of an existing network. */
  public Member putMember(long networkId, Address address, Map<String, ?> body, long now) {
    synchronized (lock(networkId)) {
      view().network(networkId).orElseThrow(() -> unknownNetwork(networkId));
      Member current = view().member(networkId, address).orElse(null);
      Set<InetAddress> heldByOthers = new HashSet<>();
      for (Member m : view().members(networkId)) {
        if (!m.address().equals(address)) {
          heldByOthers.addAll(m.ipAssignments());
        }
      }
      Member updated = networks.updateMember(networkId, address, current, body, now, heldByOthers);
      if (updated == current) {
        return current;
      }
      List<MembershipEvent> events = new ArrayList<>();
      String addr = address.toString();
      long rev = updated.revision();
      if (current == null) {
        events.add(event(MembershipEvent.REQUESTED, networkId, addr, rev, now));
      }
      boolean wasAuthorized = current != null && current.authorized();
      if (updated.authorized() != wasAuthorized) {
        events.add(
            event(
                updated.authorized() ? MembershipEvent.AUTHORIZED : MembershipEvent.DEAUTHORIZED,
                networkId,
                addr,
                rev,
                now));
      }
      List<InetAddress> before = current == null ? List.of() : current.ipAssignments();
      if (!before.equals(updated.ipAssignments())) {
        events.add(event(MembershipEvent.ADDRESSES_CHANGED, networkId, addr, rev, now));
      }
      if (events.isEmpty()) {
        events.add(event(MembershipEvent.CHANGED, networkId, addr, rev, now));
      }
      Map<MemberKey, Member> states = new LinkedHashMap<>();
      states.put(new MemberKey(networkId, address), updated);
      kafka.commit(Map.of(), states, events);
      return updated;
    }
  }

  /**
   * Stores the member record a config request produced, whose revision is one above the one it was
   * built from; returns false (nothing written) if the member changed or vanished since.
   */
  public boolean putRequestedMember(Member member, long now) {
    long networkId = member.networkId();
    synchronized (lock(networkId)) {
      Member current = view().member(networkId, member.address()).orElse(null);
      long expected = current == null ? 0 : current.revision();
      if (view().network(networkId).isEmpty() || member.revision() != expected + 1) {
        return false;
      }
      String addr = member.address().toString();
      List<MembershipEvent> events = new ArrayList<>();
      if (current == null) {
        events.add(wireEvent(MembershipEvent.REQUESTED, networkId, addr, member.revision(), now));
      }
      if (member.authorized() && (current == null || !current.authorized())) {
        events.add(wireEvent(MembershipEvent.AUTHORIZED, networkId, addr, member.revision(), now));
      }
      List<InetAddress> before = current == null ? List.of() : current.ipAssignments();
      if (!before.equals(member.ipAssignments())) {
        events.add(
            wireEvent(MembershipEvent.ADDRESSES_CHANGED, networkId, addr, member.revision(), now));
      }
      if (events.isEmpty()) {
        events.add(wireEvent(MembershipEvent.CHANGED, networkId, addr, member.revision(), now));
      }
      Map<MemberKey, Member> states = new LinkedHashMap<>();
      states.put(new MemberKey(networkId, member.address()), member);
      kafka.commit(Map.of(), states, events);
      return true;
    }
  }

  private static MembershipEvent wireEvent(
      String type, long networkId, String member, long revision, long now) {
    return new MembershipEvent(
        type, NetworkAddresses.format(networkId), member, revision, now, ACTOR_WIRE);
  }

  /** Deletes a member; returns it as it was. */
  public Member deleteMember(long networkId, Address address, long now) {
    synchronized (lock(networkId)) {
      Member current =
          view()
              .member(networkId, address)
              .orElseThrow(
                  () ->
                      new UnknownObjectException(
                          "member " + address + " of " + NetworkAddresses.format(networkId)));
      Map<MemberKey, Member> states = new LinkedHashMap<>();
      states.put(new MemberKey(networkId, address), null);
      kafka.commit(
          Map.of(),
          states,
          List.of(
              event(
                  MembershipEvent.DELETED,
                  networkId,
                  address.toString(),
                  current.revision(),
                  now)));
      return current;
    }
  }

  private Network write(Network current, Network updated, long now) {
    String type =
        current == null ? MembershipEvent.NETWORK_CREATED : MembershipEvent.NETWORK_CHANGED;
    kafka.commit(
        Map.of(updated.id(), updated),
        Map.of(),
        List.of(event(type, updated.id(), null, updated.revision(), now)));
    return updated;
  }

  private Object lock(long networkId) {
    return locks.computeIfAbsent(networkId, id -> new Object());
  }

  private static UnknownObjectException unknownNetwork(long id) {
    return new UnknownObjectException("network " + NetworkAddresses.format(id));
  }

  private static MembershipEvent event(
      String type, long networkId, String member, long revision, long now) {
    return new MembershipEvent(
        type, NetworkAddresses.format(networkId), member, revision, now, ACTOR_API);
  }

  /** Rejects an ID that is not 16 hex digits, naming {@code field}. */
  public static long parseNetworkId(String text, String field) {
    if (text == null || !text.matches("[0-9a-fA-F]{16}")) {
      throw new ValidationException(field, "not a 16-hex-digit network ID");
    }
    return NetworkAddresses.parse(text);
  }
}
