package dev.orbital.controller.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.protocol.Address;
import org.junit.jupiter.api.Test;

class PushCoalescerTest {

  private static final long NET_A = 0xe7745d5aa3000001L;
  private static final long NET_B = 0xe7745d5aa3000002L;
  private static final Address M1 = new Address(0x1111111111L);
  private static final Address M2 = new Address(0x2222222222L);

  private final PushCoalescer coalescer = new PushCoalescer();

  @Test
  void shouldScheduleOneFlushPerNetworkForABurst() {
    assertThat(coalescer.member(NET_A, M1, false)).isTrue();
    assertThat(coalescer.member(NET_A, M2, false)).isFalse();
    assertThat(coalescer.member(NET_A, M1, false)).isFalse();
    assertThat(coalescer.network(NET_A)).isFalse();
    assertThat(coalescer.member(NET_B, M1, false)).isTrue();

    PushCoalescer.Batch a = coalescer.drain(NET_A);
    assertThat(a.everyone()).isTrue();
    assertThat(a.members()).containsExactlyInAnyOrder(M1, M2);
    assertThat(a.revoked()).isEmpty();
  }

  @Test
  void shouldStartANewWindowAfterAFlush() {
    coalescer.member(NET_A, M1, true);
    PushCoalescer.Batch first = coalescer.drain(NET_A);
    assertThat(first.revoked()).containsExactly(M1);

    assertThat(coalescer.member(NET_A, M2, false)).isTrue();
    assertThat(coalescer.drain(NET_A).members()).containsExactly(M2);
    assertThat(coalescer.drain(NET_A).members()).isEmpty();
  }
}
