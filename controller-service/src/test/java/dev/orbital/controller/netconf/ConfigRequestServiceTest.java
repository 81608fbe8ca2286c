package dev.orbital.controller.netconf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.controller.Corpus;
import dev.orbital.controller.ipam.IpAddresses;
import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.Network;
import dev.orbital.controller.network.NetworkService;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.netconf.NetworkConfigCodec;
import dev.orbital.protocol.verb.ConfigChunk;
import dev.orbital.protocol.verb.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigRequestServiceTest {

  private static final Identity A = ConfigFixtures.CONTROLLER;
  private static final Identity B = Corpus.identity("B");
  private static final long NOW = ConfigFixtures.NOW;

  private final NetworkService networks = new NetworkService();
  private final ConfigRequestService service = ConfigFixtures.requestService();

  private static byte[] metadata() {
    return ConfigFixtures.metadata();
  }

  private Network network() {
    return ConfigFixtures.network(networks);
  }

  @Test
  void shouldRefuseThenServeOnceAuthorized() throws Exception {
    ConfigReply first = service.handle(network(), null, B, metadata(), Set.of(), List.of(), NOW);

    assertThat(first).isInstanceOf(ConfigReply.Refused.class);
    assertThat(((ConfigReply.Refused) first).code()).isEqualTo(ErrorCode.NETWORK_ACCESS_DENIED);
    Member recorded = first.memberToSave();
    assertThat(recorded.revision()).isEqualTo(1);
    assertThat(recorded.authorized()).isFalse();

    Member authorized =
        networks.updateMember(
            Corpus.NETWORK_ID,
            B.address(),
            recorded,
            Map.of("authorized", true),
            NOW + 1,
            Set.of());
    ConfigReply second =
        service.handle(network(), authorized, B, metadata(), Set.of(), List.of(), NOW + 2);

    assertThat(second).isInstanceOf(ConfigReply.Config.class);
    ConfigReply.Config config = (ConfigReply.Config) second;
    assertThat(config.memberToSave().ipAssignments())
        .containsExactly(IpAddresses.parse("10.147.20.59").orElseThrow());
    assertThat(config.memberToSave().revision()).isEqualTo(authorized.revision() + 1);
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    for (ConfigChunk chunk : config.chunks()) {
      assertThat(chunk.verify(A)).isTrue();
      whole.write(chunk.data());
    }
    assertThat(NetworkConfigCodec.decode(whole.toByteArray())).isEqualTo(config.config());
    assertThat(config.config().com().verify(A)).isTrue();

    ConfigReply third =
        service.handle(
            network(), config.memberToSave(), B, metadata(), Set.of(), List.of(), NOW + 3);
    assertThat(third.memberToSave()).isNull();
  }

  @Test
  void shouldAnswerObjectNotFoundForAnUnknownNetwork() {
    ConfigReply reply = service.handle(null, null, B, metadata(), Set.of(), List.of(), NOW);

    assertThat(reply).isEqualTo(new ConfigReply.Refused(ErrorCode.OBJ_NOT_FOUND, null));
  }

  @Test
  void shouldRefuseMetadataThatIsNotADictionary() {
    byte[] oversized = new byte[2000];
    Arrays.fill(oversized, (byte) 'a');

    ConfigReply reply = service.handle(network(), null, B, oversized, Set.of(), List.of(), NOW);

    assertThat(reply).isEqualTo(new ConfigReply.Refused(ErrorCode.INVALID_REQUEST, null));
  }
}
