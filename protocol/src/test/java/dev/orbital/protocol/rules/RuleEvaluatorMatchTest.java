package dev.orbital.protocol.rules;

import static dev.orbital.protocol.rules.Frames.TCP;
import static dev.orbital.protocol.rules.Frames.UDP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.MacAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Each match type on a frame it matches and one it does not. */
class RuleEvaluatorMatchTest {

  static final Address LOCAL = Address.parse("e7745d5aa3");
  static final Address B = SampleRules.NODE_B;
  static final Address C = SampleRules.NODE_C;
  static final MacAddress MAC_B = MacAddress.parse("32:3a:77:b4:1e:c3");
  static final MacAddress MAC_C = MacAddress.parse("32:a4:c9:0e:16:e5");
  static final int IPV4 = RuleEvaluator.ETHERTYPE_IPV4;
  static final int IPV6 = RuleEvaluator.ETHERTYPE_IPV6;
  static final int ARP = RuleEvaluator.ETHERTYPE_ARP;

  private final AtomicInteger draw = new AtomicInteger();
  private final RuleEvaluator evaluator = new RuleEvaluator(LOCAL, false, draw::get);

  /** Outbound from B to C unless changed. */
  static FrameContext.Builder frame(int etherType, byte[] payload) {
    return FrameContext.builder()
        .source(B)
        .destination(C)
        .sourceMac(MAC_B)
        .destinationMac(MAC_C)
        .etherType(etherType)
        .payload(payload);
  }

  /** [rule, ACCEPT]: accepted exactly when the rule matches. */
  private boolean matches(Rule rule, FrameContext.Builder frame) {
    return evaluator.filter(frame.build(), List.of(rule, new Rule.ActionAccept())).accepted();
  }

  private static final byte[] UDP_V4 =
      Frames.ipv4(0x28, UDP, "10.147.20.99", "10.147.20.71", Frames.udp(5353, 53));
  private static final byte[] TCP_V4_SYN =
      Frames.ipv4(TCP, Frames.tcp(40000, 22, (int) Rule.CHARACTERISTICS_TCP_SYN));
  private static final byte[] TCP_V6 =
      Frames.ipv6(0, Frames.extension(TCP, Frames.tcp(40000, 443, 0x012)));

  @Test
  void shouldMatchZeroTierAddresses() {
    assertThat(matches(new Rule.MatchSourceZeroTierAddress(B), frame(IPV4, UDP_V4))).isTrue();
    assertThat(matches(new Rule.MatchSourceZeroTierAddress(C), frame(IPV4, UDP_V4))).isFalse();
    assertThat(matches(new Rule.MatchDestZeroTierAddress(C), frame(IPV4, UDP_V4))).isTrue();
    assertThat(matches(new Rule.MatchDestZeroTierAddress(B), frame(IPV4, UDP_V4))).isFalse();
  }

  @Test
  void shouldMatchVlanIdAndTreatPcpAndDeiAsStockDoes() {
    assertThat(matches(new Rule.MatchVlanId(42), frame(IPV4, UDP_V4).vlanId(42))).isTrue();
    assertThat(matches(new Rule.MatchVlanId(42), frame(IPV4, UDP_V4))).isFalse();
    // stock does not read PCP/DEI from the frame: only a rule value of 0 matches
    assertThat(matches(new Rule.MatchVlanPcp(0), frame(IPV4, UDP_V4))).isTrue();
    assertThat(matches(new Rule.MatchVlanPcp(3), frame(IPV4, UDP_V4))).isFalse();
    assertThat(matches(new Rule.MatchVlanDei(0), frame(IPV4, UDP_V4))).isTrue();
    assertThat(matches(new Rule.MatchVlanDei(1), frame(IPV4, UDP_V4))).isFalse();
  }

  @Test
  void shouldMatchMacAddresses() {
    assertThat(matches(new Rule.MatchMacSource(MAC_B), frame(IPV4, UDP_V4))).isTrue();
    assertThat(matches(new Rule.MatchMacSource(MAC_C), frame(IPV4, UDP_V4))).isFalse();
    assertThat(matches(new Rule.MatchMacDest(MAC_C), frame(IPV4, UDP_V4))).isTrue();
    assertThat(matches(new Rule.MatchMacDest(MAC_B), frame(IPV4, UDP_V4))).isFalse();
  }

