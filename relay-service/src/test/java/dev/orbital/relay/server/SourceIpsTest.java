package dev.orbital.relay.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class SourceIpsTest {

  private static final long NOW = 1_000_000;

  private final SourceIps sources = new SourceIps(2, 1, 2);

  @Test
  void shouldCapConnectionsPerSourceAndFreeASlotOnRelease() throws Exception {
    InetAddress ip = InetAddress.getByName("203.0.113.5");
    SourceIps.Share first = sources.acquire(ip, NOW);
    SourceIps.Share second = sources.acquire(ip, NOW);

    assertThat(sources.acquire(ip, NOW)).isNull();
    assertThat(sources.acquire(InetAddress.getByName("203.0.113.6"), NOW)).isNotNull();
    sources.release(first);
    assertThat(sources.acquire(ip, NOW)).isSameAs(second);
  }

  @Test
  void shouldCountAnIpv6ClientByItsSlash64() throws Exception {
    SourceIps.Share a = sources.acquire(InetAddress.getByName("2001:db8:1:2::a"), NOW);
    SourceIps.Share b = sources.acquire(InetAddress.getByName("2001:db8:1:2:ffff::b"), NOW);

    assertThat(a).isSameAs(b);
    assertThat(sources.acquire(InetAddress.getByName("2001:db8:1:2::c"), NOW)).isNull();
    assertThat(sources.acquire(InetAddress.getByName("2001:db8:1:3::a"), NOW)).isNotNull();
  }

  @Test
  void shouldKeepASpentBudgetAcrossReconnectsUntilItHasRefilled() throws Exception {
    InetAddress ip = InetAddress.getByName("203.0.113.5");
    SourceIps.Share share = sources.acquire(ip, NOW);
    assertThat(share.budget().tryTake(NOW)).isTrue();
    assertThat(share.budget().tryTake(NOW)).isTrue();
    sources.release(share);

    sources.sweep(NOW + 500);
    SourceIps.Share again = sources.acquire(ip, NOW + 500);
    assertThat(again.budget().tryTake(NOW + 500)).as("still spent after reconnecting").isFalse();
    sources.release(again);

    sources.sweep(NOW + 2_000);
    assertThat(sources.sources()).isZero();
  }
}
