package dev.orbital.protocol.dictionary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DictionaryCodecTest {

  /** Config request metadata (§11.2) in the order and form a stock 1.14.1 node writes it. */
  static final String STOCK_METADATA =
      String.join(
          "\n",
          "v=0000000000000007",
          "vend=0000000000000001",
          "pv=000000000000000b",
          "majv=0000000000000001",
          "minv=000000000000000e",
          "revv=0000000000000001",
          "mr=0000000000000400",
          "mc=0000000000000080",
          "mcr=0000000000000040",
          "mt=0000000000000080",
          "f=0000000000000000",
          "revr=0000000000000001");

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  static Dictionary decode(String text) throws ProtocolException {
    return DictionaryCodec.decode(ascii(text), 1 << 16);
  }

  static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  @Test
  void shouldWriteRequestMetadataExactlyAsStockDoes() {
    Dictionary metadata =
        new Dictionary()
            .putU64("v", 7)
            .putU64("vend", 1)
            .putU64("pv", 11)
            .putU64("majv", 1)
            .putU64("minv", 14)
            .putU64("revv", 1)
            .putU64("mr", 1024)
            .putU64("mc", 128)
            .putU64("mcr", 64)
            .putU64("mt", 128)
            .putU64("f", 0)
            .putU64("revr", 1);

    byte[] text = DictionaryCodec.encode(metadata, DictionaryCodec.REQUEST_METADATA_CAPACITY);

    assertThat(new String(text, StandardCharsets.US_ASCII)).isEqualTo(STOCK_METADATA);
  }

  @Test
  void shouldReadRequestMetadataWrittenByStock() throws ProtocolException {
    Dictionary metadata =
        DictionaryCodec.decode(ascii(STOCK_METADATA), DictionaryCodec.REQUEST_METADATA_CAPACITY);

    assertThat(metadata.keys())
        .containsExactly(
            "v", "vend", "pv", "majv", "minv", "revv", "mr", "mc", "mcr", "mt", "f", "revr");
    assertThat(metadata.u64("pv", -1)).isEqualTo(11);
    assertThat(metadata.u64("mr", -1)).isEqualTo(1024);
    assertThat(metadata.u64("a", -1)).isEqualTo(-1);
    assertThat(metadata.string("a")).isEmpty();
  }

  @Test
  void shouldReadNetworkConfigEntriesInStockForm() throws ProtocolException {
    // Values of the corpus config (expected-decode.txt): R holds NULs, RT and I hold LFs (0x0a).
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    text.writeBytes(ascii("v=0000000000000007\n"));
    text.writeBytes(ascii("nwid=e7745d5aa3c51def\n"));
    text.writeBytes(ascii("ts=000001a20dd3a407\n"));
    text.writeBytes(ascii("id=3a77b41ec3\n"));
    text.writeBytes(ascii("n=testnet\n"));
    text.writeBytes(ascii("ssoe=0\n"));
    text.writeBytes(ascii("tt=0000000000\n"));
    text.writeBytes(ascii("mtu=0000000000000af0\n"));
    text.writeBytes(ascii("R="));
    text.writeBytes(hex("a50208" + "5c30" + "a5020806a50286dd" + "5c30" + "5c30" + "01" + "5c30"));
    text.writeBytes(ascii("\nRT="));
    text.writeBytes(hex("04" + "5c6e" + "9314" + "5c30" + "5c30" + "18" + "5c30".repeat(5)));
    text.writeBytes(new byte[] {0});

    Dictionary config = DictionaryCodec.decode(text.toByteArray(), 1 << 16);

    assertThat(config.u64("v", 0)).isEqualTo(7);
    assertThat(config.u64("nwid", 0)).isEqualTo(0xe7745d5aa3c51defL);
    assertThat(config.u64("ts", 0)).isEqualTo(0x1a20dd3a407L);
    assertThat(config.address("id")).contains(Address.parse("3a77b41ec3"));
    assertThat(config.address("tt")).contains(new Address(0));
    assertThat(config.string("n")).contains("testnet");
    assertThat(config.bool("ssoe", true)).isFalse();
    assertThat(config.u64("mtu", 2800)).isEqualTo(2800);
    assertThat(config.bytes("R"))
        .hasValueSatisfying(r -> assertThat(r).isEqualTo(hex("a5020800a5020806a50286dd00000100")));
    assertThat(config.bytes("RT"))
        .hasValueSatisfying(rt -> assertThat(rt).isEqualTo(hex("040a93140000180000000000")));
  }

  @Test
  void shouldEscapeTheFiveSpecialBytesAndNothingElse() {
    Dictionary dictionary =
        new Dictionary().put("b", hex("00" + "0d" + "0a" + "5c" + "3d" + "41ff"));

    byte[] text = DictionaryCodec.encode(dictionary);

    assertThat(text)
        .isEqualTo(
            hex(
                "62" // b
                    + "3d" // =
                    + "5c30" // \0
                    + "5c72" // \r
                    + "5c6e" // \n
                    + "5c5c" // \\
                    + "5c65" // \e
                    + "41ff")); // A and 0xff as they are
  }

  @Test
  void shouldRoundTripBinaryValueHoldingEveryByte() throws ProtocolException {
    byte[] everyByte = new byte[512];
    for (int i = 0; i < everyByte.length; i++) {
      everyByte[i] = (byte) (i < 256 ? i : 511 - i);
    }
    Dictionary dictionary =
        new Dictionary()
            .put("C", everyByte)
            .putString("n", "r\u00e9seau = test\\")
            .putU64("nwid", 0xe7745d5aa3c51defL)
            .putBool("ssoe", false)
            .putAddress("id", Address.parse("3a77b41ec3"))
            .put("E", new byte[0]);

    byte[] text = DictionaryCodec.encode(dictionary);
    Dictionary decoded = DictionaryCodec.decode(text, text.length + 1);

    assertThat(decoded).isEqualTo(dictionary);
    assertThat(decoded.bytes("C")).hasValueSatisfying(c -> assertThat(c).isEqualTo(everyByte));
    assertThat(decoded.string("n")).contains("r\u00e9seau = test\\");
    assertThat(text).doesNotContain(0, '\r');
    int separators = 0;
    for (byte b : text) {
      separators += b == '\n' ? 1 : 0;
    }
    assertThat(separators).isEqualTo(dictionary.size() - 1);
  }

  @Test
  void shouldRejectTextLongerThanCapacityLessTheNul() throws ProtocolException {
    byte[] text = ascii("k=" + "x".repeat(1021)); // 1023 bytes: fits 1024 with its NUL

    assertThat(DictionaryCodec.decode(text, 0, text.length, 1024).keys()).containsExactly("k");
    byte[] longer = ascii("k=" + "x".repeat(1022));
    assertThatThrownBy(() -> DictionaryCodec.decode(longer, 1024))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("dictionary length: 1024 (limit: 1023)");
    assertThatThrownBy(
            () -> DictionaryCodec.encode(new Dictionary().put("k", new byte[1022]), 1024))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldStopAtFirstNulEvenBeforeOversizedGarbage() throws ProtocolException {
    byte[] data = new byte[5000];
    System.arraycopy(ascii("a=1\nb=2"), 0, data, 0, 7);
    for (int i = 8; i < data.length; i++) {
      data[i] = 'z';
    }

    Dictionary dictionary = DictionaryCodec.decode(data, 16);

    assertThat(dictionary.keys()).containsExactly("a", "b");
  }

  @Test
  void shouldDecodeRelativeToOffset() throws ProtocolException {
    byte[] data = ascii("xxxxa=1\nb=2yyyy");

    Dictionary dictionary = DictionaryCodec.decode(data, 4, 7, 64);

    assertThat(dictionary.keys()).containsExactly("a", "b");
    assertThat(dictionary.string("b")).contains("2");
  }

  @Test
  void shouldLetFirstOfRepeatedKeysWin() throws ProtocolException {
    assertThat(decode("a=1\na=2\nb=3").string("a")).contains("1");
  }

  @Test
  void shouldTreatCrAsEntrySeparatorAndSkipEmptyAndMalformedLines() throws ProtocolException {
    Dictionary dictionary = decode("\n\na=1\r\nnoequals\n=orphan\rb=2\n\n");

    assertThat(dictionary.keys()).containsExactly("a", "b");
    assertThat(dictionary.string("b")).contains("2");
  }

  @Test
  void shouldSplitKeyAtFirstEqualsAndKeepRawEqualsInValue() throws ProtocolException {
    Dictionary dictionary = decode("a=b=c");

    assertThat(dictionary.keys()).containsExactly("a");
    assertThat(dictionary.string("a")).contains("b=c");
  }

  @Test
  void shouldUnescapeLikeStock() throws ProtocolException {
    // A backslash at the end of the text, or just before the LF, is dropped.
    assertThat(decode("v=ab\\").string("v")).contains("ab");
    assertThat(decode("v=ab\\\nw=1").string("v")).contains("ab");
    // A backslash before any other byte stands for that byte.
    assertThat(decode("v=\\q\\\\\\x").string("v")).contains("q\\x");
    assertThat(decode("v=\\e\\e").string("v")).contains("==");
  }

  @Test
  void shouldReadEscapedNulInStringAsEndOfString() throws ProtocolException {
    Dictionary dictionary = decode("n=abc\\0def");

    assertThat(dictionary.string("n")).contains("abc");
    assertThat(dictionary.bytes("n"))
        .hasValueSatisfying(n -> assertThat(n).isEqualTo(ascii("abc\0def")));
  }

  @ParameterizedTest
  @CsvSource({
    "0000000000000af0, 2800",
    "af0, 2800",
    "AF0, 2800",
    "0xAF0, 2800",
    "' 10', 16",
    "12zz, 18",
    "zz, 0",
    "-1, -1",
    "ffffffffffffffff, -1",
    "1ffffffffffffffff, -1", // saturates, as strtoull does
    "+7, 7"
  })
  void shouldReadNumbersLikeStrtoull(String text, long expected) throws ProtocolException {
    assertThat(decode("x=" + text).u64("x", 99)).isEqualTo(expected);
  }

  @Test
  void shouldUseDefaultForAbsentOrEmptyNumber() throws ProtocolException {
    Dictionary dictionary = decode("x=");

    assertThat(dictionary.u64("x", 99)).isEqualTo(99);
    assertThat(dictionary.u64("y", 98)).isEqualTo(98);
    assertThat(dictionary.address("x")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"1, true", "true, true", "T, true", "0, false", "false, false", "yes, false"})
  void shouldReadBooleanByItsFirstByte(String text, boolean expected) throws ProtocolException {
    assertThat(decode("b=" + text).bool("b", !expected)).isEqualTo(expected);
  }

  @Test
  void shouldReadEmptyBooleanAsFalseAndAbsentAsDefault() throws ProtocolException {
    Dictionary dictionary = decode("b=");

    assertThat(dictionary.bool("b", true)).isFalse();
    assertThat(dictionary.bool("c", true)).isTrue();
  }

  @Test
  void shouldWriteNumbersAndAddressesWithFixedWidth() {
    Dictionary dictionary =
        new Dictionary()
            .putU64("a", 0xaf0)
            .putU64("b", -1)
            .putAddress("c", new Address(0x3a77b41ec3L))
            .putAddress("d", new Address(0))
            .putBool("e", true);

    assertThat(new String(DictionaryCodec.encode(dictionary), StandardCharsets.US_ASCII))
        .isEqualTo("a=0000000000000af0\nb=ffffffffffffffff\nc=3a77b41ec3\nd=0000000000\ne=1");
  }

  @Test
  void shouldReplaceValueInPlaceWhenKeyIsSetAgain() {
    Dictionary dictionary = new Dictionary().putU64("a", 1).putU64("b", 2).putU64("a", 3);

    assertThat(dictionary.keys()).containsExactly("a", "b");
    assertThat(dictionary.u64("a", 0)).isEqualTo(3);
    assertThat(dictionary.remove("a")).isTrue();
    assertThat(dictionary.contains("a")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a=b", "a\rb", "a\nb", "a\0b", "\u20ac"})
  void shouldRefuseKeysItCouldNotWriteOrReadBack(String key) {
    assertThatThrownBy(() -> new Dictionary().putU64(key, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldPrintTextValuesAndOnlyTheLengthOfBinaryOnes() {
    Dictionary dictionary = new Dictionary().putString("n", "testnet").put("C", new byte[] {0, 1});

    assertThat(dictionary).hasToString("Dictionary[n=testnet, C=<2 bytes>]");
  }

  @Test
  void shouldRefuseStringWithNul() {
    assertThatThrownBy(() -> new Dictionary().putString("n", "a\0b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldDecodeRandomBytesWithoutFailingAndReencodeToSameEntries() throws ProtocolException {
    Random random = new Random(11);
    for (int i = 0; i < 5_000; i++) {
      byte[] data = new byte[random.nextInt(300)];
      for (int j = 0; j < data.length; j++) {
        // Mostly the bytes that matter to the format, with some of everything else.
        data[j] = (byte) "ab=\\\n\r0ren\0".charAt(random.nextInt(11));
        if (random.nextInt(8) == 0) {
          data[j] = (byte) random.nextInt(256);
        }
      }

      Dictionary dictionary = DictionaryCodec.decode(data, 301);
      byte[] text = DictionaryCodec.encode(dictionary);

      assertThat(DictionaryCodec.decode(text, text.length + 1)).isEqualTo(dictionary);
    }
  }
}
