package dev.orbital.controller.store;

import dev.orbital.controller.ipam.IpAssignmentService;
import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.MemberJson;
import dev.orbital.controller.network.Network;
import dev.orbital.controller.network.NetworkJson;
import dev.orbital.controller.network.NetworkService;
import dev.orbital.controller.network.ValidationException;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.netconf.NetworkAddresses;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The owner's side of a write: checks a {@link Command} against the {@link Draft} (the view plus
 * the batch so far) and says what it changes, recording that in the draft. Nothing here touches
 * Kafka: a refused command throws ({@link ValidationException}, {@link UnknownObjectException},
 * {@link ConflictException}) and changes nothing.
 *
 * <p>A member authorized through the API gets its pool addresses at once (v4AssignMode /
 * v6AssignMode {@code zt}, unless {@code noAutoAssignIps}), never one another member of the network
 * holds; once stored they stay, since a member with a routed address of a family gets no new one.
 */
final class CommandService {

  private final Address controller;
  private final NetworkService networks = new NetworkService();
  private final IpAssignmentService ipam = new IpAssignmentService(new SecureRandom());

  CommandService(Address controller) {
    this.controller = controller;
  }

  Change apply(Command c, Draft draft) {
    return switch (c.type()) {
      case Command.CREATE_NETWORK -> createNetwork(c, draft);
      case Command.PUT_NETWORK -> putNetwork(c, draft);
      case Command.DELETE_NETWORK -> deleteNetwork(c, draft);
      case Command.PUT_MEMBER -> putMember(c, draft);
      case Command.DELETE_MEMBER -> deleteMember(c, draft);
      case Command.SAVE_MEMBER -> saveMember(c, draft);
      default -> throw new ValidationException("type", "unknown command " + c.type());
    };
  }

  private Change createNetwork(Command c, Draft draft) {
    if (draft.network(c.networkId()).isPresent()) {
      throw new ConflictException("network " + c.key() + " exists");
    }
    return putNetwork(c, draft);
  }

  private Change putNetwork(Command c, Draft draft) {
    long id = c.networkId();
    if (!NetworkAddresses.controllerOf(id).equals(controller)) {
      throw new UnknownObjectException("network " + c.key() + " is not under this controller");
    }
    Optional<Network> current = draft.network(id);
    Network updated =
        current.isEmpty()
            ? networks.create(id, c.body(), c.now())
            : networks.update(current.get(), c.body());
    if (current.isPresent() && updated == current.get()) {
      return unchanged(NetworkJson.toJson(updated));
    }
    draft.putNetwork(id, updated);
    String type =
        current.isEmpty() ? MembershipEvent.NETWORK_CREATED : MembershipEvent.NETWORK_CHANGED;
    return new Change(
        Map.of(id, updated),
        Map.of(),
        List.of(event(type, id, null, updated.revision(), c.now())),
        NetworkJson.toJson(updated));
  }

  private Change deleteNetwork(Command c, Draft draft) {
    long id = c.networkId();
    Network current = draft.network(id).orElseThrow(() -> unknownNetwork(id));
    Map<MemberKey, Member> tombstones = new LinkedHashMap<>();
    for (Member m : draft.members(id)) {
      tombstones.put(new MemberKey(id, m.address()), null);
    }
    Map<Long, Network> states = new LinkedHashMap<>();
    states.put(id, null);
    draft.putNetwork(id, null);
    return new Change(
        states,
        tombstones,
        List.of(event(MembershipEvent.NETWORK_DELETED, id, null, current.revision(), c.now())),
        NetworkJson.toJson(current));
  }

  private Change putMember(Command c, Draft draft) {
    long id = c.networkId();
    Address address = NetworkStore.requireMemberAddress(Address.parse(c.address()), "address");
    Network network = draft.network(id).orElseThrow(() -> unknownNetwork(id));
    Member current = draft.member(id, address).orElse(null);
    Member updated =
        networks.updateMember(id, address, current, c.body(), c.now(), ip -> draft.held(id, ip));
    Member assigned = withPoolAddresses(network, updated, draft);
    if (assigned != updated) {
      updated = assigned.withRevision(current == null ? 1 : current.revision() + 1);
    }
    if (updated == current) {
      return unchanged(MemberJson.toJson(current));
    }
    return memberChange(current, updated, c.now(), draft);
  }

