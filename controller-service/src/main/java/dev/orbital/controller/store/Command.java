package dev.orbital.controller.store;

import dev.orbital.protocol.netconf.NetworkAddresses;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One write asked for through a replica, as a record of {@code <prefix>.controller-commands} (key:
 * the network ID, so all writes to a network meet in one partition and its owner applies them in
 * order).
 *
 * @param requestId the asking replica's ID for it; the outcome carries it back
 * @param type what to do, one of the constants below
 * @param networkId the network it writes to
 * @param address the member (10 hex digits), null for a network command
 * @param body the API body (POST-able keys) for a put; for {@link #SAVE_MEMBER} the whole member as
 *     stored
 * @param now the time the API call came in, ms since the epoch: the time of the change
 * @param deadline after this (ms since the epoch) the owner refuses it, so a caller that gave up
 *     waiting can say "not applied"
 */
public record Command(
    String requestId,
    String type,
    long networkId,
    String address,
    Map<String, Object> body,
    long now,
    long deadline) {

  /** Create a network that must not exist yet (a random ID picked by the asking replica). */
  public static final String CREATE_NETWORK = "create-network";

  public static final String PUT_NETWORK = "put-network";
  public static final String DELETE_NETWORK = "delete-network";
  public static final String PUT_MEMBER = "put-member";
  public static final String DELETE_MEMBER = "delete-member";

  /** Store a member record decided elsewhere (a config request), if the stored one is unchanged. */
  public static final String SAVE_MEMBER = "save-member";

  public Command {
    body = body == null ? Map.of() : body;
  }

  String key() {
    return NetworkAddresses.format(networkId);
  }

  byte[] toBytes() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("requestId", requestId);
    json.put("type", type);
    json.put("nwid", key());
    json.put("address", address);
    json.put("body", body);
    json.put("now", now);
    json.put("deadline", deadline);
    return StoredJson.write(json);
  }

  @SuppressWarnings("unchecked")
  static Command fromBytes(byte[] value) {
    Map<String, Object> json = StoredJson.read(value);
    return new Command(
        (String) json.get("requestId"),
        (String) json.get("type"),
        NetworkAddresses.parse((String) json.get("nwid")),
        (String) json.get("address"),
        (Map<String, Object>) json.get("body"),
        ((Number) json.get("now")).longValue(),
        ((Number) json.get("deadline")).longValue());
  }
}