  @Test
  void shouldMatchIpv4SourceAndDestination() {
    Ipv4Cidr net = Ipv4Cidr.parse("10.147.20.0/24");
    byte[] outside = Frames.ipv4(0, UDP, "192.168.1.5", "8.8.8.8", Frames.udp(1, 2));

    assertThat(matches(new Rule.MatchIpv4Source(net), frame(IPV4, UDP_V4))).isTrue();
    assertThat(matches(new Rule.MatchIpv4Source(net), frame(IPV4, outside))).isFalse();
    assertThat(
            matches(new Rule.MatchIpv4Dest(Ipv4Cidr.parse("10.147.20.71/32")), frame(IPV4, UDP_V4)))
        .isTrue();
    assertThat(matches(new Rule.MatchIpv4Dest(net), frame(IPV4, outside))).isFalse();
    assertThat(matches(new Rule.MatchIpv4Source(net), frame(ARP, UDP_V4))).isFalse();
    assertThat(matches(new Rule.MatchIpv4Source(net), frame(IPV4, new byte[19]))).isFalse();
  }

  @Test
  void shouldMatchIpv6SourceAndDestination() {
    assertThat(matches(new Rule.MatchIpv6Source(Ipv6Cidr.parse("fd00::/8")), frame(IPV6, TCP_V6)))
        .isTrue();
    assertThat(matches(new Rule.MatchIpv6Source(Ipv6Cidr.parse("fe80::/10")), frame(IPV6, TCP_V6)))
        .isFalse();
    assertThat(matches(new Rule.MatchIpv6Dest(Ipv6Cidr.parse("fd00::71/128")), frame(IPV6, TCP_V6)))
        .isTrue();
    assertThat(matches(new Rule.MatchIpv6Dest(Ipv6Cidr.parse("fd00::71/128")), frame(IPV4, TCP_V6)))
        .isFalse();
  }

  @Test
  void shouldMatchMaskedTosAndTrafficClass() {
    Rule.MatchIpTos af11 = new Rule.MatchIpTos(0xfc, 0x20, 0x28);
    byte[] tos30 = Frames.ipv4(0x30, UDP, "10.0.0.1", "10.0.0.2", Frames.udp(1, 2));
    byte[] v6Class28 = Frames.ipv6(0x2b, UDP, "fd00::1", "fd00::2", Frames.udp(1, 2));

    assertThat(matches(af11, frame(IPV4, UDP_V4))).isTrue();
    assertThat(matches(af11, frame(IPV4, tos30))).isFalse();
    assertThat(matches(af11, frame(IPV6, v6Class28))).isTrue();
    assertThat(matches(af11, frame(IPV6, TCP_V6))).isFalse();
  }

  @Test
  void shouldMatchIpProtocolPastIpv6ExtensionHeaders() {
    assertThat(matches(new Rule.MatchIpProtocol(UDP), frame(IPV4, UDP_V4))).isTrue();
    assertThat(matches(new Rule.MatchIpProtocol(TCP), frame(IPV4, UDP_V4))).isFalse();
    assertThat(matches(new Rule.MatchIpProtocol(TCP), frame(IPV6, TCP_V6))).isTrue();
    assertThat(matches(new Rule.MatchIpProtocol(0), frame(IPV6, TCP_V6))).isFalse();
  }

  @Test
  void shouldMatchEtherType() {
    assertThat(matches(new Rule.MatchEtherType(IPV4), frame(IPV4, UDP_V4))).isTrue();
    assertThat(matches(new Rule.MatchEtherType(IPV6), frame(IPV4, UDP_V4))).isFalse();
  }

  @Test
  void shouldMatchIcmpTypeAndCodeOnlyWhenTheCodeIsSignificant() {
    byte[] unreachable = Frames.ipv4(1, Frames.icmp(3, 4));
    byte[] echoV6 = Frames.ipv6(58, Frames.icmp(128, 0));

    assertThat(matches(new Rule.MatchIcmp(3, null), frame(IPV4, unreachable))).isTrue();
    assertThat(matches(new Rule.MatchIcmp(3, 4), frame(IPV4, unreachable))).isTrue();
    assertThat(matches(new Rule.MatchIcmp(3, 1), frame(IPV4, unreachable))).isFalse();
    assertThat(matches(new Rule.MatchIcmp(8, null), frame(IPV4, unreachable))).isFalse();
    assertThat(matches(new Rule.MatchIcmp(3, null), frame(IPV4, UDP_V4))).isFalse();
    assertThat(matches(new Rule.MatchIcmp(128, 0), frame(IPV6, echoV6))).isTrue();
    assertThat(matches(new Rule.MatchIcmp(129, null), frame(IPV6, echoV6))).isFalse();
  }

