package dev.orbital.protocol.netconf;

import static dev.orbital.protocol.netconf.Fixtures.NWID;
import static dev.orbital.protocol.netconf.Fixtures.corpusIdentity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.dictionary.Dictionary;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.rules.Rule;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

public class NetworkConfigCodecTest {

  private static final Identity CONTROLLER = corpusIdentity("A");
  private static final Identity MEMBER = corpusIdentity("B");
  private static final long TIMESTAMP = 0x1a20dd3a407L;

  public static NetworkConfig fullConfig() throws Exception {
    IpEndpoint v4 = IpEndpoint.of(new byte[] {10, (byte) 147, 20, 99}, 24);
    IpEndpoint rfc4193 = NetworkAddresses.rfc4193(NWID, MEMBER.address());
    List<Rule> rules =
        List.of(
            new Rule.MatchEtherType(0x0800, true, false),
            new Rule.ActionDrop(),
            new Rule.ActionAccept());
    return new NetworkConfig(
        NetworkConfig.CURRENT_VERSION,
        NWID,
        TIMESTAMP,
        0x1b7740,
        7,
        MEMBER.address(),
        new Address(0),
        0,
        NetworkConfig.FLAG_ENABLE_BROADCAST | NetworkConfig.FLAG_ENABLE_IPV6_NDP_EMULATION,
        32,
        NetworkConfig.TYPE_PRIVATE,
        "testnet",
        2800,
        CertificateOfMembership.issue(TIMESTAMP, 0x1b7740, NWID, MEMBER, CONTROLLER),
        List.of(Capability.of(NWID, TIMESTAMP, 1, rules, 7).sign(CONTROLLER, MEMBER.address())),
        List.of(Tag.of(NWID, TIMESTAMP, 100, 42, MEMBER.address()).sign(CONTROLLER)),
        List.of(
            CertificateOfOwnership.of(
                    NWID,
                    TIMESTAMP,
                    1,
                    MEMBER.address(),
                    List.of(CertificateOfOwnership.Thing.of(v4.ip())))
                .sign(CONTROLLER)),
        List.of(NetworkConfig.SPECIALIST_ACTIVE_BRIDGE | 0x3a77b41ec3L),
        List.of(
            new Route(IpEndpoint.of(new byte[] {10, (byte) 147, 20, 0}, 24), null, 0, 0),
            new Route(
                IpEndpoint.of(new byte[] {0, 0, 0, 0}, 0),
                IpEndpoint.of(new byte[] {10, (byte) 147, 20, 1}, 0),
                0,
                5)),
        List.of(rfc4193, v4),
        rules,
        new DnsSettings("zt.example", List.of(InetAddress.getByName("10.147.20.1"))),
        0,
        false);
  }

  @Test
  void shouldRoundTripEveryField() throws Exception {
    NetworkConfig config = fullConfig();

    NetworkConfig decoded = NetworkConfigCodec.decode(NetworkConfigCodec.encode(config));

    assertThat(decoded).isEqualTo(config);
    assertThat(decoded.isActiveBridge(MEMBER.address())).isTrue();
    assertThat(decoded.capabilities().get(0).rules()).isEqualTo(config.rules());
  }

  @Test
  void shouldWriteKeysInStockOrder() throws Exception {
    Dictionary dictionary = NetworkConfigCodec.toDictionary(fullConfig());

    assertThat(dictionary.keys())
        .containsExactly(
            "v", "nwid", "ts", "ctmd", "r", "id", "tt", "tl", "f", "ml", "t", "n", "mtu", "C",
            "CAP", "TAG", "COO", "S", "RT", "I", "R", "DNS", "ssov", "ssoe");
  }

  @Test
  void shouldClampMtuIntoTheAllowedRange() throws Exception {
    Dictionary dictionary = NetworkConfigCodec.toDictionary(fullConfig());
    dictionary.putU64("mtu", 100);

    assertThat(NetworkConfigCodec.fromDictionary(dictionary).mtu()).isEqualTo(1280);
    dictionary.putU64("mtu", 1_000_000);
    assertThat(NetworkConfigCodec.fromDictionary(dictionary).mtu()).isEqualTo(10000);
  }

  @Test
  void shouldRejectConfigWithoutNetworkIdOrMember() throws Exception {
    Dictionary noNetwork = NetworkConfigCodec.toDictionary(fullConfig());
    noNetwork.remove("nwid");
    Dictionary noMember = NetworkConfigCodec.toDictionary(fullConfig());
    noMember.remove("id");

    assertThatThrownBy(() -> NetworkConfigCodec.fromDictionary(noNetwork))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("nwid");
    assertThatThrownBy(() -> NetworkConfigCodec.fromDictionary(noMember))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("(id)");
  }

  @Test
  void shouldRejectLegacyNetconfVersion() throws Exception {
    Dictionary dictionary = NetworkConfigCodec.toDictionary(fullConfig());
    dictionary.putU64("v", 5);

    assertThatThrownBy(() -> NetworkConfigCodec.fromDictionary(dictionary))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("legacy");
  }

  @Test
  void shouldRejectMoreStaticIpsThanTheLimit() throws Exception {
    Dictionary dictionary = NetworkConfigCodec.toDictionary(fullConfig());
    byte[] one = {4, 10, 0, 0, 1, 0, 24};
    byte[] many = new byte[one.length * (NetworkConfigCodec.MAX_STATIC_IPS + 1)];
    for (int i = 0; i < many.length; i += one.length) {
      System.arraycopy(one, 0, many, i, one.length);
    }
    dictionary.put("I", many);

    assertThatThrownBy(() -> NetworkConfigCodec.fromDictionary(dictionary))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("netconf I count: 33 (limit: 32)");
  }

  @Test
  void shouldRejectTruncatedBlobs() throws Exception {
    for (String key : List.of("C", "CAP", "TAG", "COO", "RT", "I", "R", "DNS")) {
      Dictionary dictionary = NetworkConfigCodec.toDictionary(fullConfig());
      byte[] blob = dictionary.bytes(key).orElseThrow();
      dictionary.put(key, java.util.Arrays.copyOf(blob, blob.length - 1));

      assertThatThrownBy(() -> NetworkConfigCodec.fromDictionary(dictionary))
          .as(key)
          .isInstanceOf(ProtocolException.class);
    }
  }

  @Test
  void shouldKeepAtMostFourDnsServers() {
    List<InetAddress> five = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      five.add(InetAddress.getLoopbackAddress());
    }

    assertThatThrownBy(() -> new DnsSettings("x", five))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
