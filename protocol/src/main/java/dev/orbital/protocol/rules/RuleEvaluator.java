package dev.orbital.protocol.rules;

import dev.orbital.protocol.Address;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Runs a network's rules on a frame the way stock's {@code _doZtFilter} and {@code
 * Network::filterIncomingPacket / filterOutgoingPacket} do ({@code node/Network.cpp}).
 *
 * <p>A rule table is read in order. Consecutive matches form a set that starts true; each match is
 * ANDed into it (ORed with the OR bit, inverted with the NOT bit), and an AND into a false set is
 * skipped. At an action: if the set is true the action is taken (DROP, ACCEPT, PRIORITY and
 * REDIRECT end the table, TEE and WATCH note a copy and go on, BREAK ends it undecided); if it is
 * false the set resets to true. Running off the end is undecided too.
 *
 * <p>As in stock, some match outcomes are hard: the NOT bit does not invert them (stock's {@code
 * hardYes}/{@code hardNo}). Hard no: an IP match on a frame that is not of that IP version (or
 * whose IPv6 headers cannot be walked), an ICMP match on a frame that is not ICMP or of another
 * type, a tag match naming a tag this node does not hold, and inbound, a tag of the sender that is
 * unknown. Hard yes: an ICMP match without a significant code whose type matches; outbound (or when
 * super-accepting) a tag of the receiver that is unknown, which also makes the table skip the next
 * DROP it would take, once. The base rules run first; if they are undecided, the sender's
 * capabilities run in order until one accepts (a DROP in a capability only ends that capability).
 * Undecided at the end means DROP.
 *
 * <p>Evaluation reads the payload in place and allocates nothing unless it has to report a copy, a
 * redirect or an accepting capability. Stock quirks kept on purpose: VLAN PCP/DEI matches look only
 * at the rule value (0 matches); an IPv6 CIDR whose host bits are set never matches; on IPv6 a port
 * of 0 never matches a port range; MATCH_INTEGER_RANGE in big-endian reads its bytes at {@code idx
 * + 8 - bytes}; IPv6 headers are walked only through hop-by-hop, routing, destination and mobility
 * options. Reads past the payload, which stock does not always guard, count as no match here.
 */
public final class RuleEvaluator {

  /** Network config flag 0x08: what a match of an unknown type evaluates to. */
  public static final long FLAG_RULES_RESULT_OF_UNSUPPORTED_MATCH = 0x08;

  public static final int ETHERTYPE_IPV4 = 0x0800;
  public static final int ETHERTYPE_ARP = 0x0806;
  public static final int ETHERTYPE_IPV6 = 0x86dd;

  private static final int IPV4_MIN_HEADER = 20;
  private static final int IPV6_HEADER = 40;
  private static final int ARP_IPV4_LENGTH = 28;
  private static final int PROTOCOL_ICMP = 1;
  private static final int PROTOCOL_TCP = 6;
  private static final int PROTOCOL_UDP = 17;
  private static final int PROTOCOL_ICMPV6 = 58;
  private static final int PROTOCOL_SCTP = 132;
  private static final int PROTOCOL_UDPLITE = 136;
  private static final int ICMPV6_NEIGHBOR_SOLICITATION = 135;
  private static final int ICMPV6_NEIGHBOR_ADVERTISEMENT = 136;

  // One table's outcome, packed into a long so that evaluating a table allocates nothing:
  // bits 0..7 outcome, 8..31 index+1 of the TEE/WATCH to copy, 32..55 index+1 of the REDIRECT.
  private static final int NO_MATCH = 0;
  private static final int DROP = 1;
  private static final int REDIRECT = 2;
  private static final int ACCEPT = 3;
  private static final int SUPER_ACCEPT = 4;

  // What one match says. NO and YES are inverted by the rule's NOT bit; the hard results are not.
  private static final int NO = 0;
  private static final int YES = 1;
  private static final int HARD_NO = 2;
  private static final int HARD_YES = 3;

