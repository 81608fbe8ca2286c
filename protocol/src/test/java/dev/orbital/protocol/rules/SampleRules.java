package dev.orbital.protocol.rules;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.MacAddress;
import java.util.List;

/** One rule of every known type, with a mix of NOT/OR flags. */
final class SampleRules {

  private SampleRules() {}

  static final Address NODE_B = Address.parse("3a77b41ec3");
  static final Address NODE_C = Address.parse("a4c90e16e5");

  static List<Rule> everyKnownType() {
    return List.of(
        new Rule.MatchSourceZeroTierAddress(NODE_B, false, false),
        new Rule.MatchDestZeroTierAddress(NODE_C, true, false),
        new Rule.MatchVlanId(42, false, true),
        new Rule.MatchVlanPcp(3),
        new Rule.MatchVlanDei(1),
        new Rule.MatchMacSource(MacAddress.parse("32:3a:77:b4:1e:c3")),
        new Rule.MatchMacDest(MacAddress.parse("ff:ff:ff:ff:ff:ff"), true, true),
        new Rule.MatchIpv4Source(Ipv4Cidr.parse("10.147.20.0/24")),
        new Rule.MatchIpv4Dest(Ipv4Cidr.parse("10.147.20.99/32"), true, false),
        new Rule.MatchIpv6Source(Ipv6Cidr.parse("fde7:745d:5aa3:c51d:ef99:933a:77b4:1ec3/128")),
        new Rule.MatchIpv6Dest(Ipv6Cidr.parse("fd00::/8")),
        new Rule.MatchIpTos(0xfc, 0x20, 0x28),
        new Rule.MatchIpProtocol(17),
        new Rule.MatchEtherType(0x0800),
        new Rule.MatchIcmp(8, null),
        new Rule.MatchIcmp(3, 4),
        new Rule.MatchIpSourcePortRange(1024, 65535),
        new Rule.MatchIpDestPortRange(22, 22, true, false),
        new Rule.MatchCharacteristics(Rule.CHARACTERISTICS_INBOUND | Rule.CHARACTERISTICS_TCP_SYN),
        new Rule.MatchFrameSizeRange(0, 1500),
        new Rule.MatchRandom(0x7fff_ffffL),
        new Rule.MatchTagsDifference(1, 10),
        new Rule.MatchTagsBitwiseAnd(2, 0x0f),
        new Rule.MatchTagsBitwiseOr(3, 0xf0),
        new Rule.MatchTagsBitwiseXor(4, 0xffff_ffffL),
        new Rule.MatchTagsEqual(5, 1000),
        new Rule.MatchTagSender(6, 7),
        new Rule.MatchTagReceiver(0xffff_ffffL, 0),
        Rule.MatchIntegerRange.of(0x1000, 0x1fff, 30, true, 16),
        new Rule.ActionTee(NODE_B, 0, 128),
        new Rule.ActionWatch(NODE_C, 1, 0),
        new Rule.ActionRedirect(NODE_B, 0),
        new Rule.ActionBreak(),
        new Rule.ActionDrop(),
        new Rule.ActionAccept());
  }
}