  private Member withPoolAddresses(Network network, Member member, Draft draft) {
    if (!member.authorized() || member.noAutoAssignIps()) {
      return member;
    }
    List<InetAddress> assignments =
        ipam.assign(
                network.id(),
                member.address(),
                network.assignModes(),
                network.ipAssignmentPools(),
                network.routes(),
                member.ipAssignments(),
                false,
                ip -> draft.held(network.id(), ip))
            .ipAssignments();
    return assignments.equals(member.ipAssignments())
        ? member
        : member.withIpAssignments(assignments);
  }

  private Change deleteMember(Command c, Draft draft) {
    long id = c.networkId();
    Address address = Address.parse(c.address());
    Member current =
        draft
            .member(id, address)
            .orElseThrow(() -> new UnknownObjectException("member " + address + " of " + c.key()));
    Map<MemberKey, Member> states = new LinkedHashMap<>();
    states.put(new MemberKey(id, address), null);
    draft.putMember(id, address, null);
    return new Change(
        Map.of(),
        states,
        List.of(
            event(MembershipEvent.DELETED, id, address.toString(), current.revision(), c.now())),
        MemberJson.toJson(current));
  }

  /** A member decided by a config request; refused if the stored one changed since. */
  private Change saveMember(Command c, Draft draft) {
    long id = c.networkId();
    draft.network(id).orElseThrow(() -> unknownNetwork(id));
    Member decided = StoredJson.member(c.body());
    NetworkStore.requireMemberAddress(decided.address(), "address");
    Member current = draft.member(id, decided.address()).orElse(null);
    long storedRevision = current == null ? 0 : current.revision();
    if (decided.revision() != storedRevision + 1) {
      throw new ConflictException(
          "member " + decided.address() + " is at revision " + storedRevision + " now");
    }
    List<InetAddress> ips = decided.ipAssignments();
    List<InetAddress> before = current == null ? List.of() : current.ipAssignments();
    for (int i = 0; i < ips.size(); i++) {
      if (!before.contains(ips.get(i)) && draft.held(id, ips.get(i))) {
        throw new ConflictException(
            "ipAssignments[" + i + "] is already assigned to another member");
      }
    }
    return memberChange(current, decided, c.now(), draft, NetworkStore.ACTOR_NETCONF);
  }

  private Change memberChange(Member current, Member updated, long now, Draft draft) {
    return memberChange(current, updated, now, draft, NetworkStore.ACTOR_API);
  }

  private Change memberChange(Member current, Member updated, long now, Draft draft, String actor) {
    long id = updated.networkId();
    String addr = updated.address().toString();
    long rev = updated.revision();
    List<MembershipEvent> events = new ArrayList<>();
    if (current == null) {
      events.add(event(MembershipEvent.REQUESTED, id, addr, rev, now, actor));
    }
    boolean wasAuthorized = current != null && current.authorized();
    if (updated.authorized() != wasAuthorized) {
      events.add(
          event(
              updated.authorized() ? MembershipEvent.AUTHORIZED : MembershipEvent.DEAUTHORIZED,
              id,
              addr,
              rev,
              now,
              actor));
    }
    List<InetAddress> before = current == null ? List.of() : current.ipAssignments();
    if (!before.equals(updated.ipAssignments())) {
      events.add(event(MembershipEvent.ADDRESSES_CHANGED, id, addr, rev, now, actor));
    }
    if (events.isEmpty()) {
      events.add(event(MembershipEvent.CHANGED, id, addr, rev, now, actor));
    }
    draft.putMember(id, updated.address(), updated);
    return new Change(
        Map.of(),
        Map.of(new MemberKey(id, updated.address()), updated),
        events,
        MemberJson.toJson(updated));
  }

  private static Change unchanged(Map<String, Object> object) {
    return new Change(Map.of(), Map.of(), List.of(), object);
  }

  private static UnknownObjectException unknownNetwork(long id) {
    return new UnknownObjectException("network " + NetworkAddresses.format(id));
  }

  private static MembershipEvent event(
      String type, long networkId, String member, long revision, long now) {
    return event(type, networkId, member, revision, now, NetworkStore.ACTOR_API);
  }

  private static MembershipEvent event(
      String type, long networkId, String member, long revision, long now, String actor) {
    return new MembershipEvent(
        type, NetworkAddresses.format(networkId), member, revision, now, actor);
  }
}