  /** A hard yes that also makes the table skip the next DROP it would take (stock's skipDrop). */
  private static final int HARD_YES_SKIP_DROP = 4;

  private final long localAddress;
  private final boolean unsupportedMatchResult;
  private final IntSupplier random;

  /**
   * @param localAddress this node, which TEE/WATCH/REDIRECT targets are compared with
   * @param unsupportedMatchResult the network's "rules result of unsupported match" flag (0x08)
   * @param random source of MATCH_RANDOM draws; all 32 bits are used
   */
  public RuleEvaluator(Address localAddress, boolean unsupportedMatchResult, IntSupplier random) {
    this.localAddress = localAddress.value();
    this.unsupportedMatchResult = unsupportedMatchResult;
    this.random = random;
  }

  /** An evaluator for a network whose config carries {@code networkFlags} (netconf key "f"). */
  public static RuleEvaluator forNetwork(
      Address localAddress, long networkFlags, IntSupplier random) {
    return new RuleEvaluator(
        localAddress, (networkFlags & FLAG_RULES_RESULT_OF_UNSUPPORTED_MATCH) != 0, random);
  }

  /** The base rules alone, with no capabilities to fall back on. */
  public FilterResult filter(FrameContext frame, List<? extends Rule> rules) {
    return filter(frame, rules, List.of());
  }

  /**
   * The base rules, then, if they decide nothing, each of the sender's capabilities (their rule
   * tables in order of capability id) until one accepts.
   */
  public FilterResult filter(
      FrameContext frame,
      List<? extends Rule> rules,
      List<? extends List<? extends Rule>> capabilities) {
    long base = evaluateTable(frame, rules);
    int outcome = outcome(base);
    if (outcome == DROP) {
      return FilterResult.DROPPED;
    }
    int capability = -1;
    long decided = base;
    if (outcome == NO_MATCH) {
      for (int c = 0; c < capabilities.size() && capability < 0; c++) {
        long result = evaluateTable(frame, capabilities.get(c));
        int capabilityOutcome = outcome(result);
        if (capabilityOutcome != NO_MATCH && capabilityOutcome != DROP) {
          capability = c;
          decided = result;
        }
      }
      if (capability < 0) {
        return FilterResult.DROPPED;
      }
    }
    List<? extends Rule> decidingRules = capability < 0 ? rules : capabilities.get(capability);
    int decidedOutcome = outcome(decided);
    int redirectIndex = redirectIndex(decided);
    Address redirectTo = null;
    if (decidedOutcome == REDIRECT) {
      Address target = ((Rule.Forward) decidingRules.get(redirectIndex)).target();
      // Stock redirects only to a non-zero address; a redirect to 0 is a plain accept.
      redirectTo = target.value() != 0 ? target : null;
    }
    int baseCopy = copyIndex(base);
    int capabilityCopy = capability < 0 ? -1 : copyIndex(decided);
    boolean superAccept = decidedOutcome == SUPER_ACCEPT && frame.inbound();
    if (baseCopy < 0 && capabilityCopy < 0 && redirectTo == null && capability < 0) {
      return superAccept ? FilterResult.SUPER_ACCEPTED : FilterResult.ACCEPTED;
    }
    List<FilterResult.Copy> copies = new ArrayList<>(2);
    if (capabilityCopy >= 0) {
      copies.add(copy((Rule.Forward) decidingRules.get(capabilityCopy), frame.length()));
    }
    if (baseCopy >= 0) {
      copies.add(copy((Rule.Forward) rules.get(baseCopy), frame.length()));
    }
    FilterResult.Verdict verdict =
        redirectTo != null
            ? FilterResult.Verdict.REDIRECT
            : superAccept ? FilterResult.Verdict.SUPER_ACCEPT : FilterResult.Verdict.ACCEPT;
    return new FilterResult(verdict, redirectTo, copies, capability);
  }

