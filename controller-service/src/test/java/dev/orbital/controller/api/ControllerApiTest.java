package dev.orbital.controller.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.orbital.controller.ControllerIdentity;
import dev.orbital.testing.kafka.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class ControllerApiTest {

  private static final String TOKEN = "test-token-0123456789abcd";
  private static final String MEMBER = "3a77b41ec3";
  private static final String OTHER_MEMBER = "a4c90e16e5";

  @Inject ControllerIdentity identity;

  private static RequestSpecification api() {
    return given().header("X-ZT1-Auth", TOKEN).contentType(ContentType.JSON);
  }

  private String createNetwork(String body) {
    return api().body(body).post("/controller/network").then().statusCode(200).extract().path("id");
  }

  @Test
  void shouldReportTheControllerStatusReadyOnceTheStoreChecksPass() {
    // The first checks may run before this replica's consumer has joined its group.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                api()
                    .get("/controller")
                    .then()
                    .statusCode(200)
                    .body("controller", equalTo(true))
                    .body("apiVersion", equalTo(4))
                    .body("databaseReady", equalTo(true)));
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.find { it.name == 'store' }.data.kafkaReachable", equalTo("true"))
        .body("checks.find { it.name == 'store' }.data.membershipCurrent", equalTo("true"));
    given()
        .get("/q/health/live")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'store-threads' }.status", equalTo("UP"));
  }

  @Test
  void shouldCreateANetworkWithStockDefaultsUnderTheControllerAddress() {
    String id = createNetwork("{\"name\":\"lab\"}");

    assertThat(id).startsWith(identity.address().toString()).hasSize(16);
    api()
        .get("/controller/network/" + id)
        .then()
        .statusCode(200)
        .body("nwid", equalTo(id))
        .body("objtype", equalTo("network"))
        .body("name", equalTo("lab"))
        .body("private", equalTo(true))
        .body("mtu", equalTo(2800))
        .body("multicastLimit", equalTo(32))
        .body("enableBroadcast", equalTo(true))
        .body("revision", equalTo(1))
        .body("rules[0].type", equalTo("ACTION_ACCEPT"))
        .body("v4AssignMode.zt", equalTo(false));
    api().get("/controller/network").then().statusCode(200).body("$", hasItem(id));
  }

  @Test
  void shouldCreateThroughTheLegacyPathOnlyForThisController() {
    String created =
        api()
            .body("{}")
            .post("/controller/network/" + identity.address() + "______")
            .then()
            .statusCode(200)
            .extract()
            .path("id");
    assertThat(created).startsWith(identity.address().toString());

    api().body("{}").post("/controller/network/0000000001______").then().statusCode(404);
  }

  @Test
  void shouldApplyAPartialUpdateAndBumpTheRevision() {
    String id = createNetwork("{\"name\":\"before\",\"mtu\":1400}");

    api()
        .body(
            "{\"private\":false,\"ipAssignmentPools\":[{\"ipRangeStart\":\"10.9.0.1\","
                + "\"ipRangeEnd\":\"10.9.0.254\"}],\"routes\":[{\"target\":\"10.9.0.0/24\"}],"
                + "\"v4AssignMode\":{\"zt\":true}}")
        .post("/controller/network/" + id)
        .then()
        .statusCode(200)
        .body("name", equalTo("before"))
        .body("mtu", equalTo(1400))
        .body("private", equalTo(false))
        .body("revision", equalTo(2))
        .body("routes[0].target", equalTo("10.9.0.0/24"))
        .body("v4AssignMode.zt", equalTo(true));
    api().get("/controller/network/" + id).then().body("private", equalTo(false));
  }

  @Test
  void shouldRejectABadFieldWith400AndChangeNothing() {
    String id = createNetwork("{\"name\":\"stable\"}");

    api()
        .body("{\"name\":\"changed\",\"mtu\":99999}")
        .post("/controller/network/" + id)
        .then()
        .statusCode(400)
        .body("field", equalTo("mtu"))
        .body("reason", not(equalTo(null)));
    api()
        .get("/controller/network/" + id)
        .then()
        .body("name", equalTo("stable"))
        .body("revision", equalTo(1));
  }

  @Test
  void shouldRefuseReservedMemberAddressesWith400NamingTheFieldAndCreateNothing() {
    String id = createNetwork("{}");
    String base = "/controller/network/" + id + "/member/";

    for (String reserved : new String[] {"ffffffffff", "0000000000", "ff00000001", "FF12345678"}) {
      api()
          .body("{\"authorized\":true}")
          .post(base + reserved)
          .then()
          .statusCode(400)
          .body("field", equalTo("address"))
          .body("reason", startsWith("reserved address"));
      api()
          .body("{\"authorized\":true}")
          .put(base + reserved)
          .then()
          .statusCode(400)
          .body("field", equalTo("address"));
      api().get(base + reserved).then().statusCode(400).body("field", equalTo("address"));
    }
    api()
        .get("/controller/network/" + id + "/member")
        .then()
        .statusCode(200)
        .body("size()", equalTo(0));
    api()
        .get("/unstable/controller/network/" + id + "/member")
        .then()
        .body("meta.totalCount", equalTo(0));
    // The lowest and highest addresses a node can have are members like any other.
    api().body("{}").post(base + "0000000001").then().statusCode(200);
    api().body("{}").post(base + "feffffffff").then().statusCode(200);
  }

  @Test
  void shouldRejectMalformedJsonWith400WithoutAStackTrace() {
    String id = createNetwork("{}");

    String body =
        api()
            .body("{\"name\": ")
            .post("/controller/network/" + id)
            .then()
            .statusCode(400)
            .body("field", equalTo("body"))
            .extract()
            .asString();
    assertThat(body).doesNotContain("at dev.", "Exception");
    api().body("[1,2]").post("/controller/network/" + id).then().statusCode(400);
  }

  @Test
  void shouldAnswer404ForUnknownNetworksAndMembers() {
    String absent = identity.address() + "000000";
    api().get("/controller/network/" + absent).then().statusCode(404);
    api().get("/controller/network/not-a-network").then().statusCode(404);
    api().delete("/controller/network/" + absent).then().statusCode(404);
    api().get("/controller/network/" + absent + "/member").then().statusCode(404);
    api()
        .body("{\"authorized\":true}")
        .post("/controller/network/" + absent + "/member/" + MEMBER)
        .then()
        .statusCode(404);

    String id = createNetwork("{}");
    api().get("/controller/network/" + id + "/member/" + MEMBER).then().statusCode(404);
    api().delete("/controller/network/" + id + "/member/" + MEMBER).then().statusCode(404);
    api().get("/unstable/controller/network/" + absent + "/member").then().statusCode(404);
  }

  @Test
  void shouldAnswer401WithAnEmptyObjectForAWrongOrMissingToken() {
    given().get("/controller").then().statusCode(401).body(equalTo("{}"));
    given().header("X-ZT1-Auth", "wrong").get("/controller/network").then().statusCode(401);
    given()
        .header("Authorization", "Bearer wrong")
        .get("/unstable/controller/network")
        .then()
        .statusCode(401);
    given().header("Authorization", "Bearer " + TOKEN).get("/controller").then().statusCode(200);
    given().queryParam("auth", TOKEN).get("/controller").then().statusCode(200);
  }

  @Test
  void shouldCreateAuthorizeListAndDeleteMembers() {
    String id = createNetwork("{}");
    String member = "/controller/network/" + id + "/member/" + MEMBER;

    api()
        .body("{}")
        .post(member)
        .then()
        .statusCode(200)
        .body("address", equalTo(MEMBER))
        .body("nwid", equalTo(id))
        .body("objtype", equalTo("member"))
        .body("authorized", equalTo(false))
        .body("vMajor", equalTo(-1))
        .body("revision", equalTo(1));
    api()
        .body("{\"authorized\":true,\"ipAssignments\":[\"10.9.0.7\"],\"name\":\"web\"}")
        .put(member)
        .then()
        .statusCode(200)
        .body("authorized", equalTo(true))
        .body("lastAuthorizedCredentialType", equalTo("api"))
        .body("ipAssignments[0]", equalTo("10.9.0.7"))
        .body("revision", equalTo(2));

    api()
        .get("/controller/network/" + id + "/member")
        .then()
        .statusCode(200)
        .body("size()", equalTo(1))
        .body("'" + MEMBER + "'", equalTo(2));

    api()
        .delete(member)
        .then()
        .statusCode(200)
        .body("address", equalTo(MEMBER))
        .body("authorized", equalTo(true));
    api().get(member).then().statusCode(404);
  }

  @Test
  void shouldRefuseAnAddressAnotherMemberHolds() {
    String id = createNetwork("{}");
    String base = "/controller/network/" + id + "/member/";
    api().body("{\"ipAssignments\":[\"10.1.0.5\"]}").post(base + MEMBER).then().statusCode(200);

    api()
        .body("{\"ipAssignments\":[\"10.1.0.5\"]}")
        .post(base + OTHER_MEMBER)
        .then()
        .statusCode(400)
        .body("field", equalTo("ipAssignments[0]"));
    api().get(base + OTHER_MEMBER).then().statusCode(404);
  }

  @Test
  void shouldListWholeObjectsWithCountsUnderUnstable() {
    String id = createNetwork("{\"name\":\"counted\"}");
    String base = "/controller/network/" + id + "/member/";
    api().body("{\"authorized\":true}").post(base + MEMBER).then().statusCode(200);
    api().body("{}").post(base + OTHER_MEMBER).then().statusCode(200);

    api()
        .get("/unstable/controller/network/" + id + "/member")
        .then()
        .statusCode(200)
        .body("meta.totalCount", equalTo(2))
        .body("meta.authorizedCount", equalTo(1))
        .body("data.address", hasItem(MEMBER));
    api()
        .get("/unstable/controller/network")
        .then()
        .statusCode(200)
        .body("data.find { it.id == '" + id + "' }.meta.totalMemberCount", equalTo(2))
        .body("data.find { it.id == '" + id + "' }.meta.authorizedMemberCount", equalTo(1));
  }

  @Test
  void shouldDeleteANetworkWithItsMembers() {
    String id = createNetwork("{\"name\":\"doomed\"}");
    api().body("{}").post("/controller/network/" + id + "/member/" + MEMBER).then().statusCode(200);

    api()
        .delete("/controller/network/" + id)
        .then()
        .statusCode(200)
        .body("name", equalTo("doomed"));
    api().get("/controller/network/" + id).then().statusCode(404);
    api().get("/controller/network/" + id + "/member").then().statusCode(404);
  }

  @Test
  void shouldServeAnOpenApiDocumentToTheTokenHolder() {
    api().get("/q/openapi?format=json").then().statusCode(200).body("openapi", startsWith("3"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/q/openapi", "/q/openapi.json", "/q/metrics", "/unstable/events"})
  void shouldRefuseAdminEndpointsWithoutTheToken(String path) {
    given().get(path).then().statusCode(401);
    given().header("X-ZT1-Auth", "wrong").get(path).then().statusCode(401);
    given().header("Authorization", "Bearer " + TOKEN + "x").get(path).then().statusCode(401);
  }

  @Test
  void shouldKeepHealthAndTheWebPageOpen() {
    given().header("X-ZT1-Auth", "wrong").get("/q/health/live").then().statusCode(200);
    given().get("/").then().statusCode(200);
  }
}
