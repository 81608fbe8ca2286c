package dev.orbital.protocol.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbital.protocol.MacAddress;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.conformance.Corpus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleCodecTest {

  /** The "R" value of the network config stock 1.14.1 sent in the corpus capture. */
  static byte[] corpusNetconfRules() throws IOException {
    {
      String text = Corpus.text("expected-decode.txt");
      for (String line : text.split("\n")) {
        String trimmed = line.trim();
        if (trimmed.startsWith("R = ")) {
          return Hex.bytes(trimmed.substring(trimmed.lastIndexOf(' ') + 1));
        }
      }
    }
    throw new IllegalStateException("no R in expected-decode.txt");
  }

  @Test
  void shouldDecodeStockNetconfRulesAndReencodeIdenticalBytes() throws Exception {
    byte[] wire = corpusNetconfRules();
    assertThat(wire)
        .isEqualTo(
            Hex.bytes(
                """
                a5 02 0800   # NOT MATCH_ETHERTYPE IPv4
                a5 02 0806   # NOT MATCH_ETHERTYPE ARP
                a5 02 86dd   # NOT MATCH_ETHERTYPE IPv6
                00 00        # ACTION_DROP
                01 00        # ACTION_ACCEPT
                """));

    List<Rule> rules = RuleCodec.decode(wire);

    assertThat(rules)
        .containsExactly(
            new Rule.MatchEtherType(0x0800, true, false),
            new Rule.MatchEtherType(0x0806, true, false),
            new Rule.MatchEtherType(0x86dd, true, false),
            new Rule.ActionDrop(),
            new Rule.ActionAccept());
    assertThat(RuleCodec.encode(rules)).isEqualTo(wire);
  }

  @Test
  void shouldRoundTripEveryKnownType() throws Exception {
    List<Rule> rules = SampleRules.everyKnownType();

    byte[] wire = RuleCodec.encode(rules);

    assertThat(wire).hasSize(RuleCodec.encodedLength(rules));
    assertThat(RuleCodec.decode(wire)).isEqualTo(rules);
  }

  @Test
  void shouldWriteForwardAndAddressFieldsAtStockWidths() throws Exception {
    List<Rule> rules =
        List.of(
            new Rule.ActionTee(SampleRules.NODE_B, 0x11, 0x80),
            new Rule.MatchIpv4Dest(Ipv4Cidr.parse("10.147.20.0/24"), false, true),
            new Rule.MatchMacSource(MacAddress.parse("32:3a:77:b4:1e:c3")),
            Rule.MatchIntegerRange.of(5, 9, 12, true, 16));

    assertThat(Hex.of(RuleCodec.encode(rules)))
        .isEqualTo(
            Hex.of(
                Hex.bytes(
                    """
                    02                  # ACTION_TEE
                    0e                  # len 14
                    0000003a77b41ec3    # address as u64
                    00000011            # flags
                    0080                # length
                    60                  # OR | MATCH_IPV4_DEST
                    05                  # len 5
                    0a931400            # 10.147.20.0
                    18                  # /24
                    1d                  # MATCH_MAC_SOURCE
                    06                  # len 6
                    323a77b41ec3        # mac
                    33                  # MATCH_INTEGER_RANGE
                    13                  # len 19
                    0000000000000005    # start
                    0000000000000009    # end (absolute)
                    000c                # idx
                    8f                  # little-endian, 16 bits
                    """)));
  }

  @Test
  void shouldKeepUnknownTypesByteExact() throws Exception {
    byte[] wire =
        Hex.bytes(
            """
            d4 03 010203   # NOT | OR | type 20 (reserved match), 3 bytes
            09 01 ff       # type 9 (reserved action), 1 byte
            01 00          # ACTION_ACCEPT
            """);

    List<Rule> rules = RuleCodec.decode(wire);

    assertThat(rules.get(0)).isEqualTo(new Rule.UnknownRule(20, new byte[] {1, 2, 3}, true, true));
    assertThat(rules.get(1)).isEqualTo(new Rule.UnknownRule(9, new byte[] {-1}, false, false));
    assertThat(rules.get(0).isAction()).isFalse();
    assertThat(rules.get(1).isAction()).isTrue();
    assertThat(RuleCodec.encode(rules)).isEqualTo(wire);
  }

  @Test
  void shouldKeepFlagBitsOnActionsAndRawForwardAddresses() throws Exception {
    byte[] wire =
        Hex.bytes(
            """
            81 00                 # NOT | ACTION_ACCEPT: stock ignores the bit but sends it
            04 0e                 # ACTION_REDIRECT, len 14
            ff0000a4c90e16e5      # upper bits set; stock acts on the low 40
            00000000 0000         # flags, length
            """);

    List<Rule> rules = RuleCodec.decode(wire);

    assertThat(rules.get(0)).isEqualTo(new Rule.ActionAccept(true, false));
    assertThat(((Rule.Forward) rules.get(1)).target()).isEqualTo(SampleRules.NODE_C);
    assertThat(RuleCodec.encode(rules)).isEqualTo(wire);
  }

  @Test
  void shouldRoundTripCapabilityRulesWithTheirCount() throws Exception {
    List<Rule> rules =
        List.of(
            new Rule.MatchIpProtocol(6),
            new Rule.MatchIpDestPortRange(80, 80),
            new Rule.ActionAccept());
    ByteBuffer out = ByteBuffer.allocate(2 + RuleCodec.encodedLength(rules));

    RuleCodec.writeCapabilityRules(rules, out);

    assertThat(out.array()).startsWith(0x00, 0x03).hasSize(2 + 3 + 6 + 2);
    assertThat(RuleCodec.readCapabilityRules(WireReader.of(out.array(), "capability")))
        .isEqualTo(rules);
  }

  @Test
  void shouldRejectTruncatedRuleHeader() {
    byte[] wire = Hex.bytes("01 00  25");

    assertThatThrownBy(() -> RuleCodec.decode(wire))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("truncated rule 1: 1 bytes (expected: 2+)");
  }

  @Test
  void shouldRejectValueShorterThanItsLength() {
    byte[] wire = Hex.bytes("25 02 08   # ETHERTYPE says 2 bytes, 1 follows");

    assertThatThrownBy(() -> RuleCodec.decode(wire))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("truncated rule 0 (MATCH_ETHERTYPE) value: 1 bytes (expected: 2+)");
  }

  @Test
  void shouldRejectLengthTooShortForType() {
    byte[] wire = Hex.bytes("25 01 08  01 00   # ETHERTYPE needs 2 bytes, says 1");

    assertThatThrownBy(() -> RuleCodec.decode(wire))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("rule 0 (MATCH_ETHERTYPE): value length 1 (expected: 2+)");
  }

  @Test
  void shouldSkipTheTailOfAValueLongerThanItsTypeNeeds() throws Exception {
    byte[] wire =
        Hex.bytes(
            """
            25 04 08 06 ff ff   # ETHERTYPE 0x0806 with two bytes a newer version might add
            01 00               # ACCEPT
            """);

    assertThat(RuleCodec.decode(wire))
        .containsExactly(new Rule.MatchEtherType(0x0806), new Rule.ActionAccept());
  }

  @Test
  void shouldRejectMoreRulesThanANetworkMayHave() throws Exception {
    byte[] wire = new byte[2 * (RuleCodec.MAX_NETWORK_RULES + 1)];
    for (int i = 0; i < wire.length; i += 2) {
      wire[i] = Rule.ACTION_ACCEPT;
    }

    assertThatThrownBy(() -> RuleCodec.decode(wire))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("rule count: 1025 (limit: 1024)");
    assertThat(RuleCodec.decode(Arrays.copyOf(wire, 2 * RuleCodec.MAX_NETWORK_RULES)))
        .hasSize(RuleCodec.MAX_NETWORK_RULES);
  }

  @Test
  void shouldRejectCapabilityCountOverLimitBeforeReadingRules() {
    byte[] wire = Hex.bytes("0041   # 65 rules, none following");

    assertThatThrownBy(() -> RuleCodec.readCapabilityRules(WireReader.of(wire, "capability")))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("capability rule count: 65 (limit: 64)");
  }

  @Test
  void shouldRejectCapabilityWithFewerRulesThanItsCount() {
    byte[] wire = Hex.bytes("0003  0100  0000   # says 3, has 2");

    assertThatThrownBy(() -> RuleCodec.readCapabilityRules(WireReader.of(wire, "capability")))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("truncated rule 2: 0 bytes (expected: 2+)");
  }

  @Test
  void shouldRefuseToEncodeMoreRulesThanStockAccepts() {
    List<Rule> tooMany =
        new ArrayList<>(
            Collections.nCopies(RuleCodec.MAX_NETWORK_RULES + 1, new Rule.ActionAccept()));
    List<Rule> capability =
        Collections.nCopies(RuleCodec.MAX_CAPABILITY_RULES + 1, new Rule.ActionAccept());

    assertThatThrownBy(() -> RuleCodec.encode(tooMany))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RuleCodec.writeCapabilityRules(capability, ByteBuffer.allocate(1024)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