  @Test
  void shouldMatchPortRangesOfPortProtocolsOnly() {
    assertThat(matches(new Rule.MatchIpSourcePortRange(5000, 6000), frame(IPV4, UDP_V4))).isTrue();
    assertThat(matches(new Rule.MatchIpSourcePortRange(53, 53), frame(IPV4, UDP_V4))).isFalse();
    assertThat(matches(new Rule.MatchIpDestPortRange(53, 53), frame(IPV4, UDP_V4))).isTrue();
    assertThat(matches(new Rule.MatchIpDestPortRange(443, 443), frame(IPV6, TCP_V6))).isTrue();
    assertThat(matches(new Rule.MatchIpDestPortRange(22, 22), frame(IPV6, TCP_V6))).isFalse();
    byte[] icmp = Frames.ipv4(1, Frames.icmp(0, 53));
    assertThat(matches(new Rule.MatchIpDestPortRange(0, 65535), frame(IPV4, icmp))).isFalse();
  }

  @Test
  void shouldNeverMatchPortZeroOnIpv6AsStockDoes() {
    byte[] zeroV4 = Frames.ipv4(UDP, Frames.udp(0, 53));
    byte[] zeroV6 = Frames.ipv6(UDP, Frames.udp(0, 53));

    assertThat(matches(new Rule.MatchIpSourcePortRange(0, 10), frame(IPV4, zeroV4))).isTrue();
    assertThat(matches(new Rule.MatchIpSourcePortRange(0, 10), frame(IPV6, zeroV6))).isFalse();
  }

  @Test
  void shouldMatchDirectionAndDestinationKindCharacteristics() {
    Rule inbound = new Rule.MatchCharacteristics(Rule.CHARACTERISTICS_INBOUND);
    Rule multicast = new Rule.MatchCharacteristics(Rule.CHARACTERISTICS_MULTICAST);
    Rule broadcast = new Rule.MatchCharacteristics(Rule.CHARACTERISTICS_BROADCAST);

    assertThat(matches(inbound, frame(IPV4, UDP_V4).inbound(true))).isTrue();
    assertThat(matches(inbound, frame(IPV4, UDP_V4))).isFalse();
    assertThat(matches(multicast, frame(IPV4, UDP_V4).destinationMac(MacAddress.BROADCAST)))
        .isTrue();
    assertThat(matches(broadcast, frame(IPV4, UDP_V4).destinationMac(MacAddress.BROADCAST)))
        .isTrue();
    assertThat(
            matches(
                broadcast,
                frame(IPV4, UDP_V4).destinationMac(MacAddress.parse("01:00:5e:00:00:fb"))))
        .isFalse();
    assertThat(matches(multicast, frame(IPV4, UDP_V4))).isFalse();
  }

  @Test
  void shouldMatchTcpFlagCharacteristicsOnIpv4AndIpv6() {
    Rule syn = new Rule.MatchCharacteristics(Rule.CHARACTERISTICS_TCP_SYN);
    Rule ack = new Rule.MatchCharacteristics(Rule.CHARACTERISTICS_TCP_ACK);
    Rule ns = new Rule.MatchCharacteristics(0x100);

    assertThat(matches(syn, frame(IPV4, TCP_V4_SYN))).isTrue();
    assertThat(matches(ack, frame(IPV4, TCP_V4_SYN))).isFalse();
    assertThat(matches(syn, frame(IPV4, UDP_V4))).isFalse();
    assertThat(matches(ack, frame(IPV6, TCP_V6))).isTrue();
    assertThat(matches(ns, frame(IPV4, Frames.ipv4(TCP, Frames.tcp(1, 2, 0x100))))).isTrue();
    assertThat(matches(syn, frame(IPV4, Frames.ipv4(TCP, new byte[10])))).isFalse();
  }