  private static FilterResult.Copy copy(Rule.Forward rule, int frameLength) {
    int length = rule.length() != 0 ? Math.min(frameLength, rule.length()) : frameLength;
    return new FilterResult.Copy(
        rule.target(), length, rule.code() == Rule.ACTION_WATCH, rule.flags());
  }

  private static long pack(int outcome, int copyIndex, int redirectIndex) {
    return outcome | ((long) (copyIndex + 1) << 8) | ((long) (redirectIndex + 1) << 32);
  }

  private static int outcome(long packed) {
    return (int) (packed & 0xff);
  }

  private static int copyIndex(long packed) {
    return (int) ((packed >>> 8) & 0xff_ffff) - 1;
  }

  private static int redirectIndex(long packed) {
    return (int) ((packed >>> 32) & 0xff_ffff) - 1;
  }

  /** One rule table: {@code _doZtFilter}. */
  private long evaluateTable(FrameContext frame, List<? extends Rule> rules) {
    final boolean inbound = frame.inbound();
    final long source = frame.source().value();
    final long destination = frame.destination().value();
    boolean superAccept = false;
    boolean set = true;
    boolean skipDrop = false;
    int copy = -1;
    for (int i = 0, n = rules.size(); i < n; i++) {
      Rule rule = rules.get(i);
      int code = rule.code();
      if (code <= Rule.ACTION_MAX_CODE) {
        if (!set) {
          // Being the target of a TEE/WATCH/REDIRECT whose set did not match still makes an
          // inbound frame super-accepted if the table accepts it later.
          if (inbound
              && rule instanceof Rule.Forward forward
              && (forward.address() & Address.MASK) == localAddress) {
            superAccept = true;
          }
          set = true;
          continue;
        }
        switch (code) {
          case Rule.ACTION_DROP:
            if (skipDrop) {
              skipDrop = false; // an unknown receiver tag let this one frame past one DROP
              break;
            }
            return pack(DROP, copy, -1);
          case Rule.ACTION_ACCEPT:
            return pack(superAccept ? SUPER_ACCEPT : ACCEPT, copy, -1);
          case Rule.ACTION_PRIORITY:
            return pack(ACCEPT, copy, -1);
          case Rule.ACTION_BREAK:
            return pack(NO_MATCH, copy, -1);
          case Rule.ACTION_TEE:
          case Rule.ACTION_WATCH:
          case Rule.ACTION_REDIRECT:
            // In stock's order: the sender, then this node, then the destination.
            long target = ((Rule.Forward) rule).address() & Address.MASK;
            if (target == source) {
              break;
            }
            if (target == localAddress) {
              if (inbound) {
                return pack(SUPER_ACCEPT, copy, -1);
              }
              break;
            }
            if (target == destination) {
              break;
            }
            if (code == Rule.ACTION_REDIRECT) {
              return pack(REDIRECT, copy, i);
            }
            copy = i;
            break;
          default:
            break; // unknown actions are no-ops
        }
        continue;
      }
      boolean or = rule.or();
      if (!set && !or) {
        continue; // false AND anything is false
      }
      int result = matches(rule, code, frame, superAccept);
      boolean matched =
          switch (result) {
            case NO -> rule.not();
            case YES -> !rule.not();
            case HARD_NO -> false;
            default -> true;
          };
      if (result == HARD_YES_SKIP_DROP) {
        skipDrop = true;
      }
      set = or ? set | matched : matched;
    }
    return pack(NO_MATCH, copy, -1);
  }

