package dev.orbital.protocol.dictionary;

import dev.orbital.protocol.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The text form of a {@link Dictionary} (stock {@code node/Dictionary.hpp}).
 *
 * <pre>
 * key=value LF key=value LF … key=value [NUL]
 *
 * key    1+ bytes, none of them = CR LF NUL
 * value  bytes, escaped:  NUL → \0   CR → \r   LF → \n   \ → \\   = → \e
 * </pre>
 *
 * <p>Reading follows stock's {@code get}: the text ends at the first NUL or at the end of input; CR
 * as well as LF ends an entry, and empty lines are skipped, as are lines with no {@code =} or an
 * empty key; the key runs to the first {@code =}; a backslash before any other byte stands for that
 * byte, and a backslash at the end of a value is dropped. When a key appears twice the first wins.
 * Stock holds a dictionary in a fixed buffer of {@code capacity} bytes that also holds the NUL, so
 * text longer than {@code capacity - 1} is rejected here rather than cut short.
 */
public final class DictionaryCodec {

  /** ZT_NETWORKCONFIG_METADATA_DICT_CAPACITY: the metadata of a NETWORK_CONFIG_REQUEST. */
  public static final int REQUEST_METADATA_CAPACITY = 1024;

  private DictionaryCodec() {}

  /** The text form, without the NUL terminator (stock sends {@code sizeBytes()}, no NUL). */
  public static byte[] encode(Dictionary dictionary) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> entry : dictionary.entries().entrySet()) {
      if (out.size() > 0) {
        out.write('\n');
      }
      out.writeBytes(entry.getKey().getBytes(StandardCharsets.ISO_8859_1));
      out.write('=');
      for (byte b : entry.getValue()) {
        int letter =
            switch (b) {
              case 0 -> '0';
              case '\r' -> 'r';
              case '\n' -> 'n';
              case '\\' -> '\\';
              case '=' -> 'e';
              default -> -1;
            };
        if (letter < 0) {
          out.write(b);
        } else {
          out.write('\\');
          out.write(letter);
        }
      }
    }
    return out.toByteArray();
  }

  /** Encodes, and throws unless the text and its NUL fit in a stock buffer of {@code capacity}. */
  public static byte[] encode(Dictionary dictionary, int capacity) {
    byte[] text = encode(dictionary);
    if (text.length > capacity - 1) {
      throw new IllegalArgumentException(
          "dictionary of " + text.length + " bytes exceeds capacity " + capacity);
    }
    return text;
  }

  public static Dictionary decode(byte[] data, int capacity) throws ProtocolException {
    return decode(data, 0, data.length, capacity);
  }

  /**
   * Decodes {@code data[offset .. offset + length)} up to its first NUL. Throws only when the text
   * is longer than {@code capacity - 1} bytes; anything else in it is read the way stock would.
   */
  public static Dictionary decode(byte[] data, int offset, int length, int capacity)
      throws ProtocolException {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity " + capacity);
    }
    int end = offset;
    int limit = offset + length;
    while (end < limit && data[end] != 0) {
      end++;
    }
    if (end - offset > capacity - 1) {
      throw ProtocolException.overLimit("dictionary length", end - offset, capacity - 1L);
    }
    Dictionary dictionary = new Dictionary();
    int line = offset;
    while (line < end) {
      int lineEnd = line;
      while (lineEnd < end && data[lineEnd] != '\n' && data[lineEnd] != '\r') {
        lineEnd++;
      }
      int equals = line;
      while (equals < lineEnd && data[equals] != '=') {
        equals++;
      }
      if (equals > line && equals < lineEnd) {
        String key = new String(data, line, equals - line, StandardCharsets.ISO_8859_1);
        dictionary.putDecoded(key, unescape(data, equals + 1, lineEnd));
      }
      line = lineEnd + 1;
    }
    return dictionary;
  }

  private static byte[] unescape(byte[] data, int from, int to) {
    byte[] value = new byte[to - from];
    int length = 0;
    boolean escaped = false;
    for (int i = from; i < to; i++) {
      byte b = data[i];
      if (escaped) {
        escaped = false;
        value[length++] =
            switch (b) {
              case '0' -> 0;
              case 'r' -> '\r';
              case 'n' -> '\n';
              case 'e' -> '=';
              default -> b;
            };
      } else if (b == '\\') {
        escaped = true;
      } else {
        value[length++] = b;
      }
    }
    return length == value.length ? value : Arrays.copyOf(value, length);
  }
}
