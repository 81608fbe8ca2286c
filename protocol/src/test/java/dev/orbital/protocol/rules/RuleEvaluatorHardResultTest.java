package dev.orbital.protocol.rules;

import static dev.orbital.protocol.rules.Frames.TCP;
import static dev.orbital.protocol.rules.RuleEvaluatorMatchTest.ARP;
import static dev.orbital.protocol.rules.RuleEvaluatorMatchTest.IPV4;
import static dev.orbital.protocol.rules.RuleEvaluatorMatchTest.IPV6;
import static dev.orbital.protocol.rules.RuleEvaluatorMatchTest.frame;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.MacAddress;
import dev.orbital.protocol.rules.FilterResult.Copy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Match outcomes that stock's {@code _doZtFilter} decides "hard", so that the NOT bit does not
 * invert them, and the outbound unknown-tag result that also skips the next DROP (spec §11.11).
 * Each case is one where {@code matches ^ not} gives another verdict than stock 1.14.1.
 */
class RuleEvaluatorHardResultTest {

  private static final Address D = Address.parse("3b9f8c5447");
  private static final int PROTOCOL_ICMP = 1;
  private static final int PROTOCOL_ICMPV6 = 58;
  private static final byte[] ARP_REQUEST = Frames.arp("10.147.20.99", "10.147.20.71");
  private static final byte[] ECHO_REQUEST = Frames.ipv4(PROTOCOL_ICMP, Frames.icmp(8, 0));
  private static final byte[] ECHO_REPLY = Frames.ipv4(PROTOCOL_ICMP, Frames.icmp(0, 0));
  private static final byte[] TCP_V4 = Frames.ipv4(TCP, Frames.tcp(40000, 22, 0x002));

  private final RuleEvaluator evaluator =
      new RuleEvaluator(RuleEvaluatorMatchTest.LOCAL, false, () -> 0);

  private FilterResult filter(FrameContext.Builder frame, Rule... rules) {
    return evaluator.filter(frame.build(), List.of(rules));
  }

  /** A broadcast from this node: no known receiver, so no receiver tags. */
  private static FrameContext.Builder outboundBroadcast() {
    return frame(ARP, ARP_REQUEST)
        .destination(new Address(0))
        .destinationMac(MacAddress.BROADCAST)
        .senderTags(Tags.of(1, 5));
  }

  @Test
  void shouldCopyAnOutboundBroadcastUnderNotTagsDifferenceBecauseTheUnknownReceiverTagIsHardYes() {
    FilterResult result =
        filter(
            outboundBroadcast(),
            new Rule.MatchTagsDifference(1, 0, true, false),
            new Rule.ActionTee(D, 0, 0),
            new Rule.ActionAccept());

    assertThat(result.accepted()).isTrue();
    assertThat(result.copies()).containsExactly(new Copy(D, ARP_REQUEST.length, false, 0));
  }

  @Test
  void shouldNotCopyAnInboundBroadcastUnderNotTagsDifferenceBecauseTheUnknownSenderTagIsHardNo() {
    FrameContext.Builder inbound =
        frame(ARP, ARP_REQUEST)
            .inbound(true)
            .destination(RuleEvaluatorMatchTest.LOCAL)
            .destinationMac(MacAddress.BROADCAST)
            .receiverTags(Tags.of(1, 5));

    FilterResult result =
        filter(
            inbound,
            new Rule.MatchTagsDifference(1, 0, true, false),
            new Rule.ActionTee(D, 0, 0),
            new Rule.ActionAccept());

    assertThat(result).isSameAs(FilterResult.ACCEPTED);
  }

  @Test
  void shouldAcceptArpUnderNotIpProtocolDropBecauseANonIpFrameIsHardNo() {
    Rule[] rules = {
      new Rule.MatchIpProtocol(TCP, true, false), new Rule.ActionDrop(), new Rule.ActionAccept()
    };

    assertThat(filter(frame(ARP, ARP_REQUEST), rules)).isSameAs(FilterResult.ACCEPTED);
    assertThat(filter(frame(IPV4, ECHO_REQUEST), rules)).isSameAs(FilterResult.DROPPED);
    assertThat(filter(frame(IPV4, TCP_V4), rules)).isSameAs(FilterResult.ACCEPTED);
  }

  @Test
  void shouldTreatNotIcmpTypeWithoutACodeLikeIcmpType() {
    Rule[] rules = {
      new Rule.MatchIcmp(8, 0, 0, true, false), new Rule.ActionDrop(), new Rule.ActionAccept()
    };

    // another type: hard no, so the DROP is not taken
    assertThat(filter(frame(IPV4, ECHO_REPLY), rules)).isSameAs(FilterResult.ACCEPTED);
    // the type matches and the code is not significant: hard yes, so the DROP is taken
    assertThat(filter(frame(IPV4, ECHO_REQUEST), rules)).isSameAs(FilterResult.DROPPED);
    // not ICMP at all: hard no
    assertThat(filter(frame(IPV4, TCP_V4), rules)).isSameAs(FilterResult.ACCEPTED);
  }

