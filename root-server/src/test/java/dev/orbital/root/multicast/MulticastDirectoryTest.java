package dev.orbital.root.multicast;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MulticastDirectoryTest {

  private static final MulticastDirectory.Group ARP =
      new MulticastDirectory.Group(0x8056c2e21c000001L, 0xffffffffffffL, 0x0a000001);
  private static final MulticastDirectory.Group OTHER =
      new MulticastDirectory.Group(0x8056c2e21c000002L, 0xffffffffffffL, 0x0a000001);

  private final MulticastDirectory directory = new MulticastDirectory(3);

  @Test
  void shouldGatherOtherMembersOfTheSameGroupOnly() {
    directory.like(ARP, 1, 0);
    directory.like(ARP, 2, 0);
    directory.like(OTHER, 3, 0);

    MulticastDirectory.Gathered gathered = directory.gather(ARP, 1, 10);

    assertThat(gathered.members()).containsExactly(2L);
    assertThat(gathered.totalKnown()).isEqualTo(1);
  }

  @Test
  void shouldReturnAtMostTheLimitButCountAllKnown() {
    directory.like(ARP, 1, 0);
    directory.like(ARP, 2, 0);
    directory.like(ARP, 3, 0);

    MulticastDirectory.Gathered gathered = directory.gather(ARP, 9, 2);

    assertThat(gathered.members()).hasSize(2).isSubsetOf(1L, 2L, 3L);
    assertThat(gathered.totalKnown()).isEqualTo(3);
  }

  @Test
  void shouldExpireLikesAfterTenMinutesUnlessRefreshed() {
    directory.like(ARP, 1, 0);
    directory.like(ARP, 2, 0);
    directory.like(ARP, 2, 300_000);

    directory.expire(MulticastDirectory.LIKE_EXPIRY_MILLIS + 1);

    assertThat(directory.gather(ARP, 9, 10).members()).containsExactly(2L);
  }

  @Test
  void shouldEvictTheOldestLikeWhenFull() {
    directory.like(ARP, 1, 0);
    directory.like(ARP, 2, 1);
    directory.like(ARP, 3, 2);

    directory.like(OTHER, 4, 3);

    assertThat(directory.size()).isEqualTo(3);
    assertThat(directory.gather(ARP, 9, 10).members()).containsExactlyInAnyOrder(2L, 3L);
  }
}
