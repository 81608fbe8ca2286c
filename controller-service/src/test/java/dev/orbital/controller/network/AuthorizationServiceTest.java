package dev.orbital.controller.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.controller.Corpus;
import dev.orbital.protocol.dictionary.Dictionary;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.verb.ErrorCode;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthorizationServiceTest {

  private static final long NOW = 1_795_528_000_000L;
  private static final Identity B = Corpus.identity("B");

  private final AuthorizationService service = new AuthorizationService();
  private final NetworkService networks = new NetworkService();

  private static Dictionary metadata() {
    return new Dictionary()
        .putU64("v", 7)
        .putU64("pv", 12)
        .putU64("majv", 1)
        .putU64("minv", 14)
        .putU64("revv", 1)
        .putU64("revr", 1);
  }

  private Network privateNetwork() {
    return networks.create(Corpus.NETWORK_ID, Map.of("name", "testnet"), NOW);
  }

  @Test
  void shouldAnswerObjectNotFoundForAnUnknownNetwork() {
    AuthorizationDecision d = service.decide(null, null, B, metadata(), NOW);

    assertThat(d).isEqualTo(new AuthorizationDecision.Denied(ErrorCode.OBJ_NOT_FOUND, null));
  }

  @Test
  void shouldDenyANewcomerOnAPrivateNetworkAndRecordItUnauthorized() {
    AuthorizationDecision d = service.decide(privateNetwork(), null, B, metadata(), NOW);

    assertThat(d).isInstanceOf(AuthorizationDecision.Denied.class);
    assertThat(((AuthorizationDecision.Denied) d).code())
        .isEqualTo(ErrorCode.NETWORK_ACCESS_DENIED);
    assertThat(d.member().authorized()).isFalse();
    assertThat(d.member().identity()).isEqualTo(B.toPublic().toString());
    assertThat(d.member().address()).isEqualTo(B.address());
    assertThat(d.member().creationTime()).isEqualTo(NOW);
  }

  @Test
  void shouldGrantAnAuthorizedMemberAndRecordItsVersion() {
    Member member =
        networks
            .updateMember(
                Corpus.NETWORK_ID, B.address(), null, Map.of("authorized", true), NOW, Set.of())
            .withIdentity(B.toPublic().toString());

    AuthorizationDecision d = service.decide(privateNetwork(), member, B, metadata(), NOW + 1);

    assertThat(d).isInstanceOf(AuthorizationDecision.Granted.class);
    assertThat(d.member().lastAuthorizedCredentialType()).isEqualTo("api");
    assertThat(d.member().vMajor()).isEqualTo(1);
    assertThat(d.member().vMinor()).isEqualTo(14);
    assertThat(d.member().vRev()).isEqualTo(1);
    assertThat(d.member().vProto()).isEqualTo(12);
    assertThat(((AuthorizationDecision.Granted) d).changed()).isTrue();

    AuthorizationDecision again =
        service.decide(privateNetwork(), d.member(), B, metadata(), NOW + 2);
    assertThat(((AuthorizationDecision.Granted) again).changed()).isFalse();
  }

  @Test
  void shouldAutoAuthorizeOnAPublicNetwork() {
    Network open = networks.update(privateNetwork(), Map.of("private", false));

    AuthorizationDecision d = service.decide(open, null, B, metadata(), NOW);

    assertThat(d).isInstanceOf(AuthorizationDecision.Granted.class);
    assertThat(d.member().authorized()).isTrue();
    assertThat(d.member().lastAuthorizedTime()).isEqualTo(NOW);
    assertThat(d.member().lastAuthorizedCredentialType()).isEqualTo("public");
    assertThat(d.member().lastAuthorizedCredential()).isNull();
  }

  @Test
  void shouldAutoAuthorizeWithAValidToken() {
    Network withTokens =
        networks.update(
            privateNetwork(),
            Map.of("authTokens", Map.of("forever", 0, "later", NOW + 10, "gone", NOW)));

    AuthorizationDecision forever =
        service.decide(withTokens, null, B, metadata().putString("a", "token:forever"), NOW);
    AuthorizationDecision later =
        service.decide(withTokens, null, B, metadata().putString("a", "token:later"), NOW);
    AuthorizationDecision gone =
        service.decide(withTokens, null, B, metadata().putString("a", "token:gone"), NOW);
    AuthorizationDecision unknown =
        service.decide(withTokens, null, B, metadata().putString("a", "token:nope"), NOW);
    AuthorizationDecision noScheme =
        service.decide(withTokens, null, B, metadata().putString("a", "forever"), NOW);

    assertThat(forever.member().authorized()).isTrue();
    assertThat(forever.member().lastAuthorizedCredentialType()).isEqualTo("token");
    assertThat(forever.member().lastAuthorizedCredential()).isEqualTo("forever");
    assertThat(later).isInstanceOf(AuthorizationDecision.Granted.class);
    assertThat(gone).isInstanceOf(AuthorizationDecision.Denied.class);
    assertThat(unknown).isInstanceOf(AuthorizationDecision.Denied.class);
    assertThat(noScheme).isInstanceOf(AuthorizationDecision.Denied.class);
  }

  @Test
  void shouldDenyADifferentIdentityWithTheSameAddressAndChangeNothing() {
    Network open = networks.update(privateNetwork(), Map.of("private", false));
    Member known = service.decide(open, null, B, metadata(), NOW).member();
    Identity impostor = impostorOf(B);

    AuthorizationDecision d = service.decide(open, known, impostor, metadata(), NOW + 1);

    assertThat(d)
        .isEqualTo(new AuthorizationDecision.Denied(ErrorCode.NETWORK_ACCESS_DENIED, null));
  }

  /** Same address, another key: what an address collision (or a forger) presents. */
  private static Identity impostorOf(Identity real) {
    return Identity.of(real.address(), Corpus.identity("C").publicKey(), null);
  }
}
