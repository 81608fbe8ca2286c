package dev.orbital.relay.policy;

import static dev.orbital.relay.policy.TestPackets.fragment;
import static dev.orbital.relay.policy.TestPackets.packet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.relay.directory.RelayDirectory;
import dev.orbital.relay.directory.RootEndpoints;
import dev.orbital.relay.server.Verdict;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MemberConnectionPolicyTest {

  static final long ROOT = 0xe7745d5aa3L;
  static final long CONTROLLER = 0x8056c2e21cL;
  static final long NETWORK = (CONTROLLER << 24) | 0x000001;
  static final long MEMBER = 0x3a77b41ec3L;
  static final long OTHER_MEMBER = 0x1f2e3d4c5bL;
  static final long PRESENT_STRANGER = 0xa4c90e16e5L;
  static final long NEWCOMER = 0x0badc0ffeeL;

  static final InetSocketAddress ROOT_AT = new InetSocketAddress("198.51.100.1", 9993);
  static final InetSocketAddress CONTROLLER_AT = new InetSocketAddress("198.51.100.2", 9993);
  static final InetSocketAddress MEMBER_AT = new InetSocketAddress("198.51.100.3", 41000);
  static final InetSocketAddress OTHER_MEMBER_AT = new InetSocketAddress("198.51.100.4", 41001);
  static final InetSocketAddress STRANGER_AT = new InetSocketAddress("198.51.100.5", 41002);
  static final InetSocketAddress LOOPBACK_SERVICE = new InetSocketAddress("127.0.0.1", 6379);

  private final RelayDirectory directory =
      new RelayDirectory(new RootEndpoints(Set.of(ROOT), Set.of(ROOT_AT)));
  private final MemberConnectionPolicy policy = new MemberConnectionPolicy(directory);

  @BeforeEach
  void knownParties() {
    directory.networkExists(NETWORK);
    directory.authorize(NETWORK, MEMBER);
    directory.authorize(NETWORK, OTHER_MEMBER);
    directory.online(CONTROLLER, ROOT, List.of(CONTROLLER_AT));
    directory.online(MEMBER, ROOT, List.of(MEMBER_AT));
    directory.online(OTHER_MEMBER, ROOT, List.of(OTHER_MEMBER_AT));
    directory.online(PRESENT_STRANGER, ROOT, List.of(STRANGER_AT));
  }

  private Verdict check(InetSocketAddress to, byte[] datagram) {
    return policy.check(to, ByteBuffer.wrap(datagram).asReadOnlyBuffer());
  }

  private void answer(InetSocketAddress from, byte[] datagram) {
    policy.answered(from, datagram, 0, datagram.length);
  }

  @Test
  void shouldLetANewcomerReachRootsAndControllersAtNewcomerRatesOnly() {
    assertThat(check(ROOT_AT, packet(ROOT, NEWCOMER))).isEqualTo(Verdict.RELAY_NEWCOMER);
    assertThat(check(ROOT_AT, packet(CONTROLLER, NEWCOMER))).isEqualTo(Verdict.RELAY_NEWCOMER);
    assertThat(check(CONTROLLER_AT, packet(CONTROLLER, NEWCOMER)))
        .isEqualTo(Verdict.RELAY_NEWCOMER);
  }

  @Test
  void shouldRefuseANewcomerEverywhereElse() {
    assertThat(check(ROOT_AT, packet(MEMBER, NEWCOMER))).isEqualTo(Verdict.WRONG_DESTINATION);
    assertThat(check(MEMBER_AT, packet(MEMBER, NEWCOMER))).isEqualTo(Verdict.NOT_MEMBER);
    assertThat(check(STRANGER_AT, packet(PRESENT_STRANGER, NEWCOMER)))
        .isEqualTo(Verdict.UNKNOWN_ENDPOINT);
    assertThat(check(CONTROLLER_AT, packet(ROOT, NEWCOMER))).isEqualTo(Verdict.WRONG_DESTINATION);
  }

  @Test
  void shouldRefuseARootsAddressAsDestinationAtAnyOtherEndpoint() {
    assertThat(check(LOOPBACK_SERVICE, packet(ROOT, NEWCOMER))).isEqualTo(Verdict.UNKNOWN_ENDPOINT);
    assertThat(check(new InetSocketAddress("203.0.113.9", 53000), packet(ROOT, NEWCOMER)))
        .isEqualTo(Verdict.UNKNOWN_ENDPOINT);
    assertThat(check(MEMBER_AT, packet(ROOT, NEWCOMER))).isEqualTo(Verdict.WRONG_DESTINATION);
    assertThat(check(new InetSocketAddress("198.51.100.1", 9994), packet(ROOT, NEWCOMER)))
        .as("the root's IP on another port")
        .isEqualTo(Verdict.UNKNOWN_ENDPOINT);
  }

  @Test
  void shouldGainNothingFromASourceSpoofedAsARootOrAMember() {
    for (long spoofed : new long[] {ROOT, MEMBER, CONTROLLER}) {
      assertThat(check(OTHER_MEMBER_AT, packet(OTHER_MEMBER, spoofed)))
          .isEqualTo(Verdict.NOT_MEMBER);
      assertThat(check(ROOT_AT, packet(OTHER_MEMBER, spoofed)))
          .isEqualTo(Verdict.WRONG_DESTINATION);
      assertThat(check(LOOPBACK_SERVICE, packet(ROOT, spoofed)))
          .isEqualTo(Verdict.UNKNOWN_ENDPOINT);
    }
    assertThat(policy.identity()).isInstanceOf(ConnectionIdentity.Unverified.class);
  }

  @Test
  void shouldBindToTheAddressARootAnswersAndThenRefuseAnyOtherSource() {
    answer(ROOT_AT, packet(NEWCOMER, ROOT));

    assertThat(policy.identity()).isEqualTo(new ConnectionIdentity.Verified(NEWCOMER));
    assertThat(check(ROOT_AT, packet(CONTROLLER, NEWCOMER))).isEqualTo(Verdict.RELAY_NEWCOMER);
    assertThat(check(ROOT_AT, packet(CONTROLLER, MEMBER))).isEqualTo(Verdict.SPOOFED_SOURCE);
    assertThat(check(ROOT_AT, packet(CONTROLLER, ROOT))).isEqualTo(Verdict.SPOOFED_SOURCE);
    assertThat(check(MEMBER_AT, packet(MEMBER, NEWCOMER)))
        .as("a verified non-member still reaches no member")
        .isEqualTo(Verdict.NOT_MEMBER);
  }

  @Test
  void shouldLetAVerifiedMemberReachMembersAndAnyoneThroughARoot() {
    answer(ROOT_AT, packet(MEMBER, ROOT));

    assertThat(check(OTHER_MEMBER_AT, packet(OTHER_MEMBER, MEMBER))).isEqualTo(Verdict.RELAY);
    assertThat(check(CONTROLLER_AT, packet(CONTROLLER, MEMBER))).isEqualTo(Verdict.RELAY);
    assertThat(check(ROOT_AT, packet(PRESENT_STRANGER, MEMBER))).isEqualTo(Verdict.RELAY);
    assertThat(check(OTHER_MEMBER_AT, fragment(OTHER_MEMBER))).isEqualTo(Verdict.RELAY);
  }

  @Test
  void shouldHoldAVerifiedMemberToWhoIsAtAnEndpoint() {
    answer(ROOT_AT, packet(MEMBER, ROOT));

    assertThat(check(OTHER_MEMBER_AT, packet(OTHER_MEMBER, OTHER_MEMBER)))
        .isEqualTo(Verdict.SPOOFED_SOURCE);
    assertThat(check(OTHER_MEMBER_AT, packet(ROOT, MEMBER))).isEqualTo(Verdict.WRONG_DESTINATION);
    assertThat(check(LOOPBACK_SERVICE, packet(ROOT, MEMBER))).isEqualTo(Verdict.UNKNOWN_ENDPOINT);
    assertThat(check(STRANGER_AT, packet(PRESENT_STRANGER, MEMBER)))
        .isEqualTo(Verdict.UNKNOWN_ENDPOINT);
    assertThat(check(LOOPBACK_SERVICE, fragment(ROOT))).isEqualTo(Verdict.UNKNOWN_ENDPOINT);
  }

  @Test
  void shouldTreatAMemberDeauthorizedOnItsLastNetworkAsANewcomer() {
    answer(ROOT_AT, packet(MEMBER, ROOT));
    directory.deauthorize(NETWORK, MEMBER);

    assertThat(check(OTHER_MEMBER_AT, packet(OTHER_MEMBER, MEMBER))).isEqualTo(Verdict.NOT_MEMBER);
    assertThat(check(ROOT_AT, packet(OTHER_MEMBER, MEMBER))).isEqualTo(Verdict.WRONG_DESTINATION);
    assertThat(check(ROOT_AT, packet(ROOT, MEMBER))).isEqualTo(Verdict.RELAY_NEWCOMER);
  }

  @Test
  void shouldBindOnlyOnANonFragmentFromARootOrFromAControllerAtItsPath() {
    answer(MEMBER_AT, packet(MEMBER, MEMBER));
    answer(LOOPBACK_SERVICE, packet(MEMBER, ROOT));
    answer(ROOT_AT, fragment(MEMBER));
    answer(CONTROLLER_AT, packet(MEMBER, ROOT));
    answer(ROOT_AT, new byte[20]);
    assertThat(policy.identity()).isInstanceOf(ConnectionIdentity.Unverified.class);

    answer(CONTROLLER_AT, packet(NEWCOMER, CONTROLLER));
    assertThat(policy.identity()).isEqualTo(new ConnectionIdentity.Verified(NEWCOMER));

    answer(ROOT_AT, packet(MEMBER, ROOT));
    assertThat(policy.identity())
        .as("the first proof holds for the connection's life")
        .isEqualTo(new ConnectionIdentity.Verified(NEWCOMER));
  }

  @Test
  void shouldJudgeFragmentsByEndpointAndDestinationOnly() {
    assertThat(check(ROOT_AT, fragment(CONTROLLER))).isEqualTo(Verdict.RELAY_NEWCOMER);
    assertThat(check(ROOT_AT, fragment(MEMBER))).isEqualTo(Verdict.WRONG_DESTINATION);
    assertThat(check(MEMBER_AT, fragment(MEMBER))).isEqualTo(Verdict.NOT_MEMBER);
    assertThat(check(LOOPBACK_SERVICE, fragment(ROOT))).isEqualTo(Verdict.UNKNOWN_ENDPOINT);
  }

  @Test
  void shouldForgetAnEndpointOnceItsRootReportsTheNodeOffline() {
    answer(ROOT_AT, packet(MEMBER, ROOT));
    directory.offline(OTHER_MEMBER, ROOT);

    assertThat(check(OTHER_MEMBER_AT, packet(OTHER_MEMBER, MEMBER)))
        .isEqualTo(Verdict.UNKNOWN_ENDPOINT);
  }

  @Test
  void shouldRefuseWhatIsShorterThanAHeaderAndReadFromTheBufferPosition() {
    byte[] full = packet(ROOT, NEWCOMER);
    ByteBuffer shifted = ByteBuffer.allocate(full.length + 3);
    shifted.put(new byte[3]).put(full).position(3);

    assertThat(check(ROOT_AT, new byte[20])).isEqualTo(Verdict.MALFORMED);
    assertThat(policy.check(ROOT_AT, shifted.asReadOnlyBuffer())).isEqualTo(Verdict.RELAY_NEWCOMER);
  }
}
