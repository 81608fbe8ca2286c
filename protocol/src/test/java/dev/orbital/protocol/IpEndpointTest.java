package dev.orbital.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class IpEndpointTest {

  @Test
  void shouldParseWhatToStringWritesForIpv4AndIpv6() throws Exception {
    IpEndpoint v4 = new IpEndpoint(InetAddress.getByName("203.0.113.7"), 9993);
    IpEndpoint v6 = new IpEndpoint(InetAddress.getByName("2001:db8::7"), 443);

    assertThat(IpEndpoint.parse(v4.toString())).isEqualTo(v4);
    assertThat(IpEndpoint.parse(v6.toString())).isEqualTo(v6);
    assertThat(IpEndpoint.parse(" 10.0.0.1 / 1025 ").port()).isEqualTo(1025);
  }

  @Test
  void shouldRefuseHostNamesMissingOrBadPortsSayingWhy() {
    // "cafe" is valid hex, but a name: it must never be looked up.
    assertThatThrownBy(() -> IpEndpoint.parse("cafe/9993"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'cafe/9993' is not ip/port with a literal IP address");
    assertThatThrownBy(() -> IpEndpoint.parse("example.com/9993"))
        .hasMessageContaining("literal IP");
    assertThatThrownBy(() -> IpEndpoint.parse("10.0.0.1")).hasMessageContaining("literal IP");
    assertThatThrownBy(() -> IpEndpoint.parse("10.0.0.1/x")).hasMessageContaining("numeric port");
    assertThatThrownBy(() -> IpEndpoint.parse("10.0.0.1/0")).hasMessageContaining("out of range");
    assertThatThrownBy(() -> IpEndpoint.parse("10.0.0.1/65536"))
        .hasMessageContaining("out of range");
  }
}
