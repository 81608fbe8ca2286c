package dev.orbital.controller.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.netconf.NetworkAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IpAssignmentServiceTest {

  private static final long NWID = 0xe7745d5aa3c51defL;
  private static final Address B = Address.parse("3a77b41ec3");
  private static final Address C = Address.parse("a4c90e16e5");
  private static final AssignModes V4 = new AssignModes(true, false, false, false);
  private static final List<ManagedRoute> ROUTE_24 = List.of(route("10.147.20.0/24", null));

  private final IpAssignmentService service = new IpAssignmentService(new SplittableRandom(7));

  private static InetAddress ip(String text) {
    return IpAddresses.parse(text).orElseThrow();
  }

  private static IpPool pool(String start, String end) {
    return new IpPool(ip(start), ip(end));
  }

  private static ManagedRoute route(String target, String via) {
    return new ManagedRoute(IpNetwork.parse(target).orElseThrow(), via == null ? null : ip(via));
  }

  private IpAssignment assign(
      Address member,
      AssignModes modes,
      List<IpPool> pools,
      List<ManagedRoute> routes,
      List<InetAddress> current,
      Set<InetAddress> allocated) {
    return service.assign(NWID, member, modes, pools, routes, current, false, allocated);
  }

  @Test
  void shouldReproduceTheCorpusAddressesOfBothMembers() {
    // The corpus records the results (B .99, C .71, route /24), not the pool. Stock's formula
    // gives them for pool .10-.200, one of the nine pools inside the /24 that give both.
    List<IpPool> pools = List.of(pool("10.147.20.10", "10.147.20.200"));

    IpAssignment b = assign(B, V4, pools, ROUTE_24, List.of(), Set.of());
    IpAssignment c = assign(C, V4, pools, ROUTE_24, List.of(), Set.of(ip("10.147.20.99")));

    assertThat(b.staticIps()).containsExactly(new IpEndpoint(ip("10.147.20.99"), 24));
    assertThat(b.ipAssignments()).containsExactly(ip("10.147.20.99"));
    assertThat(c.staticIps()).containsExactly(new IpEndpoint(ip("10.147.20.71"), 24));
  }

  @Test
  void shouldStartAtTheMemberAddressModuloThePoolLength() {
    // counter = 0x77b41ec3, length = 253: 1 + 2008293059 mod 253 = 59
    IpAssignment b =
        assign(B, V4, List.of(pool("10.147.20.1", "10.147.20.254")), ROUTE_24, List.of(), Set.of());

    assertThat(b.staticIps()).containsExactly(new IpEndpoint(ip("10.147.20.59"), 24));
  }

  @Test
  void shouldTryTheNextAddressWhenTaken() {
    List<IpPool> pools = List.of(pool("10.147.20.1", "10.147.20.254"));

    IpAssignment b = assign(B, V4, pools, ROUTE_24, List.of(), Set.of(ip("10.147.20.59")));

    assertThat(b.staticIps()).containsExactly(new IpEndpoint(ip("10.147.20.60"), 24));
  }

  @Test
  void shouldNeverAssignAnAddressEndingIn255NorTheRouteBroadcast() {
    // counter 0x000000ff mod 0x1ff = 255 lands on 10.0.0.255, then 10.0.1.0 (network of the /24)
    Address member = new Address(0xff);
    IpAssignment a =
        assign(
            member,
            V4,
            List.of(pool("10.0.0.0", "10.0.1.255")),
            List.of(route("10.0.1.0/24", null), route("10.0.0.0/24", null)),
            List.of(),
            Set.of());

    assertThat(a.staticIps()).containsExactly(new IpEndpoint(ip("10.0.1.1"), 24));
  }

  @Test
  void shouldGiveEveryMemberOfAFullPoolADifferentAddress() {
    List<IpPool> pools = List.of(pool("10.147.20.1", "10.147.20.254"));
    Set<InetAddress> allocated = new HashSet<>();
    SplittableRandom addresses = new SplittableRandom(42);
    int assigned = 0;
    for (int i = 0; i < 300; i++) {
      Address member = new Address(addresses.nextLong() & Address.MASK);
      IpAssignment a = assign(member, V4, pools, ROUTE_24, List.of(), allocated);
      for (IpEndpoint e : a.staticIps()) {
        assertThat(allocated.add(e.ip())).as("duplicate %s", e).isTrue();
        assertThat(IpAddresses.toLong((Inet4Address) e.ip()) & 0xff).isBetween(1L, 254L);
        assigned++;
      }
    }
    // start + (counter mod (end - start)) never reaches the end address itself (a stock quirk),
    // so .1 to .253 are handed out, every one of them, and then the pool is exhausted.
    assertThat(assigned).isEqualTo(253);
    assertThat(allocated).doesNotContain(ip("10.147.20.254"));
  }

  @Test
  void shouldKeepAMembersRoutedAddressInsteadOfAssigningAnother() {
    List<InetAddress> current = List.of(ip("10.147.20.7"));
    IpAssignment b =
        assign(
            B,
            V4,
            List.of(pool("10.147.20.1", "10.147.20.254")),
            ROUTE_24,
            current,
            Set.of(ip("10.147.20.7")));

    assertThat(b.staticIps()).containsExactly(new IpEndpoint(ip("10.147.20.7"), 24));
    assertThat(b.changed(current)).isFalse();
  }

  @Test
  void shouldSendStaticAddressesOnlyInsideARouteWithTheLongestRoutesPrefix() {
    List<InetAddress> current = List.of(ip("192.168.1.5"), ip("10.147.20.7"));
    IpAssignment b =
        assign(
            B,
            AssignModes.NONE,
            List.of(),
            List.of(route("10.0.0.0/8", null), route("10.147.20.0/24", null)),
            current,
            Set.of());

    assertThat(b.staticIps()).containsExactly(new IpEndpoint(ip("10.147.20.7"), 24));
    assertThat(b.ipAssignments()).isEqualTo(current);
  }

  @Test
  void shouldAssignNothingAutomaticToANoAutoAssignMember() {
    IpAssignment b =
        service.assign(
            NWID,
            B,
            new AssignModes(true, true, true, true),
            List.of(pool("10.147.20.1", "10.147.20.254")),
            ROUTE_24,
            List.of(ip("10.147.20.9")),
            true,
            Set.of());

    assertThat(b.staticIps()).containsExactly(new IpEndpoint(ip("10.147.20.9"), 24));
    assertThat(b.ndpEmulation()).isFalse();
  }

  @Test
  void shouldGiveUpOnAnExhaustedPool() {
    IpAssignment b =
        assign(
            B,
            V4,
            List.of(pool("10.147.20.1", "10.147.20.3")),
            ROUTE_24,
            List.of(),
            Set.of(ip("10.147.20.1"), ip("10.147.20.2"), ip("10.147.20.3")));

    assertThat(b.staticIps()).isEmpty();
    assertThat(b.ipAssignments()).isEmpty();
  }

  @Test
  void shouldListRfc4193And6planeFirstAndTurnOnNdpEmulation() {
    IpAssignment b =
        assign(
            B,
            new AssignModes(true, false, true, true),
            List.of(pool("10.147.20.10", "10.147.20.200")),
            ROUTE_24,
            List.of(),
            Set.of());

    assertThat(b.staticIps())
        .containsExactly(
            NetworkAddresses.rfc4193(NWID, B),
            NetworkAddresses.sixPlane(NWID, B),
            new IpEndpoint(ip("10.147.20.99"), 24));
    assertThat(b.staticIps().get(0).ip()).isEqualTo(ip("fde7:745d:5aa3:c51d:ef99:933a:77b4:1ec3"));
    assertThat(b.ndpEmulation()).isTrue();
  }

  @Test
  void shouldPutTheMemberAddressInTheLow64BitsOfAWideIpv6Pool() {
    IpAssignment b =
        assign(
            B,
            new AssignModes(false, true, false, false),
            List.of(pool("fd00:1::", "fd00:1::ffff:ffff:ffff:ffff")),
            List.of(route("fd00:1::/64", null)),
            List.of(),
            Set.of());

    assertThat(b.staticIps()).containsExactly(new IpEndpoint(ip("fd00:1::3a:77b4:1ec3"), 64));
  }

  @Test
  void shouldPickRandomAddressesInANarrowIpv6Pool() {
    Set<InetAddress> allocated = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      IpAssignment a =
          assign(
              new Address(i + 1),
              new AssignModes(false, true, false, false),
              List.of(pool("fd00:1::100", "fd00:1::1ff")),
              List.of(route("fd00:1::/64", null)),
              List.of(),
              allocated);
      InetAddress picked = a.staticIps().get(0).ip();
      byte[] raw = picked.getAddress();
      assertThat(raw[14]).isEqualTo((byte) 0x01);
      assertThat(allocated.add(picked)).isTrue();
    }
  }

  @Test
  void shouldNotTakeIpv6PoolAddressesOutsideAnOnLinkRoute() {
    IpAssignment b =
        assign(
            B,
            new AssignModes(false, true, false, false),
            List.of(pool("fd00:1::", "fd00:1::ffff:ffff:ffff:ffff")),
            List.of(route("fd00:1::/64", "fd00:2::1")),
            List.of(),
            Set.of());

    assertThat(b.staticIps()).isEmpty();
  }
}
