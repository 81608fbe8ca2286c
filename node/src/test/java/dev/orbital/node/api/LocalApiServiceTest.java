package dev.orbital.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbital.node.control.NetworkState;
import dev.orbital.node.control.NetworkStatus;
import dev.orbital.node.control.PeerStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalApiServiceTest {

  private static final String TOKEN = "s3cr3ttoken";
  private static final String NWID = "8056c2e21c000001";

  private final FakeNode node = new FakeNode();
  private final LocalApiService api = new LocalApiService(node, TOKEN);

  @Test
  void shouldRefuseRequestsWithoutTheToken() throws Exception {
    assertThat(api.handle("GET", "/status", null).status()).isEqualTo(401);
    assertThat(api.handle("GET", "/status", "wrong").status()).isEqualTo(401);
    assertThat(api.handle("POST", "/network/" + NWID, "wrong").status()).isEqualTo(401);
    assertThat(node.networks()).isEmpty();
  }

  @Test
  void shouldReportTheNodesCountersByName() throws Exception {
    JsonNode counters = body(api.handle("GET", "/counters", TOKEN));

    assertThat(counters.path("packets_in").asLong()).isEqualTo(7);
    assertThat(counters.path("dropped_not_member").asLong()).isEqualTo(2);
    assertThat(api.handle("POST", "/counters", TOKEN).status()).isEqualTo(405);
    assertThat(api.handle("GET", "/counters", null).status()).isEqualTo(401);
  }

  @Test
  void shouldRefuseAnEmptyToken() {
    assertThatThrownBy(() -> new LocalApiService(node, " "))
        .hasMessageContaining("non-empty auth token");
  }

  @Test
  void shouldReportStatusWithStockFieldNames() throws Exception {
    JsonNode status = body(api.handle("GET", "/status", TOKEN));

    assertThat(status.path("address").asText()).isEqualTo(FakeNode.ADDRESS);
    assertThat(status.path("online").asBoolean()).isTrue();
    assertThat(status.path("tcpFallbackActive").asBoolean()).isFalse();
    assertThat(status.path("version").asText()).isEqualTo("1.14.1");
    assertThat(status.path("versionMajor").asInt()).isEqualTo(1);
    assertThat(status.path("versionMinor").asInt()).isEqualTo(14);
    assertThat(status.path("versionRev").asInt()).isEqualTo(1);
    assertThat(status.path("clock").asLong()).isEqualTo(1_700_000_000_000L);
  }

  @Test
  void shouldJoinOnPostListOnGetAndLeaveOnDelete() throws Exception {
    ApiResponse joined = api.handle("POST", "/network/" + NWID, TOKEN);
    assertThat(joined.status()).isEqualTo(200);
    assertThat(body(joined).path("status").asText()).isEqualTo("REQUESTING_CONFIGURATION");

    JsonNode list = body(api.handle("GET", "/network", TOKEN));
    assertThat(list).hasSize(1);
    assertThat(list.get(0).path("nwid").asText()).isEqualTo(NWID);

    ApiResponse left = api.handle("DELETE", "/network/" + NWID, TOKEN);
    assertThat(left.status()).isEqualTo(200);
    assertThat(body(left).path("result").asBoolean()).isTrue();
    assertThat(body(api.handle("GET", "/network", TOKEN))).isEmpty();
  }

  @Test
  void shouldTreatPutAsPostAsStockDoes() {
    assertThat(api.handle("PUT", "/network/" + NWID, TOKEN).status()).isEqualTo(200);
    assertThat(node.networks()).hasSize(1);
  }

  @Test
  void shouldShowANetworkWithStockFieldNames() throws Exception {
    node.configure(
        new NetworkStatus(
            NWID,
            "lab",
            NetworkState.OK,
            "PRIVATE",
            "32:9d:ab:cd:ef:01",
            2800,
            "zt4ioiavwd",
            List.of("10.147.20.5/24"),
            List.of(
                new NetworkStatus.RouteStatus("10.147.20.0/24", ""),
                new NetworkStatus.RouteStatus("10.0.0.0/8", "10.147.20.1")),
            7));

    JsonNode network = body(api.handle("GET", "/network/" + NWID.toUpperCase(), TOKEN));

    assertThat(network.path("id").asText()).isEqualTo(NWID);
    assertThat(network.path("nwid").asText()).isEqualTo(NWID);
    assertThat(network.path("name").asText()).isEqualTo("lab");
    assertThat(network.path("status").asText()).isEqualTo("OK");
    assertThat(network.path("type").asText()).isEqualTo("PRIVATE");
    assertThat(network.path("mac").asText()).isEqualTo("32:9d:ab:cd:ef:01");
    assertThat(network.path("mtu").asInt()).isEqualTo(2800);
    assertThat(network.path("portDeviceName").asText()).isEqualTo("zt4ioiavwd");
    assertThat(network.path("netconfRevision").asLong()).isEqualTo(7);
    assertThat(network.path("assignedAddresses").get(0).asText()).isEqualTo("10.147.20.5/24");
    assertThat(network.path("routes").get(0).path("target").asText()).isEqualTo("10.147.20.0/24");
    assertThat(network.path("routes").get(0).path("via").isNull()).isTrue();
    assertThat(network.path("routes").get(1).path("via").asText()).isEqualTo("10.147.20.1");
  }

  @Test
  void shouldRefuseAMalformedNetworkIdNamingIt() throws Exception {
    for (String method : List.of("GET", "POST", "DELETE")) {
      ApiResponse response = api.handle(method, "/network/8056c2e21c00000g", TOKEN);

      assertThat(response.status()).as(method).isEqualTo(400);
      JsonNode error = body(response);
      assertThat(error.path("field").asText()).isEqualTo("nwid");
      assertThat(error.path("reason").asText()).contains("8056c2e21c00000g");
    }
    assertThat(api.handle("POST", "/network/abc", TOKEN).status()).isEqualTo(400);
    assertThat(node.networks()).isEmpty();
  }

  @Test
  void shouldAnswer404ForUnknownNetworksPeersAndPaths() {
    assertThat(api.handle("GET", "/network/" + NWID, TOKEN).status()).isEqualTo(404);
    assertThat(api.handle("DELETE", "/network/" + NWID, TOKEN).status()).isEqualTo(404);
    assertThat(api.handle("GET", "/peer/0123456789", TOKEN).status()).isEqualTo(404);
    assertThat(api.handle("GET", "/nothing", TOKEN).status()).isEqualTo(404);
    assertThat(api.handle("GET", "/network/" + NWID + "/member", TOKEN).status()).isEqualTo(404);
  }

  @Test
  void shouldRefuseWritesToReadOnlyResources() {
    assertThat(api.handle("POST", "/status", TOKEN).status()).isEqualTo(405);
    assertThat(api.handle("DELETE", "/peer", TOKEN).status()).isEqualTo(405);
    assertThat(api.handle("POST", "/network", TOKEN).status()).isEqualTo(405);
  }

  @Test
  void shouldShowPeersWithTheirPaths() throws Exception {
    node.addPeer(
        new PeerStatus(
            "deadbeef01",
            "1.14.1",
            3,
            "LEAF",
            List.of(new PeerStatus.PathStatus("10.9.1.2/9993", 100, 200, true, true, false))));
    node.addPeer(new PeerStatus("778cde7190", "-", -1, "PLANET", List.of()));

    JsonNode peers = body(api.handle("GET", "/peer", TOKEN));
    assertThat(peers).hasSize(2);

    JsonNode leaf = body(api.handle("GET", "/peer/DEADBEEF01", TOKEN));
    assertThat(leaf.path("address").asText()).isEqualTo("deadbeef01");
    assertThat(leaf.path("latency").asInt()).isEqualTo(3);
    assertThat(leaf.path("role").asText()).isEqualTo("LEAF");
    assertThat(leaf.path("tunneled").asBoolean()).isFalse();
    JsonNode path = leaf.path("paths").get(0);
    assertThat(path.path("address").asText()).isEqualTo("10.9.1.2/9993");
    assertThat(path.path("lastSend").asLong()).isEqualTo(100);
    assertThat(path.path("lastReceive").asLong()).isEqualTo(200);
    assertThat(path.path("active").asBoolean()).isTrue();
    assertThat(path.path("expired").asBoolean()).isFalse();
    assertThat(path.path("preferred").asBoolean()).isTrue();

    JsonNode root = body(api.handle("GET", "/peer/778cde7190", TOKEN));
    assertThat(root.path("version").asText()).isEqualTo("-");
    assertThat(root.path("versionMajor").asInt()).isEqualTo(-1);
    assertThat(api.handle("GET", "/peer/xyz", TOKEN).status()).isEqualTo(400);
  }

  private static JsonNode body(ApiResponse response) throws Exception {
    return ApiJson.MAPPER.readTree(response.body());
  }
}