  @Test
  void shouldAskOwnershipAboutTheSourceIpAndMac() {
    List<String> asked = new ArrayList<>();
    SenderOwnership owns10 =
        new SenderOwnership() {
          @Override
          public boolean ownsIp(byte[] bytes, int offset, int length) {
            byte[] ip = Arrays.copyOfRange(bytes, offset, offset + length);
            String text =
                length == 4
                    ? IpText.formatIpv4(ByteBuffer.wrap(ip).getInt())
                    : IpText.formatIpv6(ip);
            asked.add(text);
            return ip[0] == 10;
          }

          @Override
          public boolean ownsMac(long mac) {
            return mac == MAC_B.value();
          }
        };
    Rule ipAuthenticated =
        new Rule.MatchCharacteristics(Rule.CHARACTERISTICS_SENDER_IP_AUTHENTICATED);
    Rule macAuthenticated =
        new Rule.MatchCharacteristics(Rule.CHARACTERISTICS_SENDER_MAC_AUTHENTICATED);
    byte[] foreign = Frames.ipv4(0, UDP, "192.168.1.5", "10.147.20.71", Frames.udp(1, 2));

    assertThat(matches(ipAuthenticated, frame(IPV4, UDP_V4).ownership(owns10))).isTrue();
    assertThat(matches(ipAuthenticated, frame(IPV4, foreign).ownership(owns10))).isFalse();
    assertThat(
            matches(
                ipAuthenticated, frame(ARP, Frames.arp("10.1.1.1", "10.1.1.2")).ownership(owns10)))
        .isTrue();
    assertThat(matches(ipAuthenticated, frame(IPV4, UDP_V4))).isFalse();
    assertThat(matches(macAuthenticated, frame(IPV4, UDP_V4).ownership(owns10))).isTrue();
    assertThat(matches(macAuthenticated, frame(IPV4, UDP_V4).ownership(owns10).sourceMac(MAC_C)))
        .isFalse();
    // every characteristics match asks about both IP and MAC, as stock computes both bits
    assertThat(asked)
        .containsExactly("10.147.20.99", "192.168.1.5", "10.1.1.1", "10.147.20.99", "10.147.20.99");
  }

  @Test
  void shouldTreatNeighborSolicitationsAsAuthenticatedAndCheckAdvertisementTargets() {
    Rule ipAuthenticated =
        new Rule.MatchCharacteristics(Rule.CHARACTERISTICS_SENDER_IP_AUTHENTICATED);
    List<String> asked = new ArrayList<>();
    SenderOwnership recording =
        new SenderOwnership() {
          @Override
          public boolean ownsIp(byte[] bytes, int offset, int length) {
            asked.add(IpText.formatIpv6(Arrays.copyOfRange(bytes, offset, offset + 16)));
            return false;
          }

          @Override
          public boolean ownsMac(long mac) {
            return false;
          }
        };
    byte[] solicitation =
        Frames.ipv6(0, 58, "::", "ff02::1:ff00:71", Frames.neighbor(135, "fd00::71"));
    byte[] advertisement =
        Frames.ipv6(0, 58, "fe80::1", "fe80::2", Frames.neighbor(136, "fd00::99"));

    assertThat(matches(ipAuthenticated, frame(IPV6, solicitation).ownership(recording))).isTrue();
    assertThat(matches(ipAuthenticated, frame(IPV6, advertisement).ownership(recording))).isFalse();
    assertThat(matches(ipAuthenticated, frame(IPV6, TCP_V6).ownership(recording))).isFalse();
    assertThat(asked).containsExactly("fd00::99", "fd00::99");
  }

  @Test
  void shouldMatchFrameSizeRange() {
    assertThat(matches(new Rule.MatchFrameSizeRange(28, 28), frame(IPV4, UDP_V4))).isTrue();
    assertThat(matches(new Rule.MatchFrameSizeRange(29, 1500), frame(IPV4, UDP_V4))).isFalse();
  }

  @Test
  void shouldMatchRandomWhenTheDrawIsAtMostTheProbability() {
    draw.set(0x7fff_ffff);
    assertThat(matches(new Rule.MatchRandom(0x7fff_ffffL), frame(IPV4, UDP_V4))).isTrue();
    assertThat(matches(new Rule.MatchRandom(0x7fff_fffeL), frame(IPV4, UDP_V4))).isFalse();
    draw.set(-1);
    assertThat(matches(new Rule.MatchRandom(0xffff_ffffL), frame(IPV4, UDP_V4))).isTrue();
    assertThat(matches(new Rule.MatchRandom(0), frame(IPV4, UDP_V4))).isFalse();
  }

  @Test
  void shouldCompareLocalAndRemoteTagsWithEachOperator() {
    // inbound: the sender is the remote end, the receiver is this node
    FrameContext.Builder inbound =
        frame(IPV4, UDP_V4)
            .inbound(true)
            .senderTags(Tags.of(1, 0b1100))
            .receiverTags(Tags.of(1, 0b1010));

    assertThat(matches(new Rule.MatchTagsDifference(1, 2), inbound)).isTrue();
    assertThat(matches(new Rule.MatchTagsDifference(1, 1), inbound)).isFalse();
    assertThat(matches(new Rule.MatchTagsBitwiseAnd(1, 0b1000), inbound)).isTrue();
    assertThat(matches(new Rule.MatchTagsBitwiseAnd(1, 0b1100), inbound)).isFalse();
    assertThat(matches(new Rule.MatchTagsBitwiseOr(1, 0b1110), inbound)).isTrue();
    assertThat(matches(new Rule.MatchTagsBitwiseOr(1, 0b1111), inbound)).isFalse();
    assertThat(matches(new Rule.MatchTagsBitwiseXor(1, 0b0110), inbound)).isTrue();
    assertThat(matches(new Rule.MatchTagsBitwiseXor(1, 0), inbound)).isFalse();
    assertThat(matches(new Rule.MatchTagsEqual(1, 0b1100), inbound)).isFalse();
    FrameContext.Builder same =
        frame(IPV4, UDP_V4).senderTags(Tags.of(1, 7)).receiverTags(Tags.of(1, 7));
    assertThat(matches(new Rule.MatchTagsEqual(1, 7), same)).isTrue();
  }

