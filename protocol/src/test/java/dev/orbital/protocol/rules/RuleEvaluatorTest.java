package dev.orbital.protocol.rules;

import static dev.orbital.protocol.rules.Frames.TCP;
import static dev.orbital.protocol.rules.Frames.UDP;
import static dev.orbital.protocol.rules.RuleEvaluatorMatchTest.B;
import static dev.orbital.protocol.rules.RuleEvaluatorMatchTest.C;
import static dev.orbital.protocol.rules.RuleEvaluatorMatchTest.IPV4;
import static dev.orbital.protocol.rules.RuleEvaluatorMatchTest.IPV6;
import static dev.orbital.protocol.rules.RuleEvaluatorMatchTest.LOCAL;
import static dev.orbital.protocol.rules.RuleEvaluatorMatchTest.frame;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.rules.FilterResult.Copy;
import dev.orbital.protocol.rules.FilterResult.Verdict;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How matches combine into sets and how actions, BREAK and capabilities decide. */
class RuleEvaluatorTest {

  private static final Address D = Address.parse("3b9f8c5447");
  private static final byte[] UDP_V4 = Frames.ipv4(UDP, Frames.udp(5353, 53));
  private static final byte[] TCP_V4 = Frames.ipv4(TCP, Frames.tcp(40000, 22, 0x002));
  private static final byte[] UDP_V6 = Frames.ipv6(UDP, Frames.udp(5353, 53));
  private static final byte[] ARP_REQUEST = Frames.arp("10.147.20.99", "10.147.20.71");

  private final AtomicInteger draws = new AtomicInteger();
  private final RuleEvaluator evaluator =
      new RuleEvaluator(LOCAL, false, () -> draws.getAndIncrement() * 0);

  private FilterResult filter(FrameContext.Builder frame, Rule... rules) {
    return evaluator.filter(frame.build(), List.of(rules));
  }

  private static Rule not(Rule.MatchEtherType rule) {
    return new Rule.MatchEtherType(rule.etherType(), true, false);
  }

  private static Rule or(Rule.MatchEtherType rule) {
    return new Rule.MatchEtherType(rule.etherType(), false, true);
  }

  @Test
  void shouldAcceptIpv4ArpAndIpv6AndDropTheRestWithTheCorpusRules() throws Exception {
    List<Rule> corpus = RuleCodec.decode(RuleCodecTest.corpusNetconfRules());

    assertThat(evaluator.filter(frame(IPV4, UDP_V4).build(), corpus).verdict())
        .isEqualTo(Verdict.ACCEPT);
    assertThat(evaluator.filter(frame(0x0806, ARP_REQUEST).build(), corpus).verdict())
        .isEqualTo(Verdict.ACCEPT);
    assertThat(evaluator.filter(frame(IPV6, UDP_V6).build(), corpus).verdict())
        .isEqualTo(Verdict.ACCEPT);
    assertThat(evaluator.filter(frame(0x88cc, new byte[46]).build(), corpus).verdict())
        .isEqualTo(Verdict.DROP);
    assertThat(evaluator.filter(frame(0x8100, new byte[46]).inbound(true).build(), corpus))
        .isSameAs(FilterResult.DROPPED);
  }

  @Test
  void shouldDropWhenNothingDecides() {
    assertThat(filter(frame(IPV4, UDP_V4))).isSameAs(FilterResult.DROPPED);
    assertThat(filter(frame(IPV4, UDP_V4), new Rule.MatchEtherType(IPV4)))
        .isSameAs(FilterResult.DROPPED);
  }

  @Test
  void shouldTakeAnActionWithNoMatchesBeforeIt() {
    assertThat(filter(frame(IPV4, UDP_V4), new Rule.ActionAccept()))
        .isSameAs(FilterResult.ACCEPTED);
    assertThat(filter(frame(IPV4, UDP_V4), new Rule.ActionDrop(), new Rule.ActionAccept()))
        .isSameAs(FilterResult.DROPPED);
  }

  @Test
  void shouldAndMatchesByDefault() {
    Rule[] tcpOverIpv4 = {
      new Rule.MatchEtherType(IPV4), new Rule.MatchIpProtocol(TCP), new Rule.ActionAccept()
    };

    assertThat(filter(frame(IPV4, TCP_V4), tcpOverIpv4).accepted()).isTrue();
    assertThat(filter(frame(IPV4, UDP_V4), tcpOverIpv4).accepted()).isFalse();
  }

  @Test
  void shouldOrMatchesWithTheOrBit() {
    Rule[] ipOnly = {
      new Rule.MatchEtherType(IPV4), or(new Rule.MatchEtherType(IPV6)), new Rule.ActionAccept()
    };

    assertThat(filter(frame(IPV4, UDP_V4), ipOnly).accepted()).isTrue();
    assertThat(filter(frame(IPV6, UDP_V6), ipOnly).accepted()).isTrue();
    assertThat(filter(frame(0x0806, ARP_REQUEST), ipOnly).accepted()).isFalse();
  }

