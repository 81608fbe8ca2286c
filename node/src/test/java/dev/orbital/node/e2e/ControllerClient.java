package dev.orbital.node.e2e;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;

/** The controller's REST API (the stock controller JSON API), as an administrator uses it. */
public final class ControllerClient {

  private final int port;
  private final String token;

  ControllerClient(int port, String token) {
    this.port = port;
    this.token = token;
  }

  private RequestSpecification request() {
    return given()
        .baseUri("http://127.0.0.1")
        .port(port)
        .header("X-ZT1-Auth", token)
        .contentType("application/json");
  }

  /**
   * Creates a private network assigning IPv4 addresses from {@code first..last} with the on-link
   * route {@code cidr}; returns its ID.
   */
  public String createNetwork(String name, String first, String last, String cidr, int mtu) {
    Map<String, Object> body =
        Map.of(
            "name",
            name,
            "private",
            true,
            "mtu",
            mtu,
            "v4AssignMode",
            Map.of("zt", true),
            "ipAssignmentPools",
            List.of(Map.of("ipRangeStart", first, "ipRangeEnd", last)),
            "routes",
            List.of(Map.of("target", cidr)));
    return request()
        .body(body)
        .post("/controller/network")
        .then()
        .statusCode(200)
        .extract()
        .path("id");
  }

  /** Changes the network's settings ({@code POST /controller/network/<nwid>}). */
  public void updateNetwork(String nwid, Map<String, ?> body) {
    request().body(body).post("/controller/network/" + nwid).then().statusCode(200);
  }

  public void authorize(String nwid, String member) {
    setAuthorized(nwid, member, true);
  }

  public void deauthorize(String nwid, String member) {
    setAuthorized(nwid, member, false);
  }

  private void setAuthorized(String nwid, String member, boolean authorized) {
    request()
        .body(Map.of("authorized", authorized))
        .post("/controller/network/" + nwid + "/member/" + member)
        .then()
        .statusCode(200);
  }

  /** The member as the controller holds it. */
  public JsonPath member(String nwid, String member) {
    return request()
        .get("/controller/network/" + nwid + "/member/" + member)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }
}