  /** One match: NO, YES or a hard result ({@code thisRuleMatches} in stock). */
  private int matches(Rule rule, int code, FrameContext f, boolean superAccept) {
    byte[] b = f.payload();
    int off = f.offset();
    int len = f.length();
    int etherType = f.etherType();
    boolean ipv4 = etherType == ETHERTYPE_IPV4 && len >= IPV4_MIN_HEADER;
    boolean ipv6 = etherType == ETHERTYPE_IPV6;
    boolean ipv6Header = ipv6 && len >= IPV6_HEADER;
    switch (code) {
      case Rule.MATCH_SOURCE_ZEROTIER_ADDRESS:
        return soft(
            ((Rule.MatchSourceZeroTierAddress) rule).address().value() == f.source().value());
      case Rule.MATCH_DEST_ZEROTIER_ADDRESS:
        return soft(
            ((Rule.MatchDestZeroTierAddress) rule).address().value() == f.destination().value());
      case Rule.MATCH_VLAN_ID:
        return soft(((Rule.MatchVlanId) rule).vlanId() == (f.vlanId() & 0xffff));
      case Rule.MATCH_VLAN_PCP:
        return soft(((Rule.MatchVlanPcp) rule).vlanPcp() == 0);
      case Rule.MATCH_VLAN_DEI:
        return soft(((Rule.MatchVlanDei) rule).vlanDei() == 0);
      case Rule.MATCH_MAC_SOURCE:
        return soft(((Rule.MatchMacSource) rule).mac().value() == f.sourceMac().value());
      case Rule.MATCH_MAC_DEST:
        return soft(((Rule.MatchMacDest) rule).mac().value() == f.destinationMac().value());
      case Rule.MATCH_IPV4_SOURCE:
        return ipv4 ? soft(((Rule.MatchIpv4Source) rule).cidr().contains(b, off + 12)) : HARD_NO;
      case Rule.MATCH_IPV4_DEST:
        return ipv4 ? soft(((Rule.MatchIpv4Dest) rule).cidr().contains(b, off + 16)) : HARD_NO;
      case Rule.MATCH_IPV6_SOURCE:
        return ipv6Header
            ? soft(((Rule.MatchIpv6Source) rule).cidr().contains(b, off + 8))
            : HARD_NO;
      case Rule.MATCH_IPV6_DEST:
        return ipv6Header
            ? soft(((Rule.MatchIpv6Dest) rule).cidr().contains(b, off + 24))
            : HARD_NO;
      case Rule.MATCH_IP_TOS:
        return matchesTos((Rule.MatchIpTos) rule, b, off, ipv4, ipv6Header);
      case Rule.MATCH_IP_PROTOCOL:
        return matchesProtocol((Rule.MatchIpProtocol) rule, b, off, len, ipv4, ipv6);
      case Rule.MATCH_ETHERTYPE:
        return soft(((Rule.MatchEtherType) rule).etherType() == etherType);
      case Rule.MATCH_ICMP:
        return matchesIcmp((Rule.MatchIcmp) rule, b, off, len, ipv4, ipv6);
      case Rule.MATCH_IP_SOURCE_PORT_RANGE:
        Rule.MatchIpSourcePortRange sourcePorts = (Rule.MatchIpSourcePortRange) rule;
        return matchesPort(sourcePorts.start(), sourcePorts.end(), 0, b, off, len, ipv4, ipv6);
      case Rule.MATCH_IP_DEST_PORT_RANGE:
        Rule.MatchIpDestPortRange destPorts = (Rule.MatchIpDestPortRange) rule;
        return matchesPort(destPorts.start(), destPorts.end(), 2, b, off, len, ipv4, ipv6);
      case Rule.MATCH_CHARACTERISTICS:
        return soft(
            (characteristics(f, b, off, len, ipv4, ipv6)
                    & ((Rule.MatchCharacteristics) rule).mask())
                != 0);
      case Rule.MATCH_FRAME_SIZE_RANGE:
        Rule.MatchFrameSizeRange size = (Rule.MatchFrameSizeRange) rule;
        return soft(len >= size.start() && len <= size.end());
      case Rule.MATCH_RANDOM:
        return soft((random.getAsInt() & 0xffff_ffffL) <= ((Rule.MatchRandom) rule).probability());
      case Rule.MATCH_TAGS_DIFFERENCE:
      case Rule.MATCH_TAGS_BITWISE_AND:
      case Rule.MATCH_TAGS_BITWISE_OR:
      case Rule.MATCH_TAGS_BITWISE_XOR:
      case Rule.MATCH_TAGS_EQUAL:
        return matchesTagPair((Rule.TagMatch) rule, code, f, superAccept);
      case Rule.MATCH_TAG_SENDER:
      case Rule.MATCH_TAG_RECEIVER:
        return matchesTagOfOneEnd((Rule.TagMatch) rule, code, f, superAccept);
      case Rule.MATCH_INTEGER_RANGE:
        return soft(matchesIntegerRange((Rule.MatchIntegerRange) rule, b, off, len));
      default:
        return soft(unsupportedMatchResult);
    }
  }

