package dev.orbital.protocol.dictionary;

import dev.orbital.protocol.Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * ZeroTier's Dictionary: an ordered map of short text keys to byte values, used for network configs
 * (§11.9) and config request metadata (§11.2). {@link DictionaryCodec} reads and writes its text
 * form.
 *
 * <p>Values are bytes; by convention numbers are hex text (written as 16 lowercase digits, read
 * with any number), booleans {@code 1}/{@code 0}, addresses 10 hex digits, and blobs raw binary.
 * Keys are bytes too (ISO-8859-1 here) and may not contain {@code =}, CR, LF or NUL. Setting a key
 * again replaces its value in place. Getters read the way stock's {@code get*} do.
 */
public final class Dictionary {

  private final LinkedHashMap<String, byte[]> entries = new LinkedHashMap<>();

  public Dictionary put(String key, byte[] value) {
    entries.put(checkKey(key), value.clone());
    return this;
  }

  /** A UTF-8 string, which may not contain NUL: stock reads strings as C strings. */
  public Dictionary putString(String key, String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("string value of '" + key + "' contains NUL");
    }
    entries.put(checkKey(key), value.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** An unsigned 64-bit number as 16 lowercase hex digits, as stock writes it. */
  public Dictionary putU64(String key, long value) {
    return putAscii(key, String.format(Locale.ROOT, "%016x", value));
  }

  public Dictionary putBool(String key, boolean value) {
    return putAscii(key, value ? "1" : "0");
  }

  /** An address as 10 lowercase hex digits. */
  public Dictionary putAddress(String key, Address value) {
    return putAscii(key, value.toString());
  }

  public boolean remove(String key) {
    return entries.remove(checkKey(key)) != null;
  }

  public boolean contains(String key) {
    return entries.containsKey(checkKey(key));
  }

  /** A copy of the raw value. */
  public Optional<byte[]> bytes(String key) {
    return Optional.ofNullable(entries.get(checkKey(key))).map(byte[]::clone);
  }

  /** The value up to its first NUL, as UTF-8 (stock {@code getS} copies a C string). */
  public Optional<String> string(String key) {
    byte[] value = entries.get(checkKey(key));
    if (value == null) {
      return Optional.empty();
    }
    return Optional.of(new String(value, 0, textLength(value), StandardCharsets.UTF_8));
  }

  /**
   * The value read as hex like C's {@code strtoull(s, 0, 16)}, which stock {@code getUI} uses:
   * leading blanks, a sign and a {@code 0x} are allowed, reading stops at the first non-hex byte,
   * and a number too big for 64 bits saturates to all ones. Absent or empty: {@code defaultValue}.
   */
  public long u64(String key, long defaultValue) {
    byte[] value = entries.get(checkKey(key));
    return value == null || value.length == 0 ? defaultValue : parseHex(value);
  }

  /** True if the value starts with {@code 1}, {@code t} or {@code T}; absent: the default. */
  public boolean bool(String key, boolean defaultValue) {
    byte[] value = entries.get(checkKey(key));
    if (value == null) {
      return defaultValue;
    }
    return value.length > 0 && (value[0] == '1' || value[0] == 't' || value[0] == 'T');
  }

  /** The value read as a hex number, of which the low 40 bits are the address. */
  public Optional<Address> address(String key) {
    byte[] value = entries.get(checkKey(key));
    if (value == null || value.length == 0) {
      return Optional.empty();
    }
    return Optional.of(new Address(parseHex(value) & Address.MASK));
  }

  /** The keys, in order. */
  public List<String> keys() {
    return List.copyOf(entries.keySet());
  }

  public int size() {
    return entries.size();
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** For the codec: the entries themselves, in order. */
  Map<String, byte[]> entries() {
    return entries;
  }

  /** For the codec: adds an entry read from the wire unless its key is already there. */
  void putDecoded(String key, byte[] value) {
    entries.putIfAbsent(key, value);
  }

  /** Throws unless {@code key} is one or more ISO-8859-1 characters other than = CR LF NUL. */
  static String checkKey(String key) {
    if (key.isEmpty()) {
      throw new IllegalArgumentException("empty dictionary key");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '=' || c == '\r' || c == '\n' || c == '\0' || c > 0xff) {
        throw new IllegalArgumentException(
            "dictionary key " + key + " contains forbidden character " + (int) c);
      }
    }
    return key;
  }

  private Dictionary putAscii(String key, String value) {
    entries.put(checkKey(key), value.getBytes(StandardCharsets.US_ASCII));
    return this;
  }

  private static int textLength(byte[] value) {
    for (int i = 0; i < value.length; i++) {
      if (value[i] == 0) {
        return i;
      }
    }
    return value.length;
  }

  static long parseHex(byte[] value) {
    int end = textLength(value);
    int i = 0;
    while (i < end && isSpace(value[i])) {
      i++;
    }
    boolean negative = false;
    if (i < end && (value[i] == '+' || value[i] == '-')) {
      negative = value[i] == '-';
      i++;
    }
    if (i + 1 < end && value[i] == '0' && (value[i + 1] == 'x' || value[i + 1] == 'X')) {
      i += 2;
    }
    long result = 0;
    boolean overflow = false;
    for (; i < end; i++) {
      int digit = Character.digit(value[i], 16);
      if (digit < 0) {
        break;
      }
      if ((result >>> 60) != 0) {
        overflow = true;
      }
      result = (result << 4) | digit;
    }
    if (overflow) {
      return -1L;
    }
    return negative ? -result : result;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || (b >= '\t' && b <= '\r');
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Dictionary other) || other.entries.size() != entries.size()) {
      return false;
    }
    Iterator<Map.Entry<String, byte[]>> theirs = other.entries.entrySet().iterator();
    for (Map.Entry<String, byte[]> mine : entries.entrySet()) {
      Map.Entry<String, byte[]> their = theirs.next();
      if (!mine.getKey().equals(their.getKey())
          || !Arrays.equals(mine.getValue(), their.getValue())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int hash = 1;
    for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
      hash = 31 * hash + entry.getKey().hashCode();
      hash = 31 * hash + Arrays.hashCode(entry.getValue());
    }
    return hash;
  }

  /** Printable values as text, binary ones as their length. */
  @Override
  public String toString() {
    List<String> shown = new ArrayList<>();
    for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
      byte[] value = entry.getValue();
      boolean printable = true;
      for (byte b : value) {
        printable &= b >= 0x20 && b < 0x7f;
      }
      shown.add(
          entry.getKey()
              + "="
              + (printable
                  ? new String(value, StandardCharsets.US_ASCII)
                  : "<" + value.length + " bytes>"));
    }
    return "Dictionary" + shown;
  }
}
