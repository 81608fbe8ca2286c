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
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RevocationTest {

  private static final long THRESHOLD = 0x1a20dd3a407L;
  private static final Address MEMBER_B = Address.parse("3a77b41ec3");

  private final Identity controller = corpusIdentity("A");
  private final Identity memberB = corpusIdentity("B");

  private Revocation comRevocation() {
    return Revocation.of(
            0x12345678,
            NWID,
            0,
            THRESHOLD,
            Revocation.FLAG_FAST_PROPAGATE,
            MEMBER_B,
            CredentialType.COM)
        .sign(controller);
  }

  @Test
  void shouldEncodeFieldsInStockOrder() {
    byte[] bytes = comRevocation().toBytes();

    assertThat(bytes).hasSize(Revocation.ENCODED_LENGTH).hasSize(152);
    assertThat(Arrays.copyOf(bytes, 54))
        .isEqualTo(
            hex(
                "00000000          # reserved",
                "12345678          # id",
                "e7745d5aa3c51def  # network ID",
                "00000000          # reserved",
                "00000000          # credential ID",
                "000001a20dd3a407  # threshold",
                "0000000000000001  # flags: fast propagate",
                "3a77b41ec3        # target",
                "e7745d5aa3        # signed by",
                "01                # credential type COM",
                "01 0060           # Ed25519, 96 bytes"));
  }

  @Test
  void shouldRoundTripAndVerify() throws ProtocolException {
    Revocation revocation = comRevocation();

    Revocation decoded = read(revocation.toBytes());

    assertThat(decoded).isEqualTo(revocation);
    assertThat(decoded.toBytes()).isEqualTo(revocation.toBytes());
    assertThat(decoded.verify(controller.toPublic())).isTrue();
    assertThat(decoded.fastPropagate()).isTrue();
    assertThat(decoded.credentialType()).isEqualTo(CredentialType.COM);
    assertThat(decoded.threshold()).isEqualTo(THRESHOLD);
    assertThat(decoded.target()).isEqualTo(MEMBER_B);
  }

  @Test
  void shouldNotVerifyTamperedOrForeignRevocation() throws ProtocolException {
    byte[] bytes = comRevocation().toBytes();
    bytes[31] ^= 1; // threshold
    Identity notController = corpusIdentity("C");
    Revocation foreign =
        Revocation.of(1, NWID, 0, THRESHOLD, 0, MEMBER_B, CredentialType.COM).sign(notController);

    assertThat(read(bytes).verify(controller)).isFalse();
    assertThat(foreign.verify(notController)).isFalse();
    assertThat(comRevocation().verify(notController)).isFalse();
  }

  @Test
  void shouldRevokeComsOfTheTargetIssuedAtOrBeforeThreshold() {
    Revocation revocation = comRevocation();

    assertThat(revocation.revokes(com(THRESHOLD), MEMBER_B)).isTrue();
    assertThat(revocation.revokes(com(THRESHOLD - 1), MEMBER_B)).isTrue();
    assertThat(revocation.revokes(com(THRESHOLD + 1), MEMBER_B)).isFalse();
    assertThat(revocation.revokes(com(THRESHOLD), Address.parse("a4c90e16e5"))).isFalse();
    assertThat(revocation.revokes(tag(5, THRESHOLD), MEMBER_B)).isFalse();
  }

  @Test
  void shouldRevokeOnlyTheNamedCredentialOfItsType() {
    Revocation revocation =
        Revocation.of(9, NWID, 5, THRESHOLD, 0, MEMBER_B, CredentialType.TAG).sign(controller);

    assertThat(revocation.revokes(tag(5, THRESHOLD), MEMBER_B)).isTrue();
    assertThat(revocation.revokes(tag(6, THRESHOLD), MEMBER_B)).isFalse();
    assertThat(revocation.revokes(tag(5, THRESHOLD + 1), MEMBER_B)).isFalse();
    assertThat(revocation.revokes(com(THRESHOLD), MEMBER_B)).isFalse();
  }

  @Test
  void shouldKeepUnknownCredentialTypeCode() throws ProtocolException {
    byte[] bytes = comRevocation().toBytes();
    bytes[50] = 9; // credential type

    Revocation decoded = read(bytes);

    assertThat(decoded.credentialType()).isNull();
    assertThat(decoded.credentialTypeCode()).isEqualTo(9);
    assertThat(decoded.toBytes()).isEqualTo(bytes);
  }

  @Test
  void shouldRejectRevocationTruncatedAtAnyOffset() {
    byte[] bytes = comRevocation().toBytes();

    for (int length = 0; length < bytes.length; length++) {
      byte[] cut = Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> read(cut))
          .as("cut at %d", length)
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("truncated revocation");
    }
  }

  private CertificateOfMembership com(long timestamp) {
    return CertificateOfMembership.issue(timestamp, 0x1b7740L, NWID, memberB, controller);
  }

  private Tag tag(int id, long timestamp) {
    return Tag.of(NWID, timestamp, id, 1, MEMBER_B).sign(controller);
  }

  private static Revocation read(byte[] bytes) throws ProtocolException {
    return Revocation.read(WireReader.of(bytes, "revocation"));
  }
}