  private static int soft(boolean matched) {
    return matched ? YES : NO;
  }

  private static int matchesTos(
      Rule.MatchIpTos rule, byte[] b, int off, boolean ipv4, boolean ipv6Header) {
    int tos;
    if (ipv4) {
      tos = b[off + 1] & 0xff;
    } else if (ipv6Header) {
      tos = ((b[off] << 4) & 0xf0) | ((b[off + 1] >> 4) & 0x0f); // traffic class
    } else {
      return HARD_NO;
    }
    int masked = tos & rule.mask();
    return soft(masked >= rule.start() && masked <= rule.end());
  }

  private static int matchesProtocol(
      Rule.MatchIpProtocol rule, byte[] b, int off, int len, boolean ipv4, boolean ipv6) {
    if (ipv4) {
      return soft((b[off + 9] & 0xff) == rule.ipProtocol());
    }
    if (ipv6) {
      long payload = ipv6Payload(b, off, len);
      return payload >= 0 ? soft((int) (payload & 0xff) == rule.ipProtocol()) : HARD_NO;
    }
    return HARD_NO;
  }

  /**
   * Stock decides an ICMP match hard except for the code: not ICMP, too short or another type is a
   * hard no, and a matching type is a hard yes unless the code is significant, so that {@code not
   * icmp type 8} (no code) matches exactly what {@code icmp type 8} does.
   */
  private static int matchesIcmp(
      Rule.MatchIcmp rule, byte[] b, int off, int len, boolean ipv4, boolean ipv6) {
    int at;
    if (ipv4) {
      if ((b[off + 9] & 0xff) != PROTOCOL_ICMP) {
        return HARD_NO;
      }
      at = (b[off] & 0xf) * 4;
    } else if (ipv6) {
      long payload = ipv6Payload(b, off, len);
      if (payload < 0 || (payload & 0xff) != PROTOCOL_ICMPV6) {
        return HARD_NO;
      }
      at = (int) (payload >>> 8);
    } else {
      return HARD_NO;
    }
    if (len < at + 2 || (b[off + at] & 0xff) != rule.icmpType()) {
      return HARD_NO;
    }
    return rule.codeSignificant() ? soft((b[off + at + 1] & 0xff) == rule.icmpCode()) : HARD_YES;
  }

  /**
   * {@code portOffset} is 0 for the source port, 2 for the destination port. A frame that is not
   * IP, or whose IPv6 headers cannot be walked, is a hard no; an IP protocol without ports a plain
   * no.
   */
  private static int matchesPort(
      int start, int end, int portOffset, byte[] b, int off, int len, boolean ipv4, boolean ipv6) {
    int protocol;
    int at;
    if (ipv4) {
      protocol = b[off + 9] & 0xff;
      at = 4 * (b[off] & 0xf);
    } else if (ipv6) {
      long payload = ipv6Payload(b, off, len);
      if (payload < 0) {
        return HARD_NO;
      }
      protocol = (int) (payload & 0xff);
      at = (int) (payload >>> 8);
    } else {
      return HARD_NO;
    }
    if (!hasPorts(protocol) || len <= at + 4) {
      return NO;
    }
    int port = ((b[off + at + portOffset] & 0xff) << 8) | (b[off + at + portOffset + 1] & 0xff);
    if (ipv6 && port == 0) {
      return NO; // stock's IPv6 branch tests port > 0
    }
    return soft(port >= start && port <= end);
  }

