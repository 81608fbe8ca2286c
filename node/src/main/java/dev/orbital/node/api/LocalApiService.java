package dev.orbital.node.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbital.node.control.NodeControl;
import dev.orbital.node.control.PeerStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The local API's routes, shaped like ZeroTier One's service: {@code GET /status}, {@code GET
 * /network}, {@code GET|POST|DELETE /network/<nwid>} (POST joins, DELETE leaves), {@code GET
 * /peer}, {@code GET /peer/<address>}, and {@code GET /counters} (Orbital's own: packet, frame and
 * drop counters). Every request needs the token. No I/O types: the endpoint decodes the request,
 * calls {@link #handle}, and writes what it returns.
 */
public final class LocalApiService {

  private static final Pattern NETWORK_ID = Pattern.compile("[0-9a-fA-F]{16}");
  private static final Pattern NODE_ADDRESS = Pattern.compile("[0-9a-fA-F]{10}");

  private final NodeControl node;
  private final byte[] token;

  public LocalApiService(NodeControl node, String token) {
    this.node = Objects.requireNonNull(node, "node");
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("the local API needs a non-empty auth token");
    }
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Answers one request.
   *
   * @param method the HTTP method; PUT is POST, as in stock
   * @param path the request path without query
   * @param presentedToken the token the client sent, or null
   */
  public ApiResponse handle(String method, String path, String presentedToken) {
    if (!authorized(presentedToken)) {
      return json(401, ApiJson.error("unauthorized", null, "missing or wrong auth token"));
    }
    String[] segments = path.replaceAll("^/+|/+$", "").split("/");
    String verb = method.toUpperCase(Locale.ROOT);
    if (verb.equals("PUT")) {
      verb = "POST";
    }
    try {
      return route(verb, segments);
    } catch (RuntimeException e) {
      return json(500, ApiJson.error("internal error", null, String.valueOf(e.getMessage())));
    }
  }

  private ApiResponse route(String verb, String[] s) {
    String resource = s[0];
    switch (resource) {
      case "status":
        if (s.length == 1 && verb.equals("GET")) {
          return json(200, ApiJson.status(node.status()));
        }
        break;
      case "network":
        return network(verb, s);
      case "peer":
        return peer(verb, s);
      case "counters":
        if (s.length == 1 && verb.equals("GET")) {
          ObjectNode counters = ApiJson.MAPPER.createObjectNode();
          node.counters().forEach(counters::put);
          return json(200, counters);
        }
        break;
      default:
        return notFound("no such resource: /" + String.join("/", s));
    }
    return methodNotAllowed(verb, s);
  }

  private ApiResponse network(String verb, String[] s) {
    if (s.length == 1) {
      if (!verb.equals("GET")) {
        return methodNotAllowed(verb, s);
      }
      ArrayNode list = ApiJson.MAPPER.createArrayNode();
      node.networks().forEach(n -> list.add(ApiJson.network(n)));
      return json(200, list);
    }
    if (s.length != 2) {
      return notFound("no such resource: /" + String.join("/", s));
    }
    if (!NETWORK_ID.matcher(s[1]).matches()) {
      return json(
          400,
          ApiJson.error(
              "bad network ID", "nwid", "'" + s[1] + "' is not a network ID (16 hex digits)"));
    }
    long nwid = Long.parseUnsignedLong(s[1], 16);
    switch (verb) {
      case "GET":
        return node.network(nwid)
            .map(n -> json(200, ApiJson.network(n)))
            .orElseGet(() -> notFound("network " + s[1] + " is not joined"));
      case "POST":
        return json(200, ApiJson.network(node.join(nwid)));
      case "DELETE":
        if (node.leave(nwid)) {
          return json(200, ApiJson.MAPPER.createObjectNode().put("result", true));
        }
        return notFound("network " + s[1] + " is not joined");
      default:
        return methodNotAllowed(verb, s);
    }
  }

  private ApiResponse peer(String verb, String[] s) {
    if (!verb.equals("GET")) {
      return methodNotAllowed(verb, s);
    }
    if (s.length == 1) {
      ArrayNode list = ApiJson.MAPPER.createArrayNode();
      node.peers().forEach(p -> list.add(ApiJson.peer(p)));
      return json(200, list);
    }
    if (s.length != 2) {
      return notFound("no such resource: /" + String.join("/", s));
    }
    if (!NODE_ADDRESS.matcher(s[1]).matches()) {
      return json(
          400,
          ApiJson.error(
              "bad address", "address", "'" + s[1] + "' is not a node address (10 hex digits)"));
    }
    String address = s[1].toLowerCase(Locale.ROOT);
    Optional<PeerStatus> peer =
        node.peers().stream().filter(p -> p.address().equals(address)).findFirst();
    return peer.map(p -> json(200, ApiJson.peer(p)))
        .orElseGet(() -> notFound("peer " + address + " is not known"));
  }

  private boolean authorized(String presented) {
    return presented != null
        && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
  }

  private static ApiResponse notFound(String reason) {
    return json(404, ApiJson.error("not found", null, reason));
  }

  private static ApiResponse methodNotAllowed(String verb, String[] s) {
    return json(
        405,
        ApiJson.error(
            "method not allowed", null, verb + " is not supported on /" + String.join("/", s)));
  }

  private static ApiResponse json(int status, JsonNode body) {
    try {
      return new ApiResponse(status, ApiJson.MAPPER.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
