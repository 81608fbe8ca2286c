package dev.orbital.node.tap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RouteTest {

  @Test
  void shouldClearTheHostBitsOfTheTarget() {
    assertThat(Route.onLink(CidrAddress.parse("10.147.17.5/24")).target())
        .isEqualTo(CidrAddress.parse("10.147.17.0/24"));
  }

  @Test
  void shouldGiveIpv6RoutesWithoutMetricTheKernelDefault() {
    assertThat(Route.onLink(CidrAddress.parse("fd00::/64")).metric()).isEqualTo(1024);
    assertThat(Route.onLink(CidrAddress.parse("10.0.0.0/8")).metric()).isZero();
    assertThat(new Route(CidrAddress.parse("fd00::/64"), null, 7).metric()).isEqualTo(7);
  }

  @Test
  void shouldRejectAGatewayOfTheOtherFamilyAndNegativeMetrics() {
    assertThatThrownBy(
            () ->
                Route.via(
                    CidrAddress.parse("10.0.0.0/8"), CidrAddress.literal("fd00::1", "fd00::1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mixes IPv4 and IPv6");
    assertThatThrownBy(() -> new Route(CidrAddress.parse("10.0.0.0/8"), null, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metric");
  }

  @Test
  void shouldPrintLikeIp() {
    assertThat(
            new Route(
                    CidrAddress.parse("10.2.0.0/16"),
                    CidrAddress.literal("10.1.0.1", "10.1.0.1"),
                    5)
                .toString())
        .isEqualTo("10.2.0.0/16 via 10.1.0.1 metric 5");
  }
}
