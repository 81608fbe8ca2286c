package dev.orbital.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Probes every HTTP endpoint of the services {@code ./orbital up} started, as a stranger would:
 * with no token and with a wrong one every endpoint answers 401 but those open on purpose (health,
 * the root's planet, the controller's web page); with the token each reads (a made-up network is
 * then a 404, not a 401). Writes are sent only without the token. The controller's paths come from
 * its own OpenAPI document, so a new endpoint cannot escape the probe.
 */
final class EndpointProbe {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NETWORK = "0123456789abcdef";
  private static final String MEMBER = "0123456789";

  private final HttpClient http;
  private final int base;
  private final String token;

  EndpointProbe(HttpClient http, int base, String token) {
    this.http = http;
    this.base = base;
    this.token = token;
  }

  void assertOnlyHealthPlanetAndPageAreOpen() throws IOException, InterruptedException {
    String root = "http://127.0.0.1:" + (base + 1);
    String controller = "http://127.0.0.1:" + (base + 3);
    String relay = "http://127.0.0.1:" + (base + 5);

    List<Endpoint> guarded = new ArrayList<>();
    guarded.add(new Endpoint("GET", root + "/admin/peers"));
    guarded.add(new Endpoint("GET", root + "/q/metrics"));
    guarded.add(new Endpoint("GET", controller + "/q/metrics"));
    guarded.add(new Endpoint("GET", controller + "/q/openapi"));
    guarded.add(new Endpoint("GET", relay + "/q/metrics"));
    guarded.addAll(controllerApi(controller));
    assertThat(guarded).as("the controller's OpenAPI paths").hasSizeGreaterThan(12);

    for (Endpoint e : guarded) {
      assertThat(status(e, Optional.empty())).as("%s without a token", e).isEqualTo(401);
      assertThat(status(e, Optional.of("wrong"))).as("%s with a wrong token", e).isEqualTo(401);
      assertThat(status(e, Optional.of(token + "x"))).as("%s, token plus one", e).isEqualTo(401);
      if (e.method().equals("GET") && !e.url().endsWith("/events")) {
        assertThat(status(e, Optional.of(token))).as("%s with the token", e).isNotEqualTo(401);
      }
    }

    List<String> open =
        List.of(
            root + "/world/planet",
            root + "/q/health/ready",
            controller + "/",
            controller + "/q/health/live",
            relay + "/q/health/ready");
    for (String url : open) {
      assertThat(status(new Endpoint("GET", url), Optional.of("wrong"))).as(url).isEqualTo(200);
    }

    // Kafka and the relay's health port listen on loopback only (the controller API too, by
    // default): nothing answers on this host's other addresses.
    Optional<InetAddress> other = primaryAddress();
    if (other.isPresent()) {
      for (int port : List.of(base + 2, base + 3, base + 5)) {
        assertThat(connects(other.get(), port)).as("port %d on %s", port, other.get()).isFalse();
      }
    }
  }

  /** Every operation of the controller's OpenAPI document, path parameters filled in. */
  private List<Endpoint> controllerApi(String controller) throws IOException, InterruptedException {
    HttpResponse<String> document =
        http.send(
            HttpRequest.newBuilder(URI.create(controller + "/q/openapi?format=json"))
                .header("X-ZT1-Auth", token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(document.statusCode()).isEqualTo(200);
    List<Endpoint> endpoints = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path :
        JSON.readTree(document.body()).get("paths").properties()) {
      String concrete =
          path.getKey()
              .replace("{nwid}", NETWORK)
              .replace("{address}", MEMBER)
              .replaceAll("\\{[^}]+}", "x");
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
        endpoints.add(new Endpoint(operation.getKey().toUpperCase(), controller + concrete));
      }
    }
    return endpoints;
  }

  private int status(Endpoint e, Optional<String> presented)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(e.url()))
            .timeout(Duration.ofSeconds(10))
            .method(
                e.method(),
                e.method().equals("GET") || e.method().equals("DELETE")
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString("{}"));
    presented.ifPresent(t -> request.header("X-ZT1-Auth", t));
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static boolean connects(InetAddress address, int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 1_000);
      return true;
    } catch (ConnectException e) {
      return false;
    }
  }

  /** This host's first non-loopback IPv4 address, if it has one. */
  private static Optional<InetAddress> primaryAddress() throws SocketException {
    return NetworkInterface.networkInterfaces()
        .filter(
            i -> {
              try {
                return i.isUp() && !i.isLoopback();
              } catch (SocketException e) {
                return false;
              }
            })
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address)
        .findFirst();
  }

  private record Endpoint(String method, String url) {
    @Override
    public String toString() {
      return method + " " + url;
    }
  }
}