  @Test
  void shouldInvertAMatchWithTheNotBitEvenWhenOred() {
    // (NOT IPv4) OR (NOT UDP): everything but UDP over IPv4
    Rule[] rules = {
      not(new Rule.MatchEtherType(IPV4)),
      new Rule.MatchIpProtocol(UDP, true, true),
      new Rule.ActionAccept()
    };

    assertThat(filter(frame(IPV4, UDP_V4), rules).accepted()).isFalse();
    assertThat(filter(frame(IPV4, TCP_V4), rules).accepted()).isTrue();
    assertThat(filter(frame(IPV6, UDP_V6), rules).accepted()).isTrue();
  }

  @Test
  void shouldLetALaterOrRescueAFalseSet() {
    // IPv6 AND UDP OR ARP: sets are evaluated left to right with no precedence
    Rule[] rules = {
      new Rule.MatchEtherType(IPV6),
      new Rule.MatchIpProtocol(UDP),
      or(new Rule.MatchEtherType(0x0806)),
      new Rule.ActionAccept()
    };

    assertThat(filter(frame(0x0806, ARP_REQUEST), rules).accepted()).isTrue();
    assertThat(filter(frame(IPV6, UDP_V6), rules).accepted()).isTrue();
    assertThat(filter(frame(IPV4, UDP_V4), rules).accepted()).isFalse();
  }

  @Test
  void shouldSkipAndMatchesOnceTheSetIsFalse() {
    Rule[] rules = {
      new Rule.MatchEtherType(IPV6), new Rule.MatchRandom(0xffff_ffffL), new Rule.ActionAccept()
    };

    filter(frame(IPV4, UDP_V4), rules);
    assertThat(draws).hasValue(0);
    filter(frame(IPV6, UDP_V6), rules);
    assertThat(draws).hasValue(1);
  }

  @Test
  void shouldResetTheSetAtAnActionThatIsNotTaken() {
    Rule[] dropArp = {
      new Rule.MatchEtherType(0x0806), new Rule.ActionDrop(), new Rule.ActionAccept()
    };

    assertThat(filter(frame(IPV4, UDP_V4), dropArp).accepted()).isTrue();
    assertThat(filter(frame(0x0806, ARP_REQUEST), dropArp).accepted()).isFalse();
  }

  @Test
  void shouldTreatPriorityAsAcceptAndUnknownActionsAsNoOps() {
    assertThat(filter(frame(IPV4, UDP_V4), new Rule.ActionPriority()))
        .isSameAs(FilterResult.ACCEPTED);
    assertThat(
            filter(
                frame(IPV4, UDP_V4),
                new Rule.UnknownRule(9, new byte[0], false, false),
                new Rule.ActionAccept()))
        .isSameAs(FilterResult.ACCEPTED);
  }

  @Test
  void shouldCopyOnTeeAndGoOn() {
    FilterResult result =
        filter(
            frame(IPV4, UDP_V4),
            new Rule.ActionTee(D, 7, 16),
            new Rule.MatchIpProtocol(UDP),
            new Rule.ActionAccept());

    assertThat(result.verdict()).isEqualTo(Verdict.ACCEPT);
    assertThat(result.copies()).containsExactly(new Copy(D, 16, false, 7));
    assertThat(result.capability()).isEqualTo(-1);
  }

  @Test
  void shouldCopyTheWholeFrameOnWatchWithoutALength() {
    FilterResult result =
        filter(frame(IPV4, UDP_V4), new Rule.ActionWatch(D, 0, 0), new Rule.ActionAccept());

    assertThat(result.copies()).containsExactly(new Copy(D, UDP_V4.length, true, 0));
  }

  @Test
  void shouldKeepOnlyTheLastCopyOfATableAndNoneWhenDropped() {
    Address e = Address.parse("0123456789");

    assertThat(
            filter(
                    frame(IPV4, UDP_V4),
                    new Rule.ActionTee(D, 0, 0),
                    new Rule.ActionTee(e, 0, 1000),
                    new Rule.ActionAccept())
                .copies())
        .containsExactly(new Copy(e, UDP_V4.length, false, 0));
    assertThat(filter(frame(IPV4, UDP_V4), new Rule.ActionTee(D, 0, 0), new Rule.ActionDrop()))
        .isSameAs(FilterResult.DROPPED);
  }

  @Test
  void shouldNotCopyToTheSenderOrTheDestination() {
    assertThat(
            filter(
                frame(IPV4, UDP_V4),
                new Rule.ActionTee(B, 0, 0),
                new Rule.ActionTee(C, 0, 0),
                new Rule.ActionAccept()))
        .isSameAs(FilterResult.ACCEPTED);
  }

  @Test
  void shouldEndTheTableOnRedirect() {
    FilterResult result =
        filter(frame(IPV4, UDP_V4), new Rule.ActionRedirect(D, 0), new Rule.ActionDrop());

    assertThat(result.verdict()).isEqualTo(Verdict.REDIRECT);
    assertThat(result.redirectTo()).isEqualTo(D);
    assertThat(result.accepted()).isTrue();
  }

