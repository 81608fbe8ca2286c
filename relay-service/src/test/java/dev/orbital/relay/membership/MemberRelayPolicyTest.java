package dev.orbital.relay.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MemberRelayPolicyTest {

  private static final long NETWORK = 0x8056c2e21c000001L;
  private static final long OTHER_NETWORK = 0x8056c2e21c000002L;
  private static final long ROOT = 0xe7745d5aa3L;
  private static final long MEMBER = 0x3a77b41ec3L;
  private static final long STRANGER = 0xa4c90e16e5L;
  private static final InetSocketAddress TO = new InetSocketAddress("127.0.0.1", 9993);

  private final MemberRelayPolicy policy = new MemberRelayPolicy(Set.of(ROOT));

  private static ByteBuffer packet(long to, long from) {
    byte[] bytes =
        HexFormat.of()
            .parseHex(
                "0102030405060708" // packet ID
                    + String.format("%010x", to) // destination
                    + String.format("%010x", from) // source
                    + "00" // flags
                    + "0000000000000000" // MAC
                    + "08"); // verb ECHO
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  private static ByteBuffer fragment(long to) {
    byte[] bytes =
        HexFormat.of()
            .parseHex(
                "0102030405060708" // packet ID
                    + String.format("%010x", to) // destination
                    + "ff" // fragment indicator
                    + "21" // 2 fragments, this is number 1
                    + "00" // hops
                    + "aabbccdd"); // fragment data
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  @Test
  void shouldRelayAuthorizedMemberAndRefuseStranger() {
    policy.authorize(NETWORK, MEMBER);

    assertThat(policy.allows(TO, packet(STRANGER, MEMBER))).isTrue();
    assertThat(policy.allows(TO, packet(MEMBER, STRANGER))).isFalse();
  }

  @Test
  void shouldRelayAnyoneToAndFromRoots() {
    assertThat(policy.allows(TO, packet(ROOT, STRANGER))).isTrue();
    assertThat(policy.allows(TO, packet(STRANGER, ROOT))).isTrue();
  }

  @Test
  void shouldRefuseOnceDeauthorizedOnEveryNetwork() {
    policy.authorize(NETWORK, MEMBER);
    policy.authorize(OTHER_NETWORK, MEMBER);

    policy.deauthorize(NETWORK, MEMBER);
    boolean afterFirst = policy.allows(TO, packet(STRANGER, MEMBER));
    policy.deauthorize(OTHER_NETWORK, MEMBER);

    assertThat(afterFirst).isTrue();
    assertThat(policy.allows(TO, packet(STRANGER, MEMBER))).isFalse();
  }

  @Test
  void shouldRelayFragmentsOnlyToMembersOrRoots() {
    policy.authorize(NETWORK, MEMBER);

    assertThat(policy.allows(TO, fragment(MEMBER))).isTrue();
    assertThat(policy.allows(TO, fragment(ROOT))).isTrue();
    assertThat(policy.allows(TO, fragment(STRANGER))).isFalse();
  }

  @Test
  void shouldRefuseDatagramShorterThanAHeaderAndReadFromBufferPosition() {
    policy.authorize(NETWORK, MEMBER);
    ByteBuffer full = packet(STRANGER, MEMBER);
    ByteBuffer shifted = ByteBuffer.allocate(full.remaining() + 3);
    shifted.put(new byte[3]).put(full.duplicate()).position(3);

    assertThat(policy.allows(TO, ByteBuffer.wrap(new byte[20]))).isFalse();
    assertThat(policy.allows(TO, shifted)).isTrue();
  }
}
