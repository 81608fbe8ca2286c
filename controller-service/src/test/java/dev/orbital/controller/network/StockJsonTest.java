package dev.orbital.controller.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbital.controller.ipam.AssignModes;
import dev.orbital.protocol.Address;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Network and member JSON text as a stock controller writes it, through a real JSON library. */
class StockJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long NWID = 0xe7745d5aa3c51defL;

  /** GET /controller/network/e7745d5aa3c51def from a stock 1.14 controller, as tools see it. */
  private static final String STOCK_NETWORK =
      """
      {"authTokens":[null],"authorizationEndpoint":"","capabilities":[],"clientId":"",
       "creationTime":1795527000000,"dns":[],"enableBroadcast":true,"id":"e7745d5aa3c51def",
       "ipAssignmentPools":[{"ipRangeEnd":"10.147.20.254","ipRangeStart":"10.147.20.1"}],
       "mtu":2800,"multicastLimit":32,"name":"testnet","nwid":"e7745d5aa3c51def",
       "objtype":"network","private":true,"remoteTraceLevel":0,"remoteTraceTarget":null,
       "revision":3,"routes":[{"target":"10.147.20.0/24","via":null}],
       "rules":[{"not":false,"or":false,"type":"ACTION_ACCEPT"}],"rulesSource":"",
       "ssoEnabled":false,"tags":[],"v4AssignMode":{"zt":true},
       "v6AssignMode":{"6plane":false,"rfc4193":true,"zt":false}}
      """;

  private static Map<String, Object> parse(String text) throws Exception {
    return JSON.readValue(text, new TypeReference<Map<String, Object>>() {});
  }

  @Test
  void shouldTakeBackTheNetworkObjectStockRenders() throws Exception {
    Network n = NetworkJson.applyUpdate(Network.create(NWID, 0), parse(STOCK_NETWORK));

    assertThat(n.name()).isEqualTo("testnet");
    assertThat(n.assignModes()).isEqualTo(new AssignModes(true, false, true, false));
    assertThat(n.authTokens()).isEmpty();
    assertThat(n.dns()).isNull();
    assertThat(n.routes()).hasSize(1);
    assertThat(n.rules()).isEqualTo(Network.ACCEPT_ALL);
  }

  @Test
  void shouldRenderJsonThatReadsBackToTheSameNetwork() throws Exception {
    Network n = NetworkJson.applyUpdate(Network.create(NWID, 0), parse(STOCK_NETWORK));

    String text = JSON.writeValueAsString(NetworkJson.toJson(n));
    Map<String, Object> reread = parse(text);

    assertThat(NetworkJson.applyUpdate(Network.create(NWID, 0), reread)).isEqualTo(n);
    assertThat(reread.keySet()).containsAll(parse(STOCK_NETWORK).keySet());
    assertThat(text).contains("\"authTokens\":[null]", "\"dns\":[]", "\"remoteTraceTarget\":null");
  }

  @Test
  void shouldTakeBackTheMemberObjectStockRenders() throws Exception {
    String stockMember =
        """
        {"activeBridge":false,"address":"3a77b41ec3","authenticationExpiryTime":0,
         "authorized":true,"capabilities":[],"creationTime":1795527100000,"id":"3a77b41ec3",
         "identity":"3a77b41ec3:0:abcd","ipAssignments":["10.147.20.99"],
         "lastAuthorizedCredential":null,"lastAuthorizedCredentialType":"api",
         "lastAuthorizedTime":1795527200000,"lastDeauthorizedTime":0,"noAutoAssignIps":false,
         "nwid":"e7745d5aa3c51def","objtype":"member","remoteTraceLevel":0,
         "remoteTraceTarget":null,"revision":4,"ssoExempt":false,"tags":[[1,2]],"vMajor":1,
         "vMinor":14,"vProto":12,"vRev":1}
        """;
    Member fresh = Member.create(NWID, Address.parse("3a77b41ec3"), 5);

    Member m = MemberJson.applyUpdate(fresh, parse(stockMember), 10);

    assertThat(m.authorized()).isTrue();
    assertThat(m.lastAuthorizedTime()).isEqualTo(10);
    assertThat(m.ipAssignments()).hasSize(1);
    assertThat(m.tags()).containsExactly(Map.entry(1L, 2L));
    assertThat(m.identity()).isNull();
    assertThat(m.revision()).isZero();
  }
}
