package dev.orbital.protocol.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.conformance.Corpus;
import dev.orbital.protocol.crypto.C25519;
import dev.orbital.protocol.crypto.SymmetricKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdentityTest {

  static Identity corpusIdentity(String name) {
    return Corpus.identity(name);
  }

  @ParameterizedTest
  @CsvSource({"A,e7745d5aa3", "B,3a77b41ec3", "C,a4c90e16e5", "D,3b9f8c5447"})
  void shouldRederiveStockIdentitiesFromTheirSecrets(String node, String address)
      throws IOException {
    Identity identity = corpusIdentity(node);

    assertThat(identity.address()).isEqualTo(Address.parse(address));
    assertThat(identity.hasPrivateKey()).isTrue();
    assertThat(identity.locallyValidate()).isTrue();
  }

  @Test
  void shouldRejectIdentityWhoseAddressDoesNotMatchItsHash() throws IOException {
    Identity real = corpusIdentity("A");
    Identity forged = Identity.of(Address.parse("0123456789"), real.publicKey(), null);

    assertThat(forged.locallyValidate()).isFalse();
  }

  @Test
  void shouldRoundTripTextAndBinaryFormsWithoutLeakingTheSecret() throws Exception {
    Identity identity = corpusIdentity("B");

    assertThat(identity.toString()).doesNotContain(identity.toSecretString().substring(142));
    assertThat(Identity.parse(identity.toSecretString()).toSecretString())
        .isEqualTo(identity.toSecretString());
    byte[] binary = identity.toBytes();
    assertThat(binary).hasSize(Identity.PUBLIC_BINARY_LENGTH);
    Identity decoded = Identity.read(WireReader.of(binary, "identity"));
    assertThat(decoded).isEqualTo(identity);
    assertThat(decoded.hasPrivateKey()).isFalse();
  }

  @Test
  void shouldRejectTruncatedBinaryIdentity() {
    byte[] truncated = new byte[40];

    assertThatThrownBy(() -> Identity.read(WireReader.of(truncated, "identity")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("truncated identity");
  }

  @Test
  void shouldGenerateValidIdentity() {
    Identity identity = Identity.generate(new SecureRandom());

    assertThat(identity.locallyValidate()).isTrue();
    assertThat(identity.address().isReserved()).isFalse();
  }

  @Test
  void shouldAgreeOnTheSameKeyFromBothSides() throws IOException {
    Identity a = corpusIdentity("A");
    Identity b = corpusIdentity("B");

    SymmetricKey ab = a.agree(b.toPublic()).orElseThrow();
    SymmetricKey ba = b.agree(a.toPublic()).orElseThrow();

    assertThat(ab).isEqualTo(ba);
  }

  @Test
  void shouldSignTheWayStockDoes() throws IOException {
    Identity a = corpusIdentity("A");
    byte[] message = "orbital".getBytes(StandardCharsets.US_ASCII);

    byte[] signature = a.sign(message);

    assertThat(signature).hasSize(C25519.SIGNATURE_LENGTH);
    assertThat(Arrays.copyOfRange(signature, 64, 96))
        .isEqualTo(Arrays.copyOf(C25519.sha512(message, 0, message.length), 32));
    assertThat(a.toPublic().verify(message, signature)).isTrue();
    signature[10] ^= 1;
    assertThat(a.toPublic().verify(message, signature)).isFalse();
  }
}
