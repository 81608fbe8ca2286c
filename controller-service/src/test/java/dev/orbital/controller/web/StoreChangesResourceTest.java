package dev.orbital.controller.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbital.testing.kafka.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class StoreChangesResourceTest {

  private static final String TOKEN = "test-token-0123456789abcd";

  @TestHTTPResource("/unstable/events")
  URI events;

  @Inject StoreChanges changes;

  @Test
  void shouldRefuseTheStreamWithoutTheToken() {
    given().get("/unstable/events").then().statusCode(401);
  }

  @Test
  void shouldAnnounceNetworkAndMemberChangesUntilTheClientLeaves() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(events)
            .header("X-ZT1-Auth", TOKEN)
            .header("Accept", "text/event-stream")
            .build();
    HttpResponse<Stream<String>> response =
        client.send(request, HttpResponse.BodyHandlers.ofLines());
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                response.body().forEach(lines::add);
              } catch (UncheckedIOException closedByTheTest) {
                // the stream ends when the test closes it
              }
            },
            "sse-reader");
    reader.setDaemon(true);
    reader.start();
    try {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> lines.stream().anyMatch(l -> l.contains("\"hello\"")));

      String nwid =
          given()
              .header("X-ZT1-Auth", TOKEN)
              .contentType(ContentType.JSON)
              .body("{\"name\":\"events\"}")
              .post("/controller/network")
              .then()
              .statusCode(200)
              .extract()
              .path("id");
      given()
          .header("X-ZT1-Auth", TOKEN)
          .contentType(ContentType.JSON)
          .body("{\"authorized\":true}")
          .post("/controller/network/" + nwid + "/member/3a77b41ec3")
          .then()
          .statusCode(200);

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(lines)
                      .contains(
                          "data:{\"kind\":\"network\",\"nwid\":\"" + nwid + "\",\"address\":null}",
                          "data:{\"kind\":\"member\",\"nwid\":\""
                              + nwid
                              + "\",\"address\":\"3a77b41ec3\"}"));
    } finally {
      response.body().close();
    }
    await().atMost(Duration.ofSeconds(15)).until(() -> changes.subscriberCount() == 0);
  }
}
