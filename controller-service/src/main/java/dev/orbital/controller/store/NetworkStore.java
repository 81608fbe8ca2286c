package dev.orbital.controller.store;

import dev.orbital.controller.ControllerConfig;
import dev.orbital.controller.ControllerIdentity;
import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.MemberJson;
import dev.orbital.controller.network.Network;
import dev.orbital.controller.network.NetworkService;
import dev.orbital.controller.network.ValidationException;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.netconf.NetworkAddresses;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.Map;
import java.util.UUID;

/**
 * Every write to networks and members goes through here, whichever replica takes it: the write
 * becomes a {@link Command} on the commands topic, the owner of the network's partition checks and
 * applies it ({@link CommandProcessor}), and the call returns the object as this replica's view
 * holds it once the change has arrived there. A refused write throws as a local check would ({@link
 * ValidationException} naming the field, {@link UnknownObjectException}); nothing of it is stored.
 */
@ApplicationScoped
public class NetworkStore {

  public static final String ACTOR_API = "api";

  /** The actor of changes a config request makes (a learned identity, a public join). */
  public static final String ACTOR_NETCONF = "netconf";

  private static final int CREATE_ATTEMPTS = 8;

  private final StoreFollower follower;
  private final CommandSubmitter submitter;
  private final ControllerIdentity identity;
  private final ControllerConfig config;
  private final NetworkService networks = new NetworkService();
  private final SecureRandom random = new SecureRandom();

  public NetworkStore(
      StoreFollower follower,
      CommandSubmitter submitter,
      ControllerIdentity identity,
      ControllerConfig config) {
    this.follower = follower;
    this.submitter = submitter;
    this.identity = identity;
    this.config = config;
  }

  public StoreView view() {
    return follower.view();
  }

  /** A network with a new random ID under this controller. */
  public Network createNetwork(Map<String, ?> body, long now) {
    Address controller = identity.address();
    for (int attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
      long id =
          networks
              .newNetworkId(controller, random, candidate -> view().network(candidate).isPresent())
              .orElseThrow(() -> new StoreException("no free network ID left", null));
      Outcome outcome = submitter.submit(command(Command.CREATE_NETWORK, id, null, body, now));
      if (!Outcome.CONFLICT.equals(outcome.error())) {
        return network(id, check(outcome));
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
    return network(id, check(submitter.submit(command(Command.PUT_NETWORK, id, null, body, now))));
  }

  /** Deletes the network and its members; returns the deleted network. */
  public Network deleteNetwork(long id, long now) {
    Outcome outcome =
        check(submitter.submit(command(Command.DELETE_NETWORK, id, null, Map.of(), now)));
    return StoredJson.network(outcome.object());
  }

  /**
   * Creates or updates a member of an existing network. An authorized member gets its pool
   * addresses at once (see {@link CommandService}).
   */
  public Member putMember(long networkId, Address address, Map<String, ?> body, long now) {
    Outcome outcome =
        check(submitter.submit(command(Command.PUT_MEMBER, networkId, address, body, now)));
    return member(networkId, address, outcome);
  }

  /** Deletes a member; returns it as it was. */
  public Member deleteMember(long networkId, Address address, long now) {
    Outcome outcome =
        check(submitter.submit(command(Command.DELETE_MEMBER, networkId, address, Map.of(), now)));
    return StoredJson.member(outcome.object());
  }

  /**
   * Stores a member record decided by a config request ({@code ConfigReply.memberToSave()}, its
   * revision one above the stored one's).
   *
   * @throws ConflictException if the stored member changed since (its revision moved on) or one of
   *     its new addresses is another member's now: decide again from the view
   */
  public Member saveMember(Member decided, long now) {
    Outcome outcome =
        submitter.submit(
            command(
                Command.SAVE_MEMBER,
                decided.networkId(),
                decided.address(),
                MemberJson.toJson(decided),
                now));
    if (Outcome.CONFLICT.equals(outcome.error())) {
      throw new ConflictException(outcome.reason());
    }
    return member(decided.networkId(), decided.address(), check(outcome));
  }

  private Command command(
      String type, long networkId, Address address, Map<String, ?> body, long now) {
    @SuppressWarnings("unchecked")
    Map<String, Object> json = (Map<String, Object>) body;
    return new Command(
        UUID.randomUUID().toString(),
        type,
        networkId,
        address == null ? null : address.toString(),
        json,
        now,
        System.currentTimeMillis() + config.writeTimeout().toMillis());
  }

  /** The outcome of a write that went through, or the exception its refusal stands for. */
  private static Outcome check(Outcome outcome) {
    if (outcome.ok()) {
      return outcome;
    }
    switch (outcome.error()) {
      case Outcome.INVALID -> throw new ValidationException(outcome.field(), outcome.reason());
      case Outcome.NOT_FOUND -> throw new UnknownObjectException(outcome.reason());
      case Outcome.EXPIRED ->
          throw new StoreException("the write was not applied: " + outcome.reason(), null);
      default -> throw new StoreException(outcome.error() + ": " + outcome.reason(), null);
    }
  }

  /** The network as this replica's view has it now, else as the write stored it. */
  private Network network(long id, Outcome outcome) {
    return view().network(id).orElseGet(() -> StoredJson.network(outcome.object()));
  }

  private Member member(long networkId, Address address, Outcome outcome) {
    return view().member(networkId, address).orElseGet(() -> StoredJson.member(outcome.object()));
  }

  /**
   * Refuses, naming {@code field}, an address no node can have: 0 and every address whose first
   * byte is 0xff (ZeroTier's {@code Address::isReserved}).
   */
  public static Address requireMemberAddress(Address address, String field) {
    if (address.isReserved()) {
      throw new ValidationException(
          field, "reserved address " + address + " (0 and ff........ are never a node's)");
    }
    return address;
  }

  /** Rejects an ID that is not 16 hex digits, naming {@code field}. */
  public static long parseNetworkId(String text, String field) {
    if (text == null || !text.matches("[0-9a-fA-F]{16}")) {
      throw new ValidationException(field, "not a 16-hex-digit network ID");
    }
    return NetworkAddresses.parse(text);
  }
}
