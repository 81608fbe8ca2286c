package dev.orbital.protocol.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpCidrTest {

  private static final byte[] FRAME_V4 = {10, (byte) 147, 20, 99};

  @Test
  void shouldParseAndPrintIpv4Cidr() {
    Ipv4Cidr cidr = Ipv4Cidr.parse("10.147.20.0/24");

    assertThat(cidr.address()).isEqualTo(0x0a931400);
    assertThat(cidr.bits()).isEqualTo(24);
    assertThat(cidr).hasToString("10.147.20.0/24");
    assertThat(cidr.addressBytes()).containsExactly(10, 147, 20, 0);
  }

  @Test
  void shouldMatchIpv4PrefixIgnoringTheRulesHostBits() {
    assertThat(Ipv4Cidr.parse("10.147.20.0/24").contains(FRAME_V4, 0)).isTrue();
    assertThat(Ipv4Cidr.parse("10.147.20.1/24").contains(FRAME_V4, 0)).isTrue();
    assertThat(Ipv4Cidr.parse("10.147.21.0/24").contains(FRAME_V4, 0)).isFalse();
    assertThat(Ipv4Cidr.parse("192.168.0.0/0").contains(FRAME_V4, 0)).isTrue();
    assertThat(Ipv4Cidr.parse("10.147.20.99/32").contains(FRAME_V4, 0)).isTrue();
    assertThat(new Ipv4Cidr(0x0a931463, 40).contains(FRAME_V4, 0)).isTrue();
    assertThat(new Ipv4Cidr(0x0a931462, 40).contains(FRAME_V4, 0)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0", "10.0.0/8", "10.0.0.256/8", "10.0.0.0/33", "a.b.c.d/8", ""})
  void shouldRejectBadIpv4Cidr(String text) {
    assertThatThrownBy(() -> Ipv4Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "::/0, ::/0",
    "0:0:0:0:0:0:0:1/128, ::1/128",
    "FD00:0:0:0:0:0:0:0/8, fd00::/8",
    "1:0:0:1:0:0:0:1/64, 1:0:0:1::1/64",
    "1:0:0:1:0:0:1:1/64, 1::1:0:0:1:1/64",
    "1:0:2:3:4:5:6:7/64, 1:0:2:3:4:5:6:7/64",
    "::ffff:0a00:0001/128, ::ffff:10.0.0.1/128",
    "::1.2.3.4/96, ::1.2.3.4/96",
    "fde7:745d:5aa3:c51d:ef99:933a:77b4:1ec3/88, fde7:745d:5aa3:c51d:ef99:933a:77b4:1ec3/88",
  })
  void shouldPrintIpv6AsInetNtopDoes(String text, String printed) {
    assertThat(Ipv6Cidr.parse(text)).hasToString(printed);
    assertThat(Ipv6Cidr.parse(printed)).isEqualTo(Ipv6Cidr.parse(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "fd00::",
        "fd00::1::2/64",
        "1:2:3:4:5:6:7:8:9/64",
        "fd00::/129",
        "1.2.3.4::/64",
        "fd00::g/64",
        "12345::/64"
      })
  void shouldRejectBadIpv6Cidr(String text) {
    assertThatThrownBy(() -> Ipv6Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldMatchIpv6PrefixOnlyWhenTheRulesHostBitsAreZero() {
    byte[] frame = Ipv6Cidr.parse("fdff::1/128").addressBytes();

    assertThat(Ipv6Cidr.parse("fd00::/8").contains(frame, 0)).isTrue();
    assertThat(Ipv6Cidr.parse("fe00::/8").contains(frame, 0)).isFalse();
    assertThat(Ipv6Cidr.parse("fdff::1/128").contains(frame, 0)).isTrue();
    assertThat(Ipv6Cidr.parse("fdff::/72").contains(frame, 0)).isTrue();
    // stock masks only the frame's address, so this never matches
    assertThat(Ipv6Cidr.parse("fd00::1/8").contains(frame, 0)).isFalse();
  }
}
