package dev.orbital.controller.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import dev.orbital.testing.kafka.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class WebPageFilesTest {

  @Test
  void shouldServeThePageAtTheRootWithoutTheToken() {
    given()
        .get("/")
        .then()
        .statusCode(200)
        .contentType(containsString("text/html"))
        .body(containsString("<script type=\"module\" src=\"/js/app.js\"></script>"));
  }

  @Test
  void shouldServeTheScriptsAsJavaScriptForBrowsersToRevalidate() {
    given()
        .get("/js/app.js")
        .then()
        .statusCode(200)
        .contentType(containsString("javascript"))
        .header("Cache-Control", containsString("max-age=0"));
  }
}
