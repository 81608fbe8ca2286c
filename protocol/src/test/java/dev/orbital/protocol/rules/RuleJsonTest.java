package dev.orbital.protocol.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleJsonTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static Object parse(String json) throws Exception {
    return MAPPER.readValue(json, Object.class);
  }

  /** Keys sorted and actions without not/or, as stock's _renderRule writes them. */
  private static final String STOCK_RENDERED =
      """
      [
        {"not":false,"or":false,"type":"MATCH_SOURCE_ZEROTIER_ADDRESS","zt":"3a77b41ec3"},
        {"not":true,"or":false,"type":"MATCH_DEST_ZEROTIER_ADDRESS","zt":"a4c90e16e5"},
        {"not":false,"or":true,"type":"MATCH_VLAN_ID","vlanId":42},
        {"not":false,"or":false,"type":"MATCH_VLAN_PCP","vlanPcp":3},
        {"not":false,"or":false,"type":"MATCH_VLAN_DEI","vlanDei":1},
        {"mac":"32:3a:77:b4:1e:c3","not":false,"or":false,"type":"MATCH_MAC_SOURCE"},
        {"mac":"ff:ff:ff:ff:ff:ff","not":true,"or":true,"type":"MATCH_MAC_DEST"},
        {"ip":"10.147.20.0/24","not":false,"or":false,"type":"MATCH_IPV4_SOURCE"},
        {"ip":"10.147.20.99/32","not":true,"or":false,"type":"MATCH_IPV4_DEST"},
        {"ip":"fde7:745d:5aa3:c51d:ef99:933a:77b4:1ec3/128","not":false,"or":false,
         "type":"MATCH_IPV6_SOURCE"},
        {"ip":"fd00::/8","not":false,"or":false,"type":"MATCH_IPV6_DEST"},
        {"end":40,"mask":252,"not":false,"or":false,"start":32,"type":"MATCH_IP_TOS"},
        {"ipProtocol":17,"not":false,"or":false,"type":"MATCH_IP_PROTOCOL"},
        {"etherType":2048,"not":false,"or":false,"type":"MATCH_ETHERTYPE"},
        {"icmpCode":null,"icmpType":8,"not":false,"or":false,"type":"MATCH_ICMP"},
        {"icmpCode":4,"icmpType":3,"not":false,"or":false,"type":"MATCH_ICMP"},
        {"end":65535,"not":false,"or":false,"start":1024,"type":"MATCH_IP_SOURCE_PORT_RANGE"},
        {"end":22,"not":true,"or":false,"start":22,"type":"MATCH_IP_DEST_PORT_RANGE"},
        {"mask":"8000000000000002","not":false,"or":false,"type":"MATCH_CHARACTERISTICS"},
        {"end":1500,"not":false,"or":false,"start":0,"type":"MATCH_FRAME_SIZE_RANGE"},
        {"not":false,"or":false,"probability":2147483647,"type":"MATCH_RANDOM"},
        {"id":1,"not":false,"or":false,"type":"MATCH_TAGS_DIFFERENCE","value":10},
        {"id":2,"not":false,"or":false,"type":"MATCH_TAGS_BITWISE_AND","value":15},
        {"id":3,"not":false,"or":false,"type":"MATCH_TAGS_BITWISE_OR","value":240},
        {"id":4,"not":false,"or":false,"type":"MATCH_TAGS_BITWISE_XOR","value":4294967295},
        {"id":5,"not":false,"or":false,"type":"MATCH_TAGS_EQUAL","value":1000},
        {"id":6,"not":false,"or":false,"type":"MATCH_TAG_SENDER","value":7},
        {"id":4294967295,"not":false,"or":false,"type":"MATCH_TAG_RECEIVER","value":0},
        {"bits":16,"end":"0000000000001fff","idx":30,"little":true,"not":false,"or":false,
         "start":"0000000000001000","type":"INTEGER_RANGE"},
        {"address":"3a77b41ec3","flags":0,"length":128,"type":"ACTION_TEE"},
        {"address":"a4c90e16e5","flags":1,"length":0,"type":"ACTION_WATCH"},
        {"address":"3a77b41ec3","flags":0,"type":"ACTION_REDIRECT"},
        {"type":"ACTION_BREAK"},
        {"type":"ACTION_DROP"},
        {"type":"ACTION_ACCEPT"}
      ]
      """;

  @Test
  void shouldParseWhatStockRendersAndRenderItBackUnchanged() throws Exception {
    Object json = parse(STOCK_RENDERED);

    List<Rule> rules = RuleJson.fromJson(json);

    assertThat(rules).isEqualTo(SampleRules.everyKnownType());
    assertThat(RuleJson.toJson(rules)).isEqualTo(json);
  }

  @Test
  void shouldRoundTripThroughJsonTextWithStockKeyOrder() throws Exception {
    String text = MAPPER.writeValueAsString(RuleJson.toJson(SampleRules.everyKnownType()));

    assertThat(text)
        .startsWith(
            "[{\"not\":false,\"or\":false,\"type\":\"MATCH_SOURCE_ZEROTIER_ADDRESS\","
                + "\"zt\":\"3a77b41ec3\"}");
    assertThat(RuleJson.fromJson(parse(text))).isEqualTo(SampleRules.everyKnownType());
  }

  @Test
  void shouldTurnTheCorpusNetworkRulesIntoTheBytesStockSent() throws Exception {
    Object json =
        parse(
            """
            [
              {"type":"MATCH_ETHERTYPE","not":true,"or":false,"etherType":2048},
              {"type":"MATCH_ETHERTYPE","not":true,"or":false,"etherType":2054},
              {"type":"MATCH_ETHERTYPE","not":true,"or":false,"etherType":34525},
              {"type":"ACTION_DROP"},
              {"type":"ACTION_ACCEPT"}
            ]
            """);

    byte[] wire = RuleCodec.encode(RuleJson.fromJson(json));

    assertThat(wire).isEqualTo(RuleCodecTest.corpusNetconfRules());
  }

  @Test
  void shouldApplyStockDefaults() throws Exception {
    Object json =
        parse(
            """
            [
              {"type":"ACTION_ACCEPT","not":false,"or":false},
              {"type":"MATCH_IP_DEST_PORT_RANGE","start":443},
              {"type":"MATCH_ICMP","icmpType":128},
              {"type":"MATCH_CHARACTERISTICS","mask":4611686018427387904},
              {"type":"INTEGER_RANGE","start":7},
              {"type":"ACTION_TEE","address":"3A77B41EC3"}
            ]
            """);

    assertThat(RuleJson.fromJson(json))
        .containsExactly(
            new Rule.ActionAccept(),
            new Rule.MatchIpDestPortRange(443, 443),
            new Rule.MatchIcmp(128, null),
            new Rule.MatchCharacteristics(Rule.CHARACTERISTICS_MULTICAST),
            Rule.MatchIntegerRange.of(7, 7, 0, false, 1),
            new Rule.ActionTee(SampleRules.NODE_B, 0, 0));
  }

  @Test
  void shouldRenderIpv6TheWayInetNtopDoes() {
    assertThat(RuleJson.toJson(new Rule.MatchIpv6Source(Ipv6Cidr.parse("::ffff:10.0.0.1/128"))))
        .containsEntry("ip", "::ffff:10.0.0.1/128");
    assertThat(RuleJson.toJson(new Rule.MatchIpv6Dest(Ipv6Cidr.parse("FE80:0:0:0:1:0:0:1/64"))))
        .containsEntry("ip", "fe80::1:0:0:1/64");
  }

  @Test
  void shouldHaveNoJsonForTypesStockCannotRender() {
    assertThatThrownBy(() -> RuleJson.toJson(new Rule.ActionPriority()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ACTION_PRIORITY");
    assertThatThrownBy(() -> RuleJson.toJson(new Rule.UnknownRule(20, new byte[0], false, false)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{'type':'MATCH_ETHERTYPE','etherType':70000}"
            + " | rules[0].etherType | must be an integer 0..65535",
        "{'type':'MATCH_ETHERTYPE','etherType':'0x800'}"
            + " | rules[0].etherType | must be an integer 0..65535",
        "{'type':'MATCH_ETHERTYPE','etherType':8.0} | rules[0].etherType"
            + " | must be an integer 0..65535",
        "{'type':'MATCH_ETHERTYPE'} | rules[0].etherType | required",
        "{'type':'MATCH_FOO'} | rules[0].type | unknown rule type \"MATCH_FOO\"",
        "{'type':'ACTION_PRIORITY'} | rules[0].type | unknown rule type \"ACTION_PRIORITY\"",
        "{'type':'MATCH_INTEGER_RANGE','start':1}"
            + " | rules[0].type | unknown rule type \"MATCH_INTEGER_RANGE\"",
        "{'etherType':2048} | rules[0].type | must be a rule type name",
        "{'type':'ACTION_DROP','not':'yes'} | rules[0].not | must be true or false",
        "{'type':'MATCH_SOURCE_ZEROTIER_ADDRESS','zt':'3a77b41ec'}"
            + " | rules[0].zt | must be a ZeroTier address of 10 hex digits",
        "{'type':'MATCH_MAC_DEST','mac':'32:3a:77:b4:1e'}"
            + " | rules[0].mac | must be a MAC address like 02:00:00:00:00:01",
        "{'type':'MATCH_IPV4_SOURCE','ip':'10.0.0.1'}"
            + " | rules[0].ip | must be an IPv4 CIDR like 10.0.0.0/8",
        "{'type':'MATCH_IPV4_SOURCE','ip':'10.0.0.0/33'}"
            + " | rules[0].ip | must be an IPv4 CIDR like 10.0.0.0/8",
        "{'type':'MATCH_IPV4_DEST','ip':'localhost/32'}"
            + " | rules[0].ip | must be an IPv4 CIDR like 10.0.0.0/8",
        "{'type':'MATCH_IPV6_DEST','ip':'10.0.0.0/8'}"
            + " | rules[0].ip | must be an IPv6 CIDR like fd00::/8",
        "{'type':'MATCH_IPV6_DEST','ip':'fd00::1::2/64'}"
            + " | rules[0].ip | must be an IPv6 CIDR like fd00::/8",
        "{'type':'MATCH_IP_TOS','mask':252,'start':0} | rules[0].end | required",
        "{'type':'MATCH_ICMP','icmpType':3,'icmpCode':256}"
            + " | rules[0].icmpCode | must be an integer 0..255",
        "{'type':'MATCH_RANDOM','probability':-1}"
            + " | rules[0].probability | must be an integer 0..4294967295",
        "{'type':'MATCH_TAG_SENDER','id':4294967296,'value':1}"
            + " | rules[0].id | must be an integer 0..4294967295",
        "{'type':'MATCH_TAGS_EQUAL','id':1} | rules[0].value | required",
        "{'type':'MATCH_CHARACTERISTICS','mask':'not hex'}"
            + " | rules[0].mask | must be up to 16 hex digits or an integer"
            + " 0..18446744073709551615",
        "{'type':'INTEGER_RANGE','start':'10','end':'0f'}"
            + " | rules[0].end | must be within start..start+4294967295",
        "{'type':'INTEGER_RANGE','start':0,'end':4294967296}"
            + " | rules[0].end | must be within start..start+4294967295",
        "{'type':'INTEGER_RANGE','start':0,'bits':65} | rules[0].bits | must be an integer 1..64",
        "{'type':'ACTION_TEE','address':'3a77b41ec3','length':65536}"
            + " | rules[0].length | must be an integer 0..65535",
        "{'type':'ACTION_REDIRECT'} | rules[0].address | required",
        "42 | rules[0] | must be an object",
      })
  void shouldNameTheFieldAndReasonOfABadRule(String rule, String path, String reason)
      throws Exception {
    Object json = parse("[" + rule.replace('\'', '"') + "]");

    assertThatThrownBy(() -> RuleJson.fromJson(json))
        .isInstanceOfSatisfying(
            RuleJsonException.class,
            e -> {
              assertThat(e.path()).isEqualTo(path);
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e).hasMessage(path + ": " + reason);
            });
  }

  @Test
  void shouldPointAtTheRuleThatIsWrong() throws Exception {
    Object json =
        parse(
            """
            [{"type":"MATCH_ETHERTYPE","etherType":2048},{"type":"ACTION_DROP"},
             {"type":"MATCH_IP_PROTOCOL","ipProtocol":6},{"type":"MATCH_ETHERTYPE","etherType":-1},
             {"type":"ACTION_ACCEPT"}]
            """);

    assertThatThrownBy(() -> RuleJson.fromJson(json))
        .hasMessage("rules[3].etherType: must be an integer 0..65535");
    assertThatThrownBy(() -> RuleJson.fromJson(json, "capabilities[2].rules", 4))
        .hasMessage("capabilities[2].rules: at most 4 rules (got 5)");
  }

  @Test
  void shouldRejectSomethingThatIsNotAListOfRules() throws Exception {
    List<Object> tooMany =
        new ArrayList<>(
            Collections.nCopies(RuleCodec.MAX_NETWORK_RULES + 1, Map.of("type", "ACTION_ACCEPT")));

    assertThatThrownBy(() -> RuleJson.fromJson(parse("{\"type\":\"ACTION_ACCEPT\"}")))
        .hasMessage("rules: must be an array");
    assertThatThrownBy(() -> RuleJson.fromJson(tooMany))
        .hasMessage("rules: at most 1024 rules (got 1025)");
  }
}
