package dev.orbital.root.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ValidationRateLimiterTest {

  private final ValidationRateLimiter stock = new ValidationRateLimiter(2_000, 1);
  private final ValidationRateLimiter limiter = new ValidationRateLimiter(2_000, 4);

  private static InetAddress ip(String text) throws Exception {
    return InetAddress.getByName(text);
  }

  @Test
  void shouldAdmitOneValidationPerIpv4Slash24PerIntervalWithABurstOfOne() throws Exception {
    assertThat(stock.tryAdmit(ip("10.1.2.3"), 0)).isTrue();
    assertThat(stock.tryAdmit(ip("10.1.2.200"), 1_999)).isFalse();
    assertThat(stock.tryAdmit(ip("10.1.3.3"), 1_999)).isTrue();
    assertThat(stock.tryAdmit(ip("10.1.2.200"), 2_000)).isTrue();
  }

  @Test
  void shouldAdmitABurstFromOneAddressAtOnceThenOnePerInterval() throws Exception {
    for (int i = 0; i < 4; i++) {
      assertThat(limiter.tryAdmit(ip("10.1.2.3"), 0)).as("host %d", i).isTrue();
    }
    assertThat(limiter.tryAdmit(ip("10.1.2.3"), 0)).isFalse();
    assertThat(limiter.tryAdmit(ip("10.1.2.3"), 1_999)).isFalse();
    assertThat(limiter.tryAdmit(ip("10.1.2.3"), 2_000)).isTrue();
    assertThat(limiter.tryAdmit(ip("10.1.2.3"), 2_000)).isFalse();
  }

  @Test
  void shouldHoldAFloodToOnePerIntervalOnceItsBurstIsSpent() throws Exception {
    int admitted = 0;
    // A fabricated identity every 10 ms for a minute from one /24.
    for (long t = 0; t < 60_000; t += 10) {
      if (limiter.tryAdmit(ip("10.1.2." + (t % 250)), t)) {
        admitted++;
      }
    }
    assertThat(admitted).isEqualTo(4 + 60_000 / 2_000 - 1);
  }

  @Test
  void shouldRefillToTheBurstAndNoFurther() throws Exception {
    for (int i = 0; i < 4; i++) {
      limiter.tryAdmit(ip("10.1.2.3"), 0);
    }

    long later = 60_000;
    int admitted = 0;
    while (limiter.tryAdmit(ip("10.1.2.3"), later)) {
      admitted++;
    }
    assertThat(admitted).isEqualTo(4);
  }

  @Test
  void shouldShareOneBucketAcrossAnIpv6Slash64() throws Exception {
    assertThat(stock.tryAdmit(ip("2001:db8:1:2::1"), 0)).isTrue();
    assertThat(stock.tryAdmit(ip("2001:db8:1:2::ffff"), 10)).isFalse();
    assertThat(stock.tryAdmit(ip("2001:db8:1:3::1"), 10)).isTrue();
  }

  @Test
  void shouldForgetNetworksWhoseBucketIsFullAgain() throws Exception {
    limiter.tryAdmit(ip("10.1.2.3"), 0);
    limiter.tryAdmit(ip("10.1.2.3"), 0);

    limiter.expire(3_999);
    assertThat(limiter.tryAdmit(ip("10.1.2.3"), 3_999)).isTrue();
    limiter.expire(100_000);

    for (int i = 0; i < 4; i++) {
      assertThat(limiter.tryAdmit(ip("10.1.2.3"), 100_000)).isTrue();
    }
  }

  @Test
  void shouldRefuseABurstBelowOne() {
    assertThatThrownBy(() -> new ValidationRateLimiter(2_000, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("burst 0");
  }
}
