package dev.orbital.controller.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbital.controller.ipam.IpAddresses;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.netconf.NetworkAddresses;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NetworkServiceTest {

  private static final Address CONTROLLER = Address.parse("e7745d5aa3");
  private static final long NWID = 0xe7745d5aa3c51defL;
  private static final Address B = Address.parse("3a77b41ec3");
  private static final long NOW = 1_795_528_000_000L;

  private final NetworkService service = new NetworkService();

  @Test
  void shouldStartNewNetworksAtRevisionOne() {
    Network n = service.create(NWID, Map.of("name", "testnet"), NOW);

    assertThat(n.revision()).isEqualTo(1);
    assertThat(n.name()).isEqualTo("testnet");
    assertThat(n.creationTime()).isEqualTo(NOW);
  }

  @Test
  void shouldBumpTheRevisionOnlyWhenSomethingChanged() {
    Network n = service.create(NWID, Map.of(), NOW);

    assertThat(service.update(n, Map.of("mtu", 1400)).revision()).isEqualTo(2);
    assertThat(service.update(n, Map.of("mtu", 2800))).isSameAs(n);
  }

  @Test
  void shouldLeaveTheNetworkAloneWhenAnUpdateIsRejected() {
    Network n = service.create(NWID, Map.of(), NOW);

    assertThatThrownBy(() -> service.update(n, Map.of("name", "ok", "mtu", 99)))
        .isInstanceOf(ValidationException.class)
        .hasMessage("mtu: must be 1280..10000");
    assertThat(n.name()).isEmpty();
  }

  @Test
  void shouldCreateAndUpdateMembersWithRevisions() {
    Member created = service.updateMember(NWID, B, null, Map.of("authorized", true), NOW, Set.of());
    assertThat(created.revision()).isEqualTo(1);
    assertThat(created.authorized()).isTrue();

    Member same = service.updateMember(NWID, B, created, Map.of("authorized", true), NOW, Set.of());
    assertThat(same).isSameAs(created);

    Member renamed = service.updateMember(NWID, B, created, Map.of("name", "b"), NOW, Set.of());
    assertThat(renamed.revision()).isEqualTo(2);
  }

  @Test
  void shouldRefuseAStaticAddressAnotherMemberHolds() {
    assertThatThrownBy(
            () ->
                service.updateMember(
                    NWID,
                    B,
                    null,
                    Map.of("ipAssignments", List.of("10.147.20.5", "10.147.20.6")),
                    NOW,
                    Set.of(IpAddresses.parse("10.147.20.6").orElseThrow())))
        .isInstanceOf(ValidationException.class)
        .hasMessage("ipAssignments[1]: already assigned to another member");
  }

  @Test
  void shouldPickNetworkIdsUnderTheControllerAndNeverZero() {
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 1000; i++) {
      long id = service.newNetworkId(CONTROLLER, random, x -> false).orElseThrow();
      assertThat(NetworkAddresses.controllerOf(id)).isEqualTo(CONTROLLER);
      assertThat(id & 0xffffff).isNotZero();
    }
    assertThat(service.newNetworkId(CONTROLLER, random, x -> true)).isEmpty();
  }
}