  @Test
  void shouldBeStrictAboutAMissingRemoteTagOnlyInbound() {
    Rule sameTeam = new Rule.MatchTagsEqual(1, 7);
    // outbound: this node is the sender; the receiver's tags may not have arrived yet
    assertThat(matches(sameTeam, frame(IPV4, UDP_V4).senderTags(Tags.of(1, 7)))).isTrue();
    assertThat(matches(sameTeam, frame(IPV4, UDP_V4).inbound(true).receiverTags(Tags.of(1, 7))))
        .isFalse();
    // a tag this node does not hold never matches
    assertThat(matches(sameTeam, frame(IPV4, UDP_V4).receiverTags(Tags.of(1, 7)))).isFalse();
  }

  @Test
  void shouldMatchSenderAndReceiverTags() {
    Rule senderIs7 = new Rule.MatchTagSender(1, 7);
    Rule receiverIs7 = new Rule.MatchTagReceiver(1, 7);

    assertThat(matches(senderIs7, frame(IPV4, UDP_V4).senderTags(Tags.of(1, 7)))).isTrue();
    assertThat(matches(senderIs7, frame(IPV4, UDP_V4).senderTags(Tags.of(1, 8)))).isFalse();
    assertThat(matches(senderIs7, frame(IPV4, UDP_V4).inbound(true))).isFalse();
    assertThat(matches(receiverIs7, frame(IPV4, UDP_V4).inbound(true).receiverTags(Tags.of(1, 7))))
        .isTrue();
    assertThat(matches(receiverIs7, frame(IPV4, UDP_V4).receiverTags(Tags.of(1, 6)))).isFalse();
    // outbound with the receiver's tag unknown: not strict, as stock
    assertThat(matches(receiverIs7, frame(IPV4, UDP_V4))).isTrue();
  }

  @Test
  void shouldReadIntegerRangesAtStocksOffsets() {
    byte[] payload = new byte[32];
    payload[10] = 0x12; // little-endian u16 at 10 = 0x3412
    payload[11] = 0x34;
    payload[16] = 0x00; // big-endian u16 "at 10" is read from 10 + 8 - 2 = 16
    payload[17] = 0x50;

    assertThat(
            matches(
                Rule.MatchIntegerRange.of(0x3412, 0x3412, 10, true, 16), frame(0x88b5, payload)))
        .isTrue();
    assertThat(
            matches(
                Rule.MatchIntegerRange.of(0x3413, 0xffff, 10, true, 16), frame(0x88b5, payload)))
        .isFalse();
    assertThat(
            matches(Rule.MatchIntegerRange.of(0x40, 0x60, 10, false, 16), frame(0x88b5, payload)))
        .isTrue();
    assertThat(
            matches(
                Rule.MatchIntegerRange.of(0x1234, 0x1234, 10, false, 16), frame(0x88b5, payload)))
        .isFalse();
  }

  @Test
  void shouldEvaluateUnknownMatchesAsTheNetworkFlagSays() {
    Rule unknown = new Rule.UnknownRule(60, new byte[] {1}, false, false);
    RuleEvaluator permissive =
        RuleEvaluator.forNetwork(
            LOCAL, 0x02 | RuleEvaluator.FLAG_RULES_RESULT_OF_UNSUPPORTED_MATCH, draw::get);
    RuleEvaluator strict = RuleEvaluator.forNetwork(LOCAL, 0x02 | 0x04, draw::get);
    List<Rule> rules = List.of(unknown, new Rule.ActionAccept());

    assertThat(matches(unknown, frame(IPV4, UDP_V4))).isFalse();
    assertThat(permissive.filter(frame(IPV4, UDP_V4).build(), rules).accepted()).isTrue();
    assertThat(strict.filter(frame(IPV4, UDP_V4).build(), rules).accepted()).isFalse();
  }
}
