package dev.orbital.node.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocalApiEndpointTest {

  private static final String TOKEN = "tok3n";

  private final FakeNode node = new FakeNode();
  private Vertx vertx;
  private LocalApiEndpoint endpoint;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    endpoint = LocalApiEndpoint.start(vertx, new LocalApiService(node, TOKEN), 0);
  }

  @AfterEach
  void stop() {
    endpoint.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void shouldAcceptTheStockHeaderAndABearerToken() {
    given()
        .port(endpoint.port())
        .header("X-ZT1-Auth", TOKEN)
        .get("/status")
        .then()
        .statusCode(200)
        .contentType("application/json")
        .body("address", equalTo(FakeNode.ADDRESS));
    given()
        .port(endpoint.port())
        .header("Authorization", "Bearer " + TOKEN)
        .get("/status")
        .then()
        .statusCode(200);
  }

  @Test
  void shouldAnswer401WithoutTheToken() {
    given().port(endpoint.port()).get("/status").then().statusCode(401);
    given()
        .port(endpoint.port())
        .header("Authorization", "Bearer nope")
        .post("/network/8056c2e21c000001")
        .then()
        .statusCode(401);
    assertThat(node.networks()).isEmpty();
  }

  @Test
  void shouldJoinWithABodyAsStockClientsSendIt() {
    given()
        .port(endpoint.port())
        .header("X-ZT1-Auth", TOKEN)
        .contentType("application/json")
        .body("{}")
        .post("/network/8056c2e21c000001")
        .then()
        .statusCode(200)
        .body("nwid", equalTo("8056c2e21c000001"));
    assertThat(node.networks()).hasSize(1);
  }
}
