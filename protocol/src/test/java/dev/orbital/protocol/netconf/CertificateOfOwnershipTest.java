package dev.orbital.protocol.netconf;

import static dev.orbital.protocol.netconf.Fixtures.NWID;
import static dev.orbital.protocol.netconf.Fixtures.corpusIdentity;
import static dev.orbital.protocol.netconf.Fixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.MacAddress;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.netconf.CertificateOfOwnership.Thing;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateOfOwnershipTest {

  private static final long TIMESTAMP = 0x1a20dd3a407L;
  private static final Address MEMBER_B = Address.parse("3a77b41ec3");

  private final Identity controller = corpusIdentity("A");

  /** The COO of the corpus network config: B's RFC4193 address and 10.147.20.99. */
  private CertificateOfOwnership corpusCoo() throws UnknownHostException {
    List<Thing> things =
        List.of(
            Thing.of(NetworkAddresses.rfc4193(NWID, MEMBER_B).ip()),
            Thing.of(InetAddress.getByName("10.147.20.99")));
    return CertificateOfOwnership.of(NWID, TIMESTAMP, 1, MEMBER_B, things).sign(controller);
  }

  @Test
  void shouldEncodeTheCorpusCooAsStockDid() throws UnknownHostException {
    byte[] bytes = corpusCoo().toBytes();

    // expected-decode.txt shows the first 48 of the 175 bytes of "COO"
    assertThat(bytes).hasSize(175);
    assertThat(Arrays.copyOf(bytes, 48))
        .isEqualTo(
            hex(
                "e7745d5aa3c51def                   # network ID",
                "000001a20dd3a407                   # timestamp",
                "0000000000000000                   # flags",
                "00000001                           # id",
                "0002                               # thing count",
                "03 fde7745d5aa3c51def99933a77b41ec3 # IPv6",
                "02                                 # IPv4 (cut)"));
    assertThat(Arrays.copyOfRange(bytes, 48, 74))
        .isEqualTo(
            hex(
                "0a931463 000000000000000000000000  # 10.147.20.99, zero-padded",
                "3a77b41ec3                         # issued to",
                "e7745d5aa3                         # signed by"));
  }

  @Test
  void shouldRoundTripAndVerify() throws Exception {
    CertificateOfOwnership coo = corpusCoo();

    CertificateOfOwnership decoded = read(coo.toBytes());

    assertThat(decoded).isEqualTo(coo);
    assertThat(decoded.toBytes()).isEqualTo(coo.toBytes());
    assertThat(decoded.verify(controller.toPublic())).isTrue();
    assertThat(decoded.things()).hasSize(2);
    assertThat(decoded.type()).isEqualTo(CredentialType.COO);
    assertThat(decoded.id()).isEqualTo(1);
  }

  @Test
  void shouldNotVerifyTamperedOrForeignCoo() throws Exception {
    byte[] bytes = corpusCoo().toBytes();
    bytes[40] ^= 1; // inside the IPv6 address
    Identity notController = corpusIdentity("C");

    assertThat(read(bytes).verify(controller)).isFalse();
    assertThat(corpusCoo().verify(notController)).isFalse();
    assertThat(
            CertificateOfOwnership.of(NWID, TIMESTAMP, 1, MEMBER_B, List.of())
                .sign(notController)
                .verify(notController))
        .isFalse();
  }

  @Test
  void shouldOwnExactlyTheListedAddresses() throws UnknownHostException {
    CertificateOfOwnership coo = corpusCoo();

    assertThat(coo.owns(InetAddress.getByName("10.147.20.99"))).isTrue();
    assertThat(coo.owns(InetAddress.getByName("10.147.20.98"))).isFalse();
    assertThat(coo.owns(NetworkAddresses.rfc4193(NWID, MEMBER_B).ip())).isTrue();
    assertThat(coo.owns(InetAddress.getByName("fde7:745d:5aa3:c51d:ef99:933a:77b4:1ec4")))
        .isFalse();
    assertThat(coo.owns(MacAddress.parse("ee:27:b2:17:44:9e"))).isFalse();
  }

  @Test
  void shouldOwnListedMac() {
    MacAddress mac = MacAddress.parse("ee:27:b2:17:44:9e");
    CertificateOfOwnership coo =
        CertificateOfOwnership.of(NWID, TIMESTAMP, 2, MEMBER_B, List.of(Thing.of(mac)));

    assertThat(coo.owns(mac)).isTrue();
    assertThat(coo.owns(MacAddress.parse("ee:27:b2:17:44:9f"))).isFalse();
  }

  @Test
  void shouldRejectMoreThanSixteenThings() {
    ByteBuffer bytes = ByteBuffer.allocate(30);
    bytes.putLong(NWID).putLong(TIMESTAMP).putLong(0).putInt(1).putShort((short) 17);

    assertThatThrownBy(() -> read(bytes.array()))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("COO thing count: 17 (limit: 16)");
    List<Thing> seventeen =
        new ArrayList<>(Collections.nCopies(17, Thing.of(MacAddress.parse("02:00:00:00:00:01"))));
    assertThatThrownBy(() -> CertificateOfOwnership.of(NWID, TIMESTAMP, 1, MEMBER_B, seventeen))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRejectCooTruncatedAtAnyOffset() throws UnknownHostException {
    byte[] bytes = corpusCoo().toBytes();

    for (int length = 0; length < bytes.length; length++) {
      byte[] cut = Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> read(cut))
          .as("cut at %d", length)
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("truncated COO");
    }
  }

  private static CertificateOfOwnership read(byte[] bytes) throws ProtocolException {
    return CertificateOfOwnership.read(WireReader.of(bytes, "COO"));
  }
}