  /** TCP, UDP, SCTP and UDP-Lite all begin with source port(2) dest port(2). */
  private static boolean hasPorts(int protocol) {
    return protocol == PROTOCOL_TCP
        || protocol == PROTOCOL_UDP
        || protocol == PROTOCOL_SCTP
        || protocol == PROTOCOL_UDPLITE;
  }

  private static long characteristics(
      FrameContext f, byte[] b, int off, int len, boolean ipv4, boolean ipv6) {
    long bits = f.inbound() ? Rule.CHARACTERISTICS_INBOUND : 0;
    if (f.destinationMac().isMulticast()) {
      bits |= Rule.CHARACTERISTICS_MULTICAST;
    }
    if (f.destinationMac().isBroadcast()) {
      bits |= Rule.CHARACTERISTICS_BROADCAST;
    }
    bits |= ownership(f, b, off, len, ipv4, ipv6);
    if (ipv4 && (b[off + 9] & 0xff) == PROTOCOL_TCP) {
      bits |= tcpFlags(b, off, len, 4 * (b[off] & 0xf));
    } else if (ipv6) {
      long payload = ipv6Payload(b, off, len);
      if (payload >= 0 && (payload & 0xff) == PROTOCOL_TCP) {
        bits |= tcpFlags(b, off, len, (int) (payload >>> 8));
      }
    }
    return bits;
  }

  /** The 12 flag bits of the TCP header at {@code at}: low nibble of byte 12, then byte 13. */
  private static long tcpFlags(byte[] b, int off, int len, int at) {
    if (len <= at + 13) {
      return 0;
    }
    return (b[off + at + 13] & 0xff) | ((long) (b[off + at + 12] & 0x0f) << 8);
  }

  /**
   * The "sender IP/MAC authenticated" bits. The source IP is the IPv4/IPv6 source, the ARP sender
   * IP, or for an IPv6 neighbor advertisement its target; a neighbor solicitation, which carries no
   * usable source, counts as authenticated, as in stock.
   */
  private static long ownership(
      FrameContext f, byte[] b, int off, int len, boolean ipv4, boolean ipv6) {
    long bits = 0;
    int ipAt = -1;
    int ipLength = 0;
    if (ipv4) {
      ipAt = 12;
      ipLength = 4;
    } else if (ipv6 && len >= IPV6_HEADER) {
      ipLength = 16;
      int icmpType = len >= IPV6_HEADER + 8 + 16 ? b[off + IPV6_HEADER] & 0xff : -1;
      if ((b[off + 6] & 0xff) == PROTOCOL_ICMPV6 && icmpType == ICMPV6_NEIGHBOR_SOLICITATION) {
        bits |= Rule.CHARACTERISTICS_SENDER_IP_AUTHENTICATED;
      } else if ((b[off + 6] & 0xff) == PROTOCOL_ICMPV6
          && icmpType == ICMPV6_NEIGHBOR_ADVERTISEMENT) {
        ipAt = IPV6_HEADER + 8;
      } else {
        ipAt = 8;
      }
    } else if (f.etherType() == ETHERTYPE_ARP && len >= ARP_IPV4_LENGTH) {
      ipAt = 14;
      ipLength = 4;
    }
    SenderOwnership ownership = f.ownership();
    if (ipAt >= 0 && ownership.ownsIp(b, off + ipAt, ipLength)) {
      bits |= Rule.CHARACTERISTICS_SENDER_IP_AUTHENTICATED;
    }
    if (ownership.ownsMac(f.sourceMac().value())) {
      bits |= Rule.CHARACTERISTICS_SENDER_MAC_AUTHENTICATED;
    }
    return bits;
  }

