package dev.orbital.protocol.rules;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tags one end of a frame holds on a network: tag id → value, both unsigned 32-bit. Lookups are
 * a binary search over primitive arrays, so the evaluator reads tags without boxing.
 */
public final class Tags {

  /** What {@link #value(long)} returns for a tag that is not held. */
  public static final long ABSENT = -1;

  public static final Tags EMPTY = new Tags(new long[0], new long[0]);

  private final long[] ids;
  private final long[] values;

  private Tags(long[] ids, long[] values) {
    this.ids = ids;
    this.values = values;
  }

  public static Tags of(Map<Long, Long> tags) {
    long[] ids = new long[tags.size()];
    int i = 0;
    for (Long id : tags.keySet()) {
      ids[i++] = id;
    }
    Arrays.sort(ids);
    long[] values = new long[ids.length];
    for (i = 0; i < ids.length; i++) {
      values[i] = tags.get(ids[i]);
      RuleChecks.tag(ids[i], values[i]);
    }
    return new Tags(ids, values);
  }

  /** {@code of(id1, value1, id2, value2, ...)}. */
  public static Tags of(long... idValuePairs) {
    if (idValuePairs.length % 2 != 0) {
      throw new IllegalArgumentException("tags come in id, value pairs");
    }
    Map<Long, Long> map = new LinkedHashMap<>();
    for (int i = 0; i < idValuePairs.length; i += 2) {
      if (map.put(idValuePairs[i], idValuePairs[i + 1]) != null) {
        throw new IllegalArgumentException("tag " + idValuePairs[i] + " given twice");
      }
    }
    return of(map);
  }

  /** The value of tag {@code id}, or {@link #ABSENT}. */
  public long value(long id) {
    int i = Arrays.binarySearch(ids, id);
    return i >= 0 ? values[i] : ABSENT;
  }

  public int size() {
    return ids.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Tags that
        && Arrays.equals(ids, that.ids)
        && Arrays.equals(values, that.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(ids) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("Tags{");
    for (int i = 0; i < ids.length; i++) {
      text.append(i == 0 ? "" : ", ").append(ids[i]).append('=').append(values[i]);
    }
    return text.append('}').toString();
  }
}
