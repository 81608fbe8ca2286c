package dev.orbital.controller.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbital.controller.network.ValidationException;
import dev.orbital.controller.store.NetworkStore;
import dev.orbital.controller.store.UnknownObjectException;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.netconf.NetworkAddresses;
import java.util.Map;

/** Request bodies and path segments of the controller API. */
final class JsonBody {

  /** Bodies beyond this are refused; a full network with rules fits easily. */
  static final int MAX_BODY_CHARS = 1 << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonBody() {}

  /** The body as a JSON object; an empty body is {@code {}}, as stock takes it. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> parse(String body) {
    if (body == null || body.isBlank()) {
      return Map.of();
    }
    if (body.length() > MAX_BODY_CHARS) {
      throw new ValidationException("body", "larger than " + MAX_BODY_CHARS + " characters");
    }
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new ValidationException("body", "malformed JSON");
    }
    if (node == null || !node.isObject()) {
      throw new ValidationException("body", "not a JSON object");
    }
    return JSON.convertValue(node, Map.class);
  }

  static long networkId(String text) {
    if (text == null || !text.matches("[0-9a-fA-F]{16}")) {
      throw new UnknownObjectException("network " + text);
    }
    return NetworkAddresses.parse(text);
  }

  /** A member address from the path; unknown if not 10 hex digits, refused if reserved. */
  static Address address(String text) {
    return NetworkStore.requireMemberAddress(anyAddress(text), "address");
  }

  /**
   * A member address from the path as it may be stored: reserved ones too, so that a member stored
   * with one before they were refused can still be deleted.
   */
  static Address anyAddress(String text) {
    if (text == null || !text.matches("[0-9a-fA-F]{10}")) {
      throw new UnknownObjectException("member " + text);
    }
    return Address.parse(text);
  }
}
