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

class TagTest {

  private static final long TIMESTAMP = 0x1a20dd3a407L;
  private static final Address MEMBER_B = Address.parse("3a77b41ec3");

  private final Identity controller = corpusIdentity("A");

  private Tag signedTag() {
    return Tag.of(NWID, TIMESTAMP, 100, 7, MEMBER_B).sign(controller);
  }

  @Test
  void shouldSignTheStockSignedForm() {
    Tag tag = signedTag();

    assertThat(tag.signedForm())
        .isEqualTo(
            hex(
                "7f7f7f7f7f7f7f7f  # marker",
                "e7745d5aa3c51def  # network ID",
                "000001a20dd3a407  # timestamp",
                "00000064          # id 100",
                "00000007          # value 7",
                "3a77b41ec3        # issued to",
                "e7745d5aa3        # signed by",
                "0000              # no extension",
                "7f7f7f7f7f7f7f7f  # marker"));
    assertThat(controller.verify(tag.signedForm(), tag.signature())).isTrue();
  }

  @Test
  void shouldEncodeFieldsThenSignatureBlock() {
    byte[] bytes = signedTag().toBytes();

    assertThat(bytes).hasSize(Tag.ENCODED_LENGTH).hasSize(135);
    assertThat(Arrays.copyOf(bytes, 37))
        .isEqualTo(
            hex(
                "e7745d5aa3c51def 000001a20dd3a407 00000064 00000007",
                "3a77b41ec3 e7745d5aa3",
                "01     # signature type Ed25519",
                "0060   # signature length 96"));
    assertThat(Arrays.copyOfRange(bytes, 37, 133)).isEqualTo(signedTag().signature());
    assertThat(Arrays.copyOfRange(bytes, 133, 135)).isEqualTo(hex("0000 # no extension"));
  }

  @Test
  void shouldRoundTripAndStillVerify() throws ProtocolException {
    Tag tag = signedTag();

    Tag decoded = read(tag.toBytes());

    assertThat(decoded).isEqualTo(tag);
    assertThat(decoded.toBytes()).isEqualTo(tag.toBytes());
    assertThat(decoded.verify(controller.toPublic())).isTrue();
    assertThat(decoded.id()).isEqualTo(100);
    assertThat(decoded.value()).isEqualTo(7);
    assertThat(decoded.issuedTo()).isEqualTo(MEMBER_B);
    assertThat(decoded.type()).isEqualTo(CredentialType.TAG);
  }

  @Test
  void shouldNotVerifyUnsignedTamperedOrForeignTags() throws ProtocolException {
    Tag unsigned = Tag.of(NWID, TIMESTAMP, 100, 7, MEMBER_B);
    byte[] tampered = signedTag().toBytes();
    tampered[23] ^= 1; // value
    Identity notController = corpusIdentity("C");

    assertThat(unsigned.isSigned()).isFalse();
    assertThat(unsigned.verify(controller)).isFalse();
    assertThat(read(tampered).verify(controller)).isFalse();
    assertThat(unsigned.sign(notController).verify(notController)).isFalse();
    assertThat(signedTag().verify(notController)).isFalse();
  }

  @Test
  void shouldSkipUnknownSignatureTypeAndExtension() throws ProtocolException {
    byte[] bytes =
        hex(
            "e7745d5aa3c51def 000001a20dd3a407 00000064 00000007",
            "3a77b41ec3 e7745d5aa3",
            "02 0003 aabbcc  # unknown signature type, 3 bytes",
            "0002 ffff       # two extension bytes");

    Tag tag = read(bytes);

    assertThat(tag.value()).isEqualTo(7);
    assertThat(tag.signature()).containsOnly(0);
    assertThat(tag.verify(controller)).isFalse();
  }

  @Test
  void shouldRejectEd25519SignatureOfWrongLength() {
    byte[] bytes =
        hex(
            "e7745d5aa3c51def 000001a20dd3a407 00000064 00000007",
            "3a77b41ec3 e7745d5aa3",
            "01 0040 # 64 bytes announced");

    assertThatThrownBy(() -> read(bytes))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("bad signature length 64");
  }

  @Test
  void shouldRejectTagTruncatedAtAnyOffset() {
    byte[] bytes = signedTag().toBytes();

    for (int length = 0; length < bytes.length; length++) {
      byte[] cut = Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> read(cut))
          .as("cut at %d", length)
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("truncated tag");
    }
  }

  @Test
  void shouldBeValidOnlyNearMyConfigTimestampAndAfterRevocation() {
    Tag tag = signedTag();
    long window = 0x1b7740L;

    assertThat(tag.isValidAt(TIMESTAMP + window, window, Credential.NO_REVOCATION)).isTrue();
    assertThat(tag.isValidAt(TIMESTAMP - window, window, Credential.NO_REVOCATION)).isTrue();
    assertThat(tag.isValidAt(TIMESTAMP + window + 1, window, Credential.NO_REVOCATION)).isFalse();
    assertThat(tag.isValidAt(TIMESTAMP - window - 1, window, Credential.NO_REVOCATION)).isFalse();
    assertThat(tag.isValidAt(TIMESTAMP, window, TIMESTAMP - 1)).isTrue();
    assertThat(tag.isValidAt(TIMESTAMP, window, TIMESTAMP)).isFalse();
  }

  private static Tag read(byte[] bytes) throws ProtocolException {
    return Tag.read(WireReader.of(bytes, "tag"));
  }
}
