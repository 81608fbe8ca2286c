package dev.orbital.root;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.world.World;
import dev.orbital.protocol.world.WorldCodec;
import dev.orbital.protocol.world.WorldType;
import dev.orbital.root.identity.RootIdentityStore;
import dev.orbital.testing.kafka.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class RootServiceApplicationTest {

  @Inject Identity identity;

  @Test
  void shouldKeepItsIdentityInTheDataDirectoryReadableOnlyByItself() throws Exception {
    Path secret = Path.of("target/root-data").resolve(RootIdentityStore.SECRET_FILE);

    assertThat(Identity.parse(Files.readString(secret)).address()).isEqualTo(identity.address());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)))
        .isEqualTo("rw-------");
  }

  @Test
  void shouldServeItsSignedPlanetListingItselfAtTheConfiguredEndpoint() throws Exception {
    byte[] planet =
        given().when().get("/world/planet").then().statusCode(200).extract().asByteArray();

    World world = WorldCodec.decode(planet);
    assertThat(world.type()).isEqualTo(WorldType.PLANET);
    assertThat(world.id()).isEqualTo(1234567890L);
    assertThat(world.timestamp()).isEqualTo(1700000000000L);
    assertThat(world.roots())
        .singleElement()
        .satisfies(
            root -> {
              assertThat(root.identity().address()).isEqualTo(identity.address());
              assertThat(root.stableEndpoints()).singleElement().hasToString("127.0.0.1/39993");
            });
    assertThat(world.verifySignature(world.updatesMustBeSignedBy())).isTrue();
  }

  @Test
  void shouldAnswerNotFoundWithAReasonForAWorldItDoesNotServe() {
    given()
        .when()
        .get("/world/0000000000000001.moon")
        .then()
        .statusCode(404)
        .body("status", equalTo(404))
        .body("error", containsString("this root serves planet"));
  }

  @Test
  void shouldReportHealthyAndReady() {
    given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    given().when().get("/q/health/live").then().statusCode(200);
  }

  @Test
  void shouldExposePrometheusMetricsToTheTokenHolder() {
    given()
        .header("Authorization", "Bearer root-test-token")
        .when()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("orbital_root_packets_in_total"))
        .body(containsString("orbital_root_drops_total"))
        .body(containsString("orbital_root_peers_online"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/admin/peers", "/q/metrics", "/q/openapi", "/admin"})
  void shouldRefuseAdminEndpointsWithoutTheToken(String path) {
    given().when().get(path).then().statusCode(401);
    given().header("X-ZT1-Auth", "wrong").when().get(path).then().statusCode(401);
    given().header("Authorization", "Bearer wrong").when().get(path).then().statusCode(401);
    given().queryParam("auth", "wrong").when().get(path).then().statusCode(401);
    given()
        .header("X-ZT1-Auth", "root-test-token-and-more")
        .when()
        .get(path)
        .then()
        .statusCode(401);
  }

  @Test
  void shouldOpenTheAdminApiToTheTokenInEveryStockPlace() {
    given().header("X-ZT1-Auth", "root-test-token").get("/admin/peers").then().statusCode(200);
    given().queryParam("auth", "root-test-token").get("/admin/peers").then().statusCode(200);
  }

  @Test
  void shouldKeepThePlanetAndHealthOpenWhateverTokenIsSent() {
    given().header("X-ZT1-Auth", "wrong").get("/world/planet").then().statusCode(200);
    given().header("X-ZT1-Auth", "wrong").get("/q/health/ready").then().statusCode(200);
    given().get("/q/health/live").then().statusCode(200);
  }
}
