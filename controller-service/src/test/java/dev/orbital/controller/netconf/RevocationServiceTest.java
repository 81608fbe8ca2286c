package dev.orbital.controller.netconf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.controller.Corpus;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.netconf.CertificateOfMembership;
import dev.orbital.protocol.netconf.CredentialType;
import dev.orbital.protocol.netconf.Revocation;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RevocationServiceTest {

  private static final Identity A = Corpus.identity("A");
  private static final Identity B = Corpus.identity("B");
  private static final Identity C = Corpus.identity("C");
  private static final long NWID = Corpus.NETWORK_ID;
  private static final long NOW = 1_795_528_000_000L;

  private final RevocationService service = new RevocationService(A, new SplittableRandom(5));

  @Test
  void shouldRevokeTheMembersComUpToNowSignedByTheController() throws Exception {
    Revocation revocation = service.revokeMembership(NWID, B.address(), NOW);

    assertThat(revocation.verify(A)).isTrue();
    assertThat(revocation.networkId()).isEqualTo(NWID);
    assertThat(revocation.target()).isEqualTo(B.address());
    assertThat(revocation.threshold()).isEqualTo(NOW);
    assertThat(revocation.credentialType()).isEqualTo(CredentialType.COM);
    assertThat(revocation.credentialId()).isZero();
    assertThat(revocation.fastPropagate()).isTrue();
    assertThat(Revocation.read(WireReader.of(revocation.toBytes(), "revocation")))
        .isEqualTo(revocation);
  }

  @Test
  void shouldVoidComsIssuedUntilNowButNotLaterOnes() {
    Revocation revocation = service.revokeMembership(NWID, B.address(), NOW);
    CertificateOfMembership old =
        CertificateOfMembership.issue(NOW - 60_000, 1_800_000, NWID, B, A);
    CertificateOfMembership current = CertificateOfMembership.issue(NOW, 1_800_000, NWID, B, A);
    CertificateOfMembership renewed = CertificateOfMembership.issue(NOW + 1, 1_800_000, NWID, B, A);
    CertificateOfMembership other = CertificateOfMembership.issue(NOW - 1, 1_800_000, NWID, C, A);

    assertThat(revocation.revokes(old, B.address())).isTrue();
    assertThat(revocation.revokes(current, B.address())).isTrue();
    assertThat(revocation.revokes(renewed, B.address())).isFalse();
    assertThat(revocation.revokes(other, C.address())).isFalse();
  }

  @Test
  void shouldGiveEachRevocationItsOwnId() {
    Revocation first = service.revokeMembership(NWID, B.address(), NOW);
    Revocation second = service.revokeMembership(NWID, B.address(), NOW);

    assertThat(first.id()).isNotEqualTo(second.id());
  }
}
