package dev.orbital.root.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ValidationRateLimiterTest {

  private final ValidationRateLimiter limiter = new ValidationRateLimiter(2_000);

  @Test
  void shouldAdmitOneValidationPerIpv4Slash24PerInterval() throws Exception {
    assertThat(limiter.tryAdmit(InetAddress.getByName("10.1.2.3"), 0)).isTrue();
    assertThat(limiter.tryAdmit(InetAddress.getByName("10.1.2.200"), 1_999)).isFalse();
    assertThat(limiter.tryAdmit(InetAddress.getByName("10.1.3.3"), 1_999)).isTrue();
    assertThat(limiter.tryAdmit(InetAddress.getByName("10.1.2.200"), 2_000)).isTrue();
  }

  @Test
  void shouldShareOneSlotAcrossAnIpv6Slash64() throws Exception {
    assertThat(limiter.tryAdmit(InetAddress.getByName("2001:db8:1:2::1"), 0)).isTrue();
    assertThat(limiter.tryAdmit(InetAddress.getByName("2001:db8:1:2::ffff"), 10)).isFalse();
    assertThat(limiter.tryAdmit(InetAddress.getByName("2001:db8:1:3::1"), 10)).isTrue();
  }

  @Test
  void shouldForgetNetworksWhoseIntervalHasPassed() throws Exception {
    limiter.tryAdmit(InetAddress.getByName("10.1.2.3"), 0);

    limiter.expire(2_000);

    assertThat(limiter.tryAdmit(InetAddress.getByName("10.1.2.3"), 2_000)).isTrue();
  }
}
