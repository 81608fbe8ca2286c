package dev.orbital.controller.store;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * What became of a {@link Command}, as a record of {@code <prefix>.controller-replies} (key: the
 * request ID) written in the same transaction as the states it made, so a replica sees an outcome
 * only once the change is committed.
 *
 * @param requestId the command's
 * @param error null on success; else {@link #INVALID}, {@link #NOT_FOUND}, {@link #CONFLICT} or
 *     {@link #EXPIRED}
 * @param field for {@link #INVALID}: the body field at fault
 * @param reason what is wrong
 * @param targets for each state partition written, the offset a view must reach to hold the change
 * @param object the object as stored (for a delete: as it was), stock JSON; null on error
 */
public record Outcome(
    String requestId,
    String error,
    String field,
    String reason,
    Map<TopicPartition, Long> targets,
    Map<String, Object> object) {

  public static final String INVALID = "invalid";
  public static final String NOT_FOUND = "not-found";
  public static final String CONFLICT = "conflict";
  public static final String EXPIRED = "expired";

  public Outcome {
    targets = targets == null ? Map.of() : Map.copyOf(targets);
  }

  static Outcome refused(String requestId, String error, String field, String reason) {
    return new Outcome(requestId, error, field, reason, Map.of(), null);
  }

  boolean ok() {
    return error == null;
  }

  byte[] toBytes() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("requestId", requestId);
    json.put("error", error);
    json.put("field", field);
    json.put("reason", reason);
    Map<String, Long> offsets = new LinkedHashMap<>();
    targets.forEach((tp, offset) -> offsets.put(tp.topic() + ":" + tp.partition(), offset));
    json.put("targets", offsets);
    json.put("object", object);
    return StoredJson.write(json);
  }

  @SuppressWarnings("unchecked")
  static Outcome fromBytes(byte[] value) {
    Map<String, Object> json = StoredJson.read(value);
    Map<TopicPartition, Long> targets = new LinkedHashMap<>();
    Map<String, Object> offsets = (Map<String, Object>) json.get("targets");
    if (offsets != null) {
      offsets.forEach(
          (tp, offset) -> {
            int colon = tp.lastIndexOf(':');
            targets.put(
                new TopicPartition(
                    tp.substring(0, colon), Integer.parseInt(tp.substring(colon + 1))),
                ((Number) offset).longValue());
          });
    }
    return new Outcome(
        (String) json.get("requestId"),
        (String) json.get("error"),
        (String) json.get("field"),
        (String) json.get("reason"),
        targets,
        (Map<String, Object>) json.get("object"));
  }
}
