package dev.orbital.protocol.netconf;

import static dev.orbital.protocol.netconf.Fixtures.NWID;
import static dev.orbital.protocol.netconf.Fixtures.corpusIdentity;
import static dev.orbital.protocol.netconf.Fixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.identity.Identity;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CapabilityTest {

  private static final long TIMESTAMP = 0x1a20dd3a407L;

  /** The rules of the corpus network config ("R"): drop all but IPv4, ARP and IPv6. */
  private static final byte[] RULES =
      hex(
          "a5 02 0800  # NOT (0x80) ethertype (37) IPv4",
          "a5 02 0806  # and NOT ethertype ARP",
          "a5 02 86dd  # and NOT ethertype IPv6",
          "00 00       # then DROP",
          "01 00       # ACCEPT");

  private final Identity controller = corpusIdentity("A");
  private final Identity memberB = corpusIdentity("B");
  private final Identity memberC = corpusIdentity("C");

  private Capability unsigned(int maxChain) {
    return Capability.of(NWID, TIMESTAMP, 42, 5, RULES, maxChain);
  }

  private Capability issuedToB() {
    return unsigned(1).sign(controller, memberB.address());
  }

  @Test
  void shouldSignTheStockSignedFormWithoutCustody() {
    Capability capability = issuedToB();

    assertThat(capability.signedForm())
        .isEqualTo(
            hex(
                "7f7f7f7f7f7f7f7f  # marker",
                "e7745d5aa3c51def  # network ID",
                "000001a20dd3a407  # timestamp",
                "0000002a          # id 42",
                "0005              # rule count",
                "a5020800 a5020806 a50286dd 0000 0100",
                "01                # max custody chain length",
                "0000              # no extension",
                "7f7f7f7f7f7f7f7f  # marker"));
  }

  @Test
  void shouldEncodeCustodyChainWithTerminator() {
    Capability capability = issuedToB();
    byte[] bytes = capability.toBytes();

    assertThat(bytes).hasSize(22 + 16 + 1 + 109 + 5 + 2);
    assertThat(Arrays.copyOfRange(bytes, 39, 52))
        .isEqualTo(
            hex(
                "3a77b41ec3  # to", //
                "e7745d5aa3  # from",
                "01 0060     # Ed25519, 96 bytes"));
    assertThat(Arrays.copyOfRange(bytes, 52, 148))
        .isEqualTo(capability.custody().get(0).signature());
    assertThat(Arrays.copyOfRange(bytes, 148, 155))
        .isEqualTo(hex("0000000000  # end of chain", "0000 # no extension"));
  }

  @Test
  void shouldRoundTripAndVerify() throws ProtocolException {
    Capability capability = issuedToB();

    Capability decoded = read(capability.toBytes());

    assertThat(decoded).isEqualTo(capability);
    assertThat(decoded.toBytes()).isEqualTo(capability.toBytes());
    assertThat(decoded.verify(controller.toPublic())).isTrue();
    assertThat(decoded.ruleCount()).isEqualTo(5);
    assertThat(decoded.encodedRules()).isEqualTo(RULES);
    assertThat(decoded.issuedTo()).isEqualTo(memberB.address());
    assertThat(decoded.type()).isEqualTo(CredentialType.CAPABILITY);
    assertThat(decoded.id()).isEqualTo(42);
  }

  @Test
  void shouldVerifyChainHandedOnByEachHolder() {
    Capability twice = unsigned(2).sign(controller, memberB.address()).sign(memberB, address("C"));
    Map<Address, Identity> known =
        Map.of(controller.address(), controller, memberB.address(), memberB.toPublic());

    assertThat(twice.verify(known::get)).isTrue();
    assertThat(twice.issuedTo()).isEqualTo(memberC.address());
    assertThat(twice.verify(controller)).isFalse(); // B's identity is needed too
  }

  @Test
  void shouldNotVerifyChainHandedOnByNonHolder() {
    Capability stolen = unsigned(2).sign(controller, memberB.address()).sign(memberC, address("D"));
    Map<Address, Identity> known =
        Map.of(controller.address(), controller, memberC.address(), memberC);

    assertThat(stolen.verify(known::get)).isFalse();
  }

  @Test
  void shouldNotVerifyChainNotStartedByController() {
    Capability forged = unsigned(1).sign(memberC, memberB.address());

    assertThat(forged.verify(memberC)).isFalse();
    assertThat(unsigned(1).verify(controller)).isFalse();
  }

  @Test
  void shouldNotVerifyTamperedRules() throws ProtocolException {
    byte[] bytes = issuedToB().toBytes();
    bytes[24] ^= 1; // inside the first rule

    assertThat(read(bytes).verify(controller)).isFalse();
  }

  @Test
  void shouldRefuseToSignPastMaxChainLength() {
    Capability full = issuedToB();

    assertThatThrownBy(() -> full.sign(memberB, memberC.address()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldRejectRulesThatDoNotMatchTheirCount() {
    assertThatThrownBy(() -> Capability.of(NWID, TIMESTAMP, 1, 4, RULES, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Capability.of(NWID, TIMESTAMP, 1, 6, RULES, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Capability.of(NWID, TIMESTAMP, 1, 5, RULES, 8))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Capability.of(NWID, TIMESTAMP, 1, 65, RULES, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRejectMoreThanSixtyFourRules() {
    ByteBuffer bytes = ByteBuffer.allocate(22);
    bytes.putLong(NWID).putLong(TIMESTAMP).putInt(1).putShort((short) 65);

    assertThatThrownBy(() -> read(bytes.array()))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("capability rule count: 65 (limit: 64)");
  }

  @Test
  void shouldRejectBadMaxCustodyChainLength() {
    for (int bad : new int[] {0, 8, 255}) {
      byte[] bytes = issuedToB().toBytes();
      bytes[38] = (byte) bad;
      assertThatThrownBy(() -> read(bytes))
          .as("max chain %d", bad)
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("max custody chain length");
    }
  }

  @Test
  void shouldRejectCustodyChainLongerThanItsMaximum() {
    byte[] two =
        unsigned(2).sign(controller, memberB.address()).sign(memberB, address("C")).toBytes();
    two[38] = 1; // now claims a maximum of one entry

    assertThatThrownBy(() -> read(two))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("custody chain: 2 (limit: 1)");
  }

  @Test
  void shouldRejectCapabilityTruncatedAtAnyOffset() {
    byte[] bytes = issuedToB().toBytes();

    for (int length = 0; length < bytes.length; length++) {
      byte[] cut = Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> read(cut))
          .as("cut at %d", length)
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("truncated capability");
    }
  }

  @Test
  void shouldBeValidOnlyNearMyConfigTimestamp() {
    Capability capability = issuedToB();

    assertThat(capability.isValidAt(TIMESTAMP + 1000, 1000, Credential.NO_REVOCATION)).isTrue();
    assertThat(capability.isValidAt(TIMESTAMP + 1001, 1000, Credential.NO_REVOCATION)).isFalse();
  }

  private static Address address(String node) {
    return corpusIdentity(node).address();
  }

  private static Capability read(byte[] bytes) throws ProtocolException {
    return Capability.read(WireReader.of(bytes, "capability"));
  }
}