  @Test
  void shouldInvertOnlyTheCodeOfAnIcmpMatchWithASignificantCode() {
    Rule[] notEchoRequestCode0 = {
      new Rule.MatchIcmp(8, 0, Rule.MatchIcmp.FLAG_CODE_SIGNIFICANT, true, false),
      new Rule.ActionDrop(),
      new Rule.ActionAccept()
    };
    byte[] echoRequestCode1 = Frames.ipv4(PROTOCOL_ICMP, Frames.icmp(8, 1));
    byte[] echoRequestV6Code1 = Frames.ipv6(PROTOCOL_ICMPV6, Frames.icmp(128, 1));

    assertThat(filter(frame(IPV4, echoRequestCode1), notEchoRequestCode0))
        .isSameAs(FilterResult.DROPPED);
    assertThat(filter(frame(IPV4, ECHO_REQUEST), notEchoRequestCode0))
        .isSameAs(FilterResult.ACCEPTED);
    assertThat(filter(frame(IPV4, ECHO_REPLY), notEchoRequestCode0))
        .isSameAs(FilterResult.ACCEPTED);
    assertThat(
            filter(
                frame(IPV6, echoRequestV6Code1),
                new Rule.MatchIcmp(128, 0, Rule.MatchIcmp.FLAG_CODE_SIGNIFICANT, true, false),
                new Rule.ActionDrop(),
                new Rule.ActionAccept()))
        .isSameAs(FilterResult.DROPPED);
  }

  @Test
  void shouldSkipTheNextDropOnceWhenTheReceiverTagIsUnknownOutbound() {
    FrameContext.Builder outbound = frame(IPV4, TCP_V4).senderTags(Tags.of(1, 5));

    assertThat(
            filter(
                outbound,
                new Rule.MatchTagsDifference(1, 0),
                new Rule.ActionDrop(),
                new Rule.ActionAccept()))
        .isSameAs(FilterResult.ACCEPTED);
    // the skip is used up by the first DROP taken; a second one in a true set drops
    assertThat(
            filter(
                outbound,
                new Rule.MatchTagsDifference(1, 0),
                new Rule.ActionDrop(),
                new Rule.ActionDrop(),
                new Rule.ActionAccept()))
        .isSameAs(FilterResult.DROPPED);
    // a DROP not reached with a true set does not use it up: the next one taken is skipped
    assertThat(
            filter(
                    outbound,
                    new Rule.MatchTagsDifference(1, 0),
                    new Rule.ActionTee(D, 0, 0),
                    new Rule.MatchEtherType(ARP),
                    new Rule.ActionDrop(),
                    new Rule.ActionDrop(),
                    new Rule.ActionAccept())
                .accepted())
        .isTrue();
    assertThat(
            filter(
                outbound.receiverTags(Tags.of(1, 9)),
                new Rule.MatchTagsDifference(1, 0, true, false),
                new Rule.ActionDrop(),
                new Rule.ActionAccept()))
        .isSameAs(FilterResult.DROPPED);
  }

  @Test
  void shouldSkipTheNextDropForAnUnknownReceiverTagOfTagReceiver() {
    assertThat(
            filter(
                frame(IPV4, TCP_V4),
                new Rule.MatchTagReceiver(1, 7),
                new Rule.ActionDrop(),
                new Rule.ActionAccept()))
        .isSameAs(FilterResult.ACCEPTED);
  }

  @Test
  void shouldNotInvertAMissingLocalTag() {
    Rule[] notSameTeam = {
      new Rule.MatchTagsEqual(1, 7, true, false), new Rule.ActionDrop(), new Rule.ActionAccept()
    };
    Rule[] notSenderIs7 = {
      new Rule.MatchTagSender(1, 7, true, false), new Rule.ActionDrop(), new Rule.ActionAccept()
    };

    assertThat(filter(frame(IPV4, TCP_V4).receiverTags(Tags.of(1, 7)), notSameTeam))
        .isSameAs(FilterResult.ACCEPTED);
    assertThat(filter(frame(IPV4, TCP_V4).inbound(true).senderTags(Tags.of(1, 7)), notSameTeam))
        .isSameAs(FilterResult.ACCEPTED);
    assertThat(filter(frame(IPV4, TCP_V4), notSenderIs7)).isSameAs(FilterResult.ACCEPTED);
    // an unknown sender tag inbound is a hard no as well
    assertThat(filter(frame(IPV4, TCP_V4).inbound(true), notSenderIs7))
        .isSameAs(FilterResult.ACCEPTED);
  }

  @Test
  void shouldTreatIpAddressTosAndPortMatchesOnOtherFramesAsHardNo() {
    Rule[] notFromNet = {
      new Rule.MatchIpv4Source(Ipv4Cidr.parse("10.0.0.0/8"), true, false),
      new Rule.ActionDrop(),
      new Rule.ActionAccept()
    };
    Rule[] notToV6Net = {
      new Rule.MatchIpv6Dest(Ipv6Cidr.parse("fd00::/8"), true, false),
      new Rule.ActionDrop(),
      new Rule.ActionAccept()
    };
    Rule[] notSsh = {
      new Rule.MatchIpDestPortRange(22, 22, true, false),
      new Rule.ActionDrop(),
      new Rule.ActionAccept()
    };

    assertThat(filter(frame(ARP, ARP_REQUEST), notFromNet)).isSameAs(FilterResult.ACCEPTED);
    assertThat(filter(frame(IPV4, TCP_V4), notToV6Net)).isSameAs(FilterResult.ACCEPTED);
    assertThat(filter(frame(ARP, ARP_REQUEST), notSsh)).isSameAs(FilterResult.ACCEPTED);
    // an IP protocol without ports is a plain no, which NOT inverts
    assertThat(filter(frame(IPV4, ECHO_REQUEST), notSsh)).isSameAs(FilterResult.DROPPED);
  }
}
