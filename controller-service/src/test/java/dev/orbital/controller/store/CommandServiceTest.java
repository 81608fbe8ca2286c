package dev.orbital.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.MemberJson;
import dev.orbital.controller.network.Network;
import dev.orbital.controller.network.NetworkService;
import dev.orbital.controller.network.ValidationException;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.netconf.NetworkAddresses;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The owner's checks, against the view plus the batch so far, without Kafka. */
class CommandServiceTest {

  private static final Address CONTROLLER = Address.parse("8056c2e21c");
  private static final long NWID = NetworkAddresses.networkId(CONTROLLER, 0x000001);
  private static final Map<String, Object> POOL =
      Map.of(
          "v4AssignMode", Map.of("zt", true),
          "ipAssignmentPools",
              List.of(Map.of("ipRangeStart", "10.5.0.1", "ipRangeEnd", "10.5.0.20")),
          "routes", List.of(Map.of("target", "10.5.0.0/24")));

  private final CommandService service = new CommandService(CONTROLLER);
  private final StoreView view = new StoreView();

  private Command command(String type, String address, Map<String, Object> body) {
    return new Command("r", type, NWID, address, body, 1, Long.MAX_VALUE);
  }

  private void stored(Network n) {
    view.putNetwork(n.id(), n);
  }

  @Test
  void shouldGiveEachMemberOfABatchItsOwnPoolAddress() {
    stored(new NetworkService().create(NWID, POOL, 1));
    Draft draft = new Draft(view);
    Set<InetAddress> given = new HashSet<>();
    for (int i = 0; i < 18; i++) {
      Change c =
          service.apply(
              command(
                  Command.PUT_MEMBER,
                  String.format("%010x", 0x10L + i),
                  Map.of("authorized", true)),
              draft);
      Member m = c.members().values().iterator().next();
      assertThat(m.ipAssignments()).hasSize(1);
      assertThat(given.add(m.ipAssignments().get(0))).isTrue();
    }
  }

  @Test
  void shouldRefuseAnAddressAnEarlierCommandOfTheBatchTook() {
    stored(new NetworkService().create(NWID, Map.of(), 1));
    Draft draft = new Draft(view);
    service.apply(
        command(Command.PUT_MEMBER, "1111111111", Map.of("ipAssignments", List.of("10.9.9.9"))),
        draft);

    assertThatThrownBy(
            () ->
                service.apply(
                    command(
                        Command.PUT_MEMBER,
                        "2222222222",
                        Map.of("ipAssignments", List.of("10.9.9.9"))),
                    draft))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("ipAssignments[0]");
    assertThat(draft.member(NWID, Address.parse("2222222222"))).isEmpty();
  }

  @Test
  void shouldRefuseAReservedMemberAddressEvenFromACommandThatSkippedTheApisCheck() {
    stored(new NetworkService().create(NWID, Map.of(), 1));
    Draft draft = new Draft(view);

    for (String reserved : List.of("ffffffffff", "0000000000")) {
      assertThatThrownBy(
              () ->
                  service.apply(
                      command(Command.PUT_MEMBER, reserved, Map.of("authorized", true)), draft))
          .isInstanceOf(ValidationException.class)
          .hasMessageStartingWith("address: reserved");
      assertThat(draft.member(NWID, Address.parse(reserved))).isEmpty();
    }
  }

  @Test
  void shouldRefuseToCreateANetworkThatExists() {
    stored(new NetworkService().create(NWID, Map.of(), 1));

    assertThatThrownBy(
            () -> service.apply(command(Command.CREATE_NETWORK, null, Map.of()), new Draft(view)))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void shouldRefuseAConfigRequestDecisionMadeOnAStaleMember() {
    stored(new NetworkService().create(NWID, Map.of(), 1));
    Draft draft = new Draft(view);
    Address a = Address.parse("3a77b41ec3");
    service.apply(command(Command.PUT_MEMBER, a.toString(), Map.of("name", "x")), draft);
    Member stale = Member.create(NWID, a, 1).withRevision(1);

    assertThatThrownBy(
            () ->
                service.apply(
                    command(Command.SAVE_MEMBER, a.toString(), MemberJson.toJson(stale)), draft))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void shouldNameTheActorOfEachChange() {
    stored(new NetworkService().create(NWID, Map.of(), 1));
    Draft draft = new Draft(view);
    Address a = Address.parse("3a77b41ec3");

    Change byApi =
        service.apply(command(Command.PUT_MEMBER, a.toString(), Map.of("name", "x")), draft);
    Member decided = draft.member(NWID, a).orElseThrow();
    decided = decided.withRevision(decided.revision() + 1);
    Change byConfigRequest =
        service.apply(
            command(Command.SAVE_MEMBER, a.toString(), MemberJson.toJson(decided)), draft);

    assertThat(byApi.events()).extracting(MembershipEvent::actor).containsOnly("api");
    assertThat(byConfigRequest.events()).extracting(MembershipEvent::actor).containsOnly("netconf");
  }

  @Test
  void shouldForgetTheMembersOfANetworkDeletedEarlierInTheBatch() {
    stored(new NetworkService().create(NWID, Map.of(), 1));
    view.putMember(
        NWID, Address.parse("1111111111"), Member.create(NWID, Address.parse("1111111111"), 1));
    Draft draft = new Draft(view);

    Change deleted = service.apply(command(Command.DELETE_NETWORK, null, Map.of()), draft);
    service.apply(command(Command.PUT_NETWORK, null, Map.of()), draft);

    assertThat(deleted.members()).containsKey(new MemberKey(NWID, Address.parse("1111111111")));
    assertThat(draft.members(NWID)).isEmpty();
  }
}
