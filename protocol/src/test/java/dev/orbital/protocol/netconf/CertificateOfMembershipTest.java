package dev.orbital.protocol.netconf;

import static dev.orbital.protocol.netconf.Fixtures.NWID;
import static dev.orbital.protocol.netconf.Fixtures.corpusIdentity;
import static dev.orbital.protocol.netconf.Fixtures.hex;
import static dev.orbital.protocol.netconf.Fixtures.toHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.netconf.CertificateOfMembership.Qualifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateOfMembershipTest {

  /** The corpus network config's COM ("C"): timestamp and window as the controller issued it. */
  private static final long TIMESTAMP = 0x1a20dd3a407L;

  private static final long MAX_DELTA = 0x1b7740L;
  private static final long ANY = -1L;

  private final Identity controller = corpusIdentity("A");
  private final Identity memberB = corpusIdentity("B");
  private final Identity memberC = corpusIdentity("C");

  private CertificateOfMembership issue(long timestamp, long nwid, Identity member) {
    return CertificateOfMembership.issue(timestamp, MAX_DELTA, nwid, member, controller);
  }

  @Test
  void shouldIssueTheCorpusComWithStockQualifiers() {
    CertificateOfMembership com = issue(TIMESTAMP, NWID, memberB);

    assertThat(com.qualifiers())
        .containsExactly(
            new Qualifier(0, TIMESTAMP, MAX_DELTA),
            new Qualifier(1, NWID, 0),
            new Qualifier(2, 0x3a77b41ec3L, ANY),
            new Qualifier(3, 0x8a0d5fb339f8d40L, ANY),
            new Qualifier(4, 0x522820a3190c254dL, ANY),
            new Qualifier(5, 0x909eecb5f1da79aeL, ANY),
            new Qualifier(6, 0x5d748f69c773ebdaL, ANY));
    assertThat(com.signedBy()).isEqualTo(controller.address());
    assertThat(com.timestamp()).isEqualTo(TIMESTAMP);
    assertThat(com.networkId()).isEqualTo(NWID);
    assertThat(com.issuedTo()).isEqualTo(memberB.address());
    assertThat(com.type()).isEqualTo(CredentialType.COM);
    assertThat(com.id()).isZero();
  }

  @Test
  void shouldEncodeTheCorpusComAsStockDid() {
    byte[] encoded = issue(TIMESTAMP, NWID, memberB).toBytes();

    // expected-decode.txt shows the first 48 of the 272 bytes of "C"
    assertThat(encoded).hasSize(272);
    assertThat(Arrays.copyOf(encoded, 48))
        .isEqualTo(
            hex(
                "01                                             # version",
                "0007                                           # qualifier count",
                "0000000000000000 000001a20dd3a407 00000000001b7740  # timestamp",
                "0000000000000001 e7745d5aa3c51def 0000000000        # network ID (cut)"));
    assertThat(toHex(Arrays.copyOfRange(encoded, 3 + 7 * 24, 3 + 7 * 24 + 5)))
        .isEqualTo("e7745d5aa3");
  }

  @Test
  void shouldSignDeterministicallyAndVerifyWithController() {
    CertificateOfMembership com = issue(TIMESTAMP, NWID, memberB);

    assertThat(issue(TIMESTAMP, NWID, memberB).toBytes()).isEqualTo(com.toBytes());
    assertThat(com.verify(controller.toPublic())).isTrue();
    assertThat(com.verify(memberB)).isFalse();
  }

  @Test
  void shouldSignCopyOfUnsignedCom() throws ProtocolException {
    CertificateOfMembership unsigned =
        read(hex("01 0001", "0000000000000000 000001a20dd3a407 00000000001b7740", "0000000000"));

    CertificateOfMembership signed = unsigned.sign(controller);

    assertThat(unsigned.isSigned()).isFalse();
    assertThat(signed.signedBy()).isEqualTo(controller.address());
    assertThat(signed.qualifiers()).isEqualTo(unsigned.qualifiers());
    assertThat(signed.signature()).hasSize(96);
  }

  @Test
  void shouldNotVerifyComSignedByIdentityThatIsNotTheController() {
    CertificateOfMembership forged =
        CertificateOfMembership.issue(TIMESTAMP, MAX_DELTA, NWID, memberB, memberC);

    assertThat(forged.verify(memberC)).isFalse();
  }

  @Test
  void shouldNotVerifyTamperedCom() throws ProtocolException {
    byte[] bytes = issue(TIMESTAMP, NWID, memberB).toBytes();
    bytes[15] ^= 1; // inside the timestamp value

    CertificateOfMembership tampered = read(bytes);

    assertThat(tampered.verify(controller)).isFalse();
  }

  @Test
  void shouldRoundTripThroughTheWire() throws ProtocolException {
    CertificateOfMembership com = issue(TIMESTAMP, NWID, memberB);

    CertificateOfMembership decoded = read(com.toBytes());

    assertThat(decoded).isEqualTo(com);
    assertThat(decoded.toBytes()).isEqualTo(com.toBytes());
    assertThat(decoded.encodedLength()).isEqualTo(272);
    assertThat(decoded.verify(controller)).isTrue();
  }

  @Test
  void shouldReadUnsignedComWithoutSignature() throws ProtocolException {
    byte[] bytes =
        hex(
            "01 0001",
            "0000000000000000 000001a20dd3a407 00000000001b7740",
            "0000000000 # signedBy: none");

    CertificateOfMembership com = read(bytes);

    assertThat(com.isSigned()).isFalse();
    assertThat(com.signature()).isNull();
    assertThat(com.toBytes()).isEqualTo(bytes);
    assertThat(com.verify(controller)).isFalse();
  }

  @Test
  void shouldAgreeWithComOfAnotherMemberOfTheSameNetwork() {
    CertificateOfMembership mine = issue(TIMESTAMP, NWID, memberB);
    CertificateOfMembership theirs = issue(TIMESTAMP + 60_000, NWID, memberC);

    assertThat(mine.agreesWith(theirs, memberC.toPublic())).isTrue();
    assertThat(theirs.agreesWith(mine, memberB.toPublic())).isTrue();
  }

  @Test
  void shouldNotAgreeWithComOfAnotherNetwork() {
    CertificateOfMembership mine = issue(TIMESTAMP, NWID, memberB);
    CertificateOfMembership theirs = issue(TIMESTAMP, NWID + 1, memberC);

    assertThat(mine.agreesWith(theirs, memberC)).isFalse();
  }

  @Test
  void shouldAgreeOnlyWithinMyTimestampMaxDelta() {
    CertificateOfMembership mine = issue(TIMESTAMP, NWID, memberB);

    assertThat(mine.agreesWith(issue(TIMESTAMP - MAX_DELTA, NWID, memberC), memberC)).isTrue();
    assertThat(mine.agreesWith(issue(TIMESTAMP + MAX_DELTA, NWID, memberC), memberC)).isTrue();
    assertThat(mine.agreesWith(issue(TIMESTAMP + MAX_DELTA + 1, NWID, memberC), memberC)).isFalse();
    assertThat(mine.agreesWith(issue(TIMESTAMP - MAX_DELTA - 1, NWID, memberC), memberC)).isFalse();
  }

  @Test
  void shouldNotAgreeWhenComIsPresentedByAnotherIdentity() {
    CertificateOfMembership mine = issue(TIMESTAMP, NWID, memberC);
    CertificateOfMembership stolen = issue(TIMESTAMP, NWID, memberB);

    // D replays B's COM: its identity hash does not match qualifiers 3..6
    assertThat(mine.agreesWith(stolen, corpusIdentity("D"))).isFalse();
    assertThat(mine.agreesWith(stolen, memberB)).isTrue();
  }

  @Test
  void shouldNotAgreeWithComMissingOneOfMyQualifiers() throws ProtocolException {
    CertificateOfMembership mine = issue(TIMESTAMP, NWID, memberB);
    CertificateOfMembership legacy =
        read(
            hex(
                "01 0002",
                "0000000000000000 000001a20dd3a407 00000000001b7740",
                "0000000000000001 e7745d5aa3c51def 0000000000000000",
                "0000000000"));

    assertThat(mine.agreesWith(legacy, memberC)).isFalse();
    // a legacy COM without hash qualifiers checks only what it has
    assertThat(legacy.agreesWith(mine, memberC)).isTrue();
  }

  @Test
  void shouldNeverAgreeWithEmptyCom() throws ProtocolException {
    CertificateOfMembership empty = read(hex("01 0000 0000000000"));
    CertificateOfMembership mine = issue(TIMESTAMP, NWID, memberB);

    assertThat(empty.agreesWith(mine, memberB)).isFalse();
    assertThat(mine.agreesWith(empty, memberB)).isFalse();
  }

  @Test
  void shouldJudgeTimestampAndRevocationAsCredential() {
    CertificateOfMembership com = issue(TIMESTAMP, NWID, memberB);

    assertThat(com.isNewerThan(TIMESTAMP - 1)).isTrue();
    assertThat(com.isNewerThan(TIMESTAMP)).isFalse();
    assertThat(com.isNewerThan(Credential.NO_REVOCATION)).isTrue();
  }

  @Test
  void shouldRejectUnknownVersion() {
    assertThatThrownBy(() -> read(hex("02 0000 0000000000")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("version 2");
  }

  @Test
  void shouldRejectTooManyQualifiers() {
    assertThatThrownBy(() -> read(hex("01 0009")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("COM qualifier count: 9 (limit: 8)");
  }

  @Test
  void shouldRejectQualifiersOutOfOrder() {
    byte[] bytes =
        hex(
            "01 0002",
            "0000000000000001 e7745d5aa3c51def 0000000000000000",
            "0000000000000000 000001a20dd3a407 00000000001b7740",
            "0000000000");

    assertThatThrownBy(() -> read(bytes))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("out of order");
  }

  @Test
  void shouldRejectComTruncatedAtAnyOffset() {
    byte[] bytes = issue(TIMESTAMP, NWID, memberB).toBytes();

    for (int length = 0; length < bytes.length; length++) {
      byte[] cut = Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> read(cut))
          .as("cut at %d", length)
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("truncated COM");
    }
  }

  @Test
  void shouldKeepQualifierOrderOfTheWire() throws ProtocolException {
    CertificateOfMembership com = read(issue(TIMESTAMP, NWID, memberB).toBytes());

    List<Long> ids = com.qualifiers().stream().map(Qualifier::id).toList();
    assertThat(ids).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(com.issuedTo()).isEqualTo(Address.parse("3a77b41ec3"));
  }

  private static CertificateOfMembership read(byte[] bytes) throws ProtocolException {
    return CertificateOfMembership.read(WireReader.of(bytes, "COM"));
  }
}
