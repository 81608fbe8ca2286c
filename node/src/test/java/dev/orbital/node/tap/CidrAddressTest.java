package dev.orbital.node.tap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CidrAddressTest {

  @Test
  void shouldParseAddressesWithAndWithoutPrefix() {
    assertThat(CidrAddress.parse("10.147.17.5/24").toString()).isEqualTo("10.147.17.5/24");
    assertThat(CidrAddress.parse("10.147.17.5").prefixLength()).isEqualTo(32);
    assertThat(CidrAddress.parse("fd80:56c2:e21c::1/88").toString())
        .isEqualTo("fd80:56c2:e21c:0:0:0:0:1/88");
    assertThat(CidrAddress.parse("fd80::1").prefixLength()).isEqualTo(128);
    assertThat(CidrAddress.parse("fd80::1").isIpv6()).isTrue();
  }

  @Test
  void shouldClearHostBitsForTheNetwork() {
    assertThat(CidrAddress.parse("10.147.17.5/24").network())
        .isEqualTo(CidrAddress.parse("10.147.17.0/24"));
    assertThat(CidrAddress.parse("10.0.0.255/25").network())
        .isEqualTo(CidrAddress.parse("10.0.0.128/25"));
    assertThat(CidrAddress.parse("10.1.2.3/0").network()).isEqualTo(CidrAddress.parse("0.0.0.0/0"));
    assertThat(CidrAddress.parse("fd80:56c2:e21c:1:2:ffff:4:5/88").network())
        .isEqualTo(CidrAddress.parse("fd80:56c2:e21c:1:2:ff00::/88"));
  }

  @Test
  void shouldTellKernelManagedLinkLocalAddresses() {
    assertThat(CidrAddress.parse("fe80::1/64").isLinkLocal()).isTrue();
    assertThat(CidrAddress.parse("fd80::1/64").isLinkLocal()).isFalse();
  }

  @Test
  void shouldRejectNamesBadPrefixesAndScopedAddresses() {
    for (String bad :
        List.of(
            "example.com/24",
            "localhost",
            "",
            "10.0.0.1/33",
            "10.0.0.1/-1",
            "fd00::1/129",
            "10.0.0.1/x",
            "fe80::1%eth0/64")) {
      assertThatThrownBy(() -> CidrAddress.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