  @Test
  void shouldIgnoreARedirectToTheFramesOwnDestination() {
    assertThat(filter(frame(IPV4, UDP_V4), new Rule.ActionRedirect(C, 0), new Rule.ActionDrop()))
        .isSameAs(FilterResult.DROPPED);
  }

  @Test
  void shouldSuperAcceptInboundFramesThisNodeIsATargetOf() {
    FrameContext.Builder inbound = frame(IPV4, UDP_V4).inbound(true).destination(D);

    assertThat(filter(inbound, new Rule.ActionTee(LOCAL, 0, 0), new Rule.ActionDrop()))
        .isSameAs(FilterResult.SUPER_ACCEPTED);
    // outbound, a copy to ourselves is a no-op
    assertThat(
            filter(frame(IPV4, UDP_V4), new Rule.ActionTee(LOCAL, 0, 0), new Rule.ActionAccept()))
        .isSameAs(FilterResult.ACCEPTED);
  }

  @Test
  void shouldSuperAcceptWhenATargetingSetDidNotMatchButTheTableAccepts() {
    FrameContext.Builder inbound = frame(IPV4, UDP_V4).inbound(true).destination(D);
    Rule[] rules = {
      new Rule.MatchEtherType(IPV6),
      new Rule.ActionRedirect(LOCAL, 0),
      new Rule.MatchTagsEqual(1, 5), // sender's tag unknown: passes only when super-accepting
      new Rule.ActionAccept()
    };

    FilterResult result =
        evaluator.filter(inbound.receiverTags(Tags.of(1, 5)).build(), List.of(rules));

    assertThat(result).isSameAs(FilterResult.SUPER_ACCEPTED);
  }

  @Test
  void shouldFallThroughBreakToTheCapabilities() {
    List<Rule> base =
        List.of(new Rule.MatchIpProtocol(TCP), new Rule.ActionBreak(), new Rule.ActionAccept());
    List<List<Rule>> capabilities =
        List.of(
            List.of(new Rule.ActionDrop()),
            List.of(new Rule.MatchIpDestPortRange(80, 80), new Rule.ActionAccept()),
            List.of(new Rule.MatchIpDestPortRange(22, 22), new Rule.ActionAccept()));

    FilterResult ssh = evaluator.filter(frame(IPV4, TCP_V4).build(), base, capabilities);
    FilterResult web =
        evaluator.filter(
            frame(IPV4, Frames.ipv4(TCP, Frames.tcp(1, 443, 0))).build(), base, capabilities);
    FilterResult udp = evaluator.filter(frame(IPV4, UDP_V4).build(), base, capabilities);

    assertThat(ssh.verdict()).isEqualTo(Verdict.ACCEPT);
    assertThat(ssh.capability()).isEqualTo(2);
    assertThat(web).isSameAs(FilterResult.DROPPED);
    assertThat(udp).isSameAs(FilterResult.ACCEPTED);
  }

  @Test
  void shouldNotConsultCapabilitiesAfterABaseDrop() {
    List<List<Rule>> acceptAll = List.of(List.of(new Rule.ActionAccept()));

    assertThat(
            evaluator.filter(
                frame(IPV4, UDP_V4).build(), List.of(new Rule.ActionDrop()), acceptAll))
        .isSameAs(FilterResult.DROPPED);
    assertThat(evaluator.filter(frame(IPV4, UDP_V4).build(), List.of(), acceptAll).capability())
        .isEqualTo(0);
  }

  @Test
  void shouldSendCopiesFromTheBaseRulesAndTheAcceptingCapability() {
    Address e = Address.parse("0123456789");
    List<Rule> base = List.of(new Rule.ActionTee(D, 0, 0), new Rule.ActionBreak());
    List<List<Rule>> capabilities =
        List.of(
            List.of(
                new Rule.ActionTee(LOCAL, 0, 0),
                new Rule.ActionWatch(e, 0, 4),
                new Rule.ActionDrop()),
            List.of(
                new Rule.ActionWatch(e, 0, 8),
                new Rule.ActionRedirect(Address.parse("1111111111"), 0)));

    FilterResult result = evaluator.filter(frame(IPV4, UDP_V4).build(), base, capabilities);

    assertThat(result.verdict()).isEqualTo(Verdict.REDIRECT);
    assertThat(result.redirectTo()).isEqualTo(Address.parse("1111111111"));
    assertThat(result.capability()).isEqualTo(1);
    assertThat(result.copies())
        .containsExactly(new Copy(e, 8, true, 0), new Copy(D, UDP_V4.length, false, 0));
  }

  @Test
  void shouldReadThePayloadAtItsOffsetInALargerBuffer() {
    byte[] buffer = Frames.concat(new byte[14], TCP_V4);
    FrameContext framed = frame(IPV4, UDP_V4).payload(buffer, 14, TCP_V4.length).build();
    List<Rule> sshOnly = List.of(new Rule.MatchIpDestPortRange(22, 22), new Rule.ActionAccept());

    assertThat(evaluator.filter(framed, sshOnly)).isSameAs(FilterResult.ACCEPTED);
  }
}
