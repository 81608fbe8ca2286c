package dev.orbital.protocol.netconf;

import static dev.orbital.protocol.netconf.Fixtures.NWID;
import static dev.orbital.protocol.netconf.Fixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.MacAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetworkAddressesTest {

  private static final Address MEMBER_B = Address.parse("3a77b41ec3");

  @Test
  void shouldFindControllerInTopFortyBitsOfNetworkId() {
    assertThat(NetworkAddresses.controllerOf(NWID)).isEqualTo(Address.parse("e7745d5aa3"));
    assertThat(NetworkAddresses.networkId(Address.parse("e7745d5aa3"), 0xc51def)).isEqualTo(NWID);
    assertThatThrownBy(() -> NetworkAddresses.networkId(MEMBER_B, 0x1000000))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldFormatAndParseNetworkIds() {
    assertThat(NetworkAddresses.format(NWID)).isEqualTo("e7745d5aa3c51def");
    assertThat(NetworkAddresses.parse("e7745d5aa3c51def")).isEqualTo(NWID);
    assertThat(NetworkAddresses.format(0x1L)).isEqualTo("0000000000000001");
    assertThatThrownBy(() -> NetworkAddresses.parse("e7745d5aa3c51de"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NetworkAddresses.parse("e7745d5aa3c51dxf"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRecogniseAdHocNetworks() {
    assertThat(NetworkAddresses.isAdHoc(0xff00160016000000L)).isTrue();
    assertThat(NetworkAddresses.isAdHoc(NWID)).isFalse();
  }

  @Test
  void shouldDeriveCorpusMemberRfc4193AddressAsStockConfigCarriesIt() {
    IpEndpoint ip = NetworkAddresses.rfc4193(NWID, MEMBER_B);

    assertThat(ip.ip().getAddress())
        .isEqualTo(
            hex(
                "fd", //
                "e7745d5aa3c51def # network ID",
                "9993",
                "3a77b41ec3       # member address"));
    assertThat(ip.port()).isEqualTo(88);
    ByteBuffer encoded = ByteBuffer.allocate(ip.encodedLength());
    ip.write(encoded);
    // the first static IP of the corpus config's "I" value
    assertThat(encoded.array()).isEqualTo(hex("06 fde7745d5aa3c51def99933a77b41ec3 0058"));
  }

  @Test
  void shouldDeriveSixPlaneAddressFromFoldedNetworkId() {
    IpEndpoint ip = NetworkAddresses.sixPlane(NWID, MEMBER_B);

    assertThat(ip.ip().getAddress())
        .isEqualTo(
            hex(
                "fc",
                "44b140b5     # a3c51def ^ e7745d5a",
                "3a77b41ec3   # member address",
                "0000000000",
                "01"));
    assertThat(ip.port()).isEqualTo(40);
  }

  @Test
  void shouldDeriveMemberMacByXoringAddressWithNetworkIdBytes() {
    MacAddress mac = NetworkAddresses.memberMac(NWID, MEMBER_B);

    // first octet (0xef & 0xfe) | 0x02 = 0xee; 3a^1d 77^c5 b4^a3 1e^5a c3^5d
    assertThat(mac).isEqualTo(MacAddress.parse("ee:27:b2:17:44:9e"));
    assertThat(NetworkAddresses.isMemberMac(NWID, mac)).isTrue();
    assertThat(NetworkAddresses.addressOf(NWID, mac)).isEqualTo(MEMBER_B);
  }

  @ParameterizedTest
  @CsvSource({
    "8056c2e21c000050, 32", // (0x50 & 0xfe) | 2 = 0x52, the KVM prefix, replaced
    "8056c2e21c000051, 32",
    "8056c2e21c000001, 02",
    "8056c2e21c0000ff, fe",
    "e7745d5aa3c51def, ee"
  })
  void shouldPickLocallyAdministeredUnicastFirstOctet(String nwid, String octet) {
    long networkId = NetworkAddresses.parse(nwid);

    assertThat(NetworkAddresses.macFirstOctet(networkId)).isEqualTo(Integer.parseInt(octet, 16));
    MacAddress mac = NetworkAddresses.memberMac(networkId, MEMBER_B);
    assertThat(mac.isMulticast()).isFalse();
    assertThat(NetworkAddresses.addressOf(networkId, mac)).isEqualTo(MEMBER_B);
  }

  @Test
  void shouldNotTakeForeignMacForMemberMac() {
    MacAddress foreign = MacAddress.parse("52:54:00:12:34:56");

    assertThat(NetworkAddresses.isMemberMac(NWID, foreign)).isFalse();
  }
}
