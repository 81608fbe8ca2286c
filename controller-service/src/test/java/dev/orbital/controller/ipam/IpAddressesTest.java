package dev.orbital.controller.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IpAddressesTest {

  @Test
  void shouldParseLiteralsOnly() {
    assertThat(IpAddresses.parse("10.147.20.99")).isPresent();
    assertThat(IpAddresses.parse("fd00::1")).isPresent();
    assertThat(IpAddresses.parse("10.147.20")).isEmpty();
    assertThat(IpAddresses.parse("10.147.20.256")).isEmpty();
    assertThat(IpAddresses.parse("localhost")).isEmpty();
    assertThat(IpAddresses.parse("example.com")).isEmpty();
    assertThat(IpAddresses.parse("")).isEmpty();
    assertThat(IpAddresses.parse(null)).isEmpty();
  }

  @Test
  void shouldFormatIpv6AsInetNtopDoes() {
    assertThat(format("fd00:0:0:0:0:0:0:1")).isEqualTo("fd00::1");
    assertThat(format("0:0:0:0:0:0:0:0")).isEqualTo("::");
    assertThat(format("fd00:1:0:0:1:0:0:0")).isEqualTo("fd00:1:0:0:1::");
    assertThat(format("fd00:0:1:0:0:1:0:1")).isEqualTo("fd00:0:1::1:0:1");
    assertThat(format("fd00:1:2:3:4:5:6:7")).isEqualTo("fd00:1:2:3:4:5:6:7");
    assertThat(format("fd00:0:1:2:3:4:5:6")).isEqualTo("fd00:0:1:2:3:4:5:6");
  }

  @Test
  void shouldMatchNetworksOnTheirPrefixOnly() {
    IpNetwork net = IpNetwork.parse("10.147.20.5/23").orElseThrow();

    assertThat(net.contains(IpAddresses.parse("10.147.21.200").orElseThrow())).isTrue();
    assertThat(net.contains(IpAddresses.parse("10.147.22.1").orElseThrow())).isFalse();
    assertThat(net.contains(IpAddresses.parse("fd00::1").orElseThrow())).isFalse();
    assertThat(IpNetwork.parse("10.0.0.0")).isEmpty();
    assertThat(IpNetwork.parse("fd00::/129")).isEmpty();
  }

  private static String format(String text) {
    return IpAddresses.format(IpAddresses.parse(text).orElseThrow());
  }
}