  /**
   * Tags of both ends compared. "Local" is this node's tag and "remote" the peer's: the sender's
   * tags inbound, the receiver's outbound. A missing local tag is a hard no. A missing remote one
   * is a hard no inbound; outbound (the peer checks again on receipt: a broadcast has no known
   * receiver) and when super-accepting it is a hard yes that also skips the next DROP.
   */
  private static int matchesTagPair(
      Rule.TagMatch rule, int code, FrameContext f, boolean superAccept) {
    boolean inbound = f.inbound();
    long local = (inbound ? f.receiverTags() : f.senderTags()).value(rule.id());
    if (local == Tags.ABSENT) {
      return HARD_NO;
    }
    long remote = (inbound ? f.senderTags() : f.receiverTags()).value(rule.id());
    if (remote == Tags.ABSENT) {
      return !inbound || superAccept ? HARD_YES_SKIP_DROP : HARD_NO;
    }
    return soft(
        switch (code) {
          case Rule.MATCH_TAGS_DIFFERENCE -> Math.abs(local - remote) <= rule.value();
          case Rule.MATCH_TAGS_BITWISE_AND -> (local & remote) == rule.value();
          case Rule.MATCH_TAGS_BITWISE_OR -> (local | remote) == rule.value();
          case Rule.MATCH_TAGS_BITWISE_XOR -> (local ^ remote) == rule.value();
          default -> local == rule.value() && remote == rule.value();
        });
  }

  /**
   * TAG_SENDER / TAG_RECEIVER. Super-accepting, it is a hard yes that skips the next DROP. When the
   * named end is the peer and its tag is unknown, the receiver check is a hard yes that skips the
   * next DROP (outbound, the receiver's tags may not have arrived yet) and the sender check a hard
   * no; when the named end is this node and it lacks the tag, a hard no.
   */
  private static int matchesTagOfOneEnd(
      Rule.TagMatch rule, int code, FrameContext f, boolean superAccept) {
    if (superAccept) {
      return HARD_YES_SKIP_DROP;
    }
    boolean sender = code == Rule.MATCH_TAG_SENDER;
    long value = (sender ? f.senderTags() : f.receiverTags()).value(rule.id());
    boolean namesPeer = sender == f.inbound();
    if (value == Tags.ABSENT) {
      return namesPeer && !sender ? HARD_YES_SKIP_DROP : HARD_NO;
    }
    return soft(value == rule.value());
  }

  private static boolean matchesIntegerRange(
      Rule.MatchIntegerRange rule, byte[] b, int off, int len) {
    int bits = rule.bits();
    int bytes = (bits + 7) / 8;
    long integer = 0;
    if (!rule.little()) {
      int at = rule.idx() + (8 - bytes); // as stock: the read starts 8 - bytes past idx
      if (at + bytes <= len) {
        for (int i = 0; i < bytes; i++) {
          integer = (integer << 8) | (b[off + at + i] & 0xff);
        }
      }
      integer &= -1L >>> (64 - bits);
    } else {
      int at = rule.idx();
      if (at + bytes <= len) {
        for (int i = 0; i < bytes; i++) {
          integer = (integer >>> 8) | ((long) (b[off + at + i] & 0xff) << 56);
        }
      }
      integer >>>= 64 - bits;
    }
    return Long.compareUnsigned(integer, rule.start()) >= 0
        && Long.compareUnsigned(integer, rule.effectiveEnd()) <= 0;
  }

  /**
   * Walks IPv6 extension headers to the upper-layer header: {@code (offset << 8) | protocol}, or -1
   * if the packet is too short or malformed.
   */
  private static long ipv6Payload(byte[] b, int off, int len) {
    if (len < IPV6_HEADER) {
      return -1;
    }
    int at = IPV6_HEADER;
    int protocol = b[off + 6] & 0xff;
    while (at <= len) {
      switch (protocol) {
        case 0: // hop-by-hop options
        case 43: // routing
        case 60: // destination options
        case 135: // mobility
          if (at + 8 > len) {
            return -1;
          }
          protocol = b[off + at] & 0xff;
          at += (b[off + at + 1] & 0xff) * 8 + 8;
          break;
        default:
          return ((long) at << 8) | protocol;
      }
    }
    return -1;
  }
}
