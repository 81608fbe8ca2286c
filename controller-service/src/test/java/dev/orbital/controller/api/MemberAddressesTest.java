package dev.orbital.controller.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.orbital.controller.ControllerConfig;
import dev.orbital.testing.kafka.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Pool addresses given on authorization through the API, and presence shown on members. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class MemberAddressesTest {

  private static final String TOKEN = "test-token-0123456789abcd";
  private static final String POOL_NETWORK =
      "{\"v4AssignMode\":{\"zt\":true},"
          + "\"ipAssignmentPools\":[{\"ipRangeStart\":\"10.44.0.1\",\"ipRangeEnd\":\"10.44.0.254\"}],"
          + "\"routes\":[{\"target\":\"10.44.0.0/24\",\"via\":null}]}";

  @Inject ControllerConfig config;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  private static RequestSpecification api() {
    return given().header("X-ZT1-Auth", TOKEN).contentType(ContentType.JSON);
  }

  private static String createNetwork(String body) {
    return api().body(body).post("/controller/network").then().statusCode(200).extract().path("id");
  }

  private static String member(String nwid, String address) {
    return "/controller/network/" + nwid + "/member/" + address;
  }

  @Test
  void shouldAssignAPoolAddressOnAuthorizationAndKeepIt() {
    String nwid = createNetwork(POOL_NETWORK);

    String ip =
        api()
            .body("{\"authorized\":true}")
            .post(member(nwid, "3a77b41ec3"))
            .then()
            .statusCode(200)
            .body("ipAssignments", hasSize(1))
            .extract()
            .path("ipAssignments[0]");
    assertThat(ip).startsWith("10.44.0.");

    api()
        .body("{\"name\":\"renamed\"}")
        .post(member(nwid, "3a77b41ec3"))
        .then()
        .statusCode(200)
        .body("ipAssignments", equalTo(List.of(ip)));
    api().get(member(nwid, "3a77b41ec3")).then().body("ipAssignments", equalTo(List.of(ip)));
  }

  @Test
  void shouldGiveNoPoolAddressToUnauthorizedOrOptedOutMembers() {
    String nwid = createNetwork(POOL_NETWORK);

    api()
        .body("{}")
        .post(member(nwid, "1111111111"))
        .then()
        .statusCode(200)
        .body("ipAssignments", empty());
    api()
        .body("{\"authorized\":true,\"noAutoAssignIps\":true}")
        .post(member(nwid, "2222222222"))
        .then()
        .statusCode(200)
        .body("ipAssignments", empty());
  }

  @Test
  void shouldNeverGiveTwoMembersTheSameAddress() {
    String nwid = createNetwork(POOL_NETWORK);
    api()
        .body("{\"ipAssignments\":[\"10.44.0.10\"]}")
        .post(member(nwid, "000000000a"))
        .then()
        .statusCode(200);

    Set<String> ips = new HashSet<>(List.of("10.44.0.10"));
    for (int i = 0; i < 20; i++) {
      // Consecutive addresses start their pool search next to each other: they would collide.
      String address = String.format("%010x", 0x0000000009L + i);
      if (address.equals("000000000a")) {
        continue;
      }
      String ip =
          api()
              .body("{\"authorized\":true}")
              .post(member(nwid, address))
              .then()
              .statusCode(200)
              .extract()
              .path("ipAssignments[0]");
      assertThat(ips.add(ip)).as("%s given twice", ip).isTrue();
    }
  }

  @Test
  void shouldRefuseAStaticAddressHeldByAnotherAndStoreNothing() {
    String nwid = createNetwork(POOL_NETWORK);
    String held =
        api()
            .body("{\"authorized\":true}")
            .post(member(nwid, "3a77b41ec3"))
            .then()
            .statusCode(200)
            .extract()
            .path("ipAssignments[0]");

    api()
        .body("{\"authorized\":true,\"ipAssignments\":[\"" + held + "\"]}")
        .post(member(nwid, "a4c90e16e5"))
        .then()
        .statusCode(400)
        .body("field", equalTo("ipAssignments[0]"));
    api().get(member(nwid, "a4c90e16e5")).then().statusCode(404);
  }

  @Test
  void shouldShowWhatTheRootsReportOnTheMember() {
    String nwid = createNetwork(POOL_NETWORK);
    api().body("{\"authorized\":true}").post(member(nwid, "b0b0b0b0b0")).then().statusCode(200);
    api()
        .get(member(nwid, "b0b0b0b0b0"))
        .then()
        .body("lastOnline", equalTo(0))
        .body("online", equalTo(false))
        .body("clientVersion", equalTo(null));

    String report =
        "{\"address\":\"b0b0b0b0b0\",\"root\":\"7777777777\",\"online\":true,"
            + "\"paths\":[\"192.0.2.7/9993\",\"198.51.100.1/40000\"],\"protocolVersion\":13,"
            + "\"version\":\"1.14.1\",\"latencyMs\":12,\"lastSeen\":1795000000123}";
    publishPresence("b0b0b0b0b0", report);

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                api()
                    .get(member(nwid, "b0b0b0b0b0"))
                    .then()
                    .statusCode(200)
                    .body("lastOnline", equalTo(1795000000123L))
                    .body("online", equalTo(true))
                    .body("physicalAddress", equalTo("192.0.2.7"))
                    .body("clientVersion", equalTo("1.14.1"))
                    .body("vMajor", equalTo(1))
                    .body("vRev", equalTo(1))
                    .body("latency", equalTo(12)));
    api()
        .get("/unstable/controller/network/" + nwid + "/member")
        .then()
        .body("data[0].physicalAddress", equalTo("192.0.2.7"))
        .body("data[0].lastOnline", equalTo(1795000000123L));
  }

  private void publishPresence(String node, String json) {
    Map<String, Object> props =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      producer.send(new ProducerRecord<>(config.topicPrefix() + ".presence", node, json));
      producer.flush();
    }
  }
}
