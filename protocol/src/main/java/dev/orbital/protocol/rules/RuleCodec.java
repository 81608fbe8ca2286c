package dev.orbital.protocol.rules;

import dev.orbital.protocol.MacAddress;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Binary form of rule tables ({@code node/Capability.hpp}, serializeRules/deserializeRules).
 *
 * <pre>
 * rule                 t(1) len(1) value(len)
 *                      t = NOT 0x80 | OR 0x40 | code (6 bits)
 * netconf "R"          rule rule ...              to the end of the value, at most 1024 rules
 * capability rules     count(2) rule × count      at most 64 rules
 *
 * code   name                          len  value
 * 0 1 5  ACTION_DROP / ACCEPT / BREAK   0
 * 6      ACTION_PRIORITY                0   (1.14.1 does not transmit the bucket)
 * 2 3 4  ACTION_TEE / WATCH / REDIRECT 14   address(8, u64) flags(4) length(2)
 * 24 25  MATCH_SOURCE/DEST_ZT_ADDRESS   5   address(5)
 * 26     MATCH_VLAN_ID                  2   u16
 * 27 28  MATCH_VLAN_PCP / DEI           1   u8
 * 29 30  MATCH_MAC_SOURCE / DEST        6   mac(6)
 * 31 32  MATCH_IPV4_SOURCE / DEST       5   ip(4) bits(1)
 * 33 34  MATCH_IPV6_SOURCE / DEST      17   ip(16) bits(1)
 * 35     MATCH_IP_TOS                   3   mask(1) start(1) end(1)
 * 36     MATCH_IP_PROTOCOL              1   u8
 * 37     MATCH_ETHERTYPE                2   u16
 * 38     MATCH_ICMP                     3   type(1) code(1) flags(1)
 * 39 40  MATCH_IP_SOURCE/DEST_PORT_RANGE 4  start(2) end(2)
 * 41     MATCH_CHARACTERISTICS          8   mask(8)
 * 42     MATCH_FRAME_SIZE_RANGE         4   start(2) end(2)
 * 43     MATCH_RANDOM                   4   probability(4)
 * 44..50 MATCH_TAGS_* / TAG_SENDER / TAG_RECEIVER  8   id(4) value(4)
 * 51     MATCH_INTEGER_RANGE           19   start(8) end(8) idx(2) format(1)
 * other  unknown                      any   kept as bytes
 * </pre>
 *
 * All integers are big-endian. Stock reads a known type's fields at fixed offsets whatever {@code
 * len} says, so a known type with any other {@code len} is rejected here rather than misread.
 */
public final class RuleCodec {

  /** {@code ZT_MAX_NETWORK_RULES}: base rules in one network config. */
  public static final int MAX_NETWORK_RULES = 1024;

  /** {@code ZT_MAX_CAPABILITY_RULES}: rules in one capability. */
  public static final int MAX_CAPABILITY_RULES = 64;

  /**
   * {@code ZT_RULES_ENGINE_REVISION}: what a member reports in its config request so the controller
   * knows which rule types it understands.
   */
  public static final int RULES_ENGINE_REVISION = 1;

  /** {@code len} is one byte. */
  public static final int MAX_VALUE_LENGTH = 255;

  private static final int[] VALUE_LENGTHS = new int[Rule.MAX_CODE + 1];

  static {
    Arrays.fill(VALUE_LENGTHS, -1);
    for (int code : new int[] {Rule.ACTION_DROP, Rule.ACTION_ACCEPT, Rule.ACTION_BREAK}) {
      VALUE_LENGTHS[code] = 0;
    }
    VALUE_LENGTHS[Rule.ACTION_PRIORITY] = 0;
    VALUE_LENGTHS[Rule.ACTION_TEE] = 14;
    VALUE_LENGTHS[Rule.ACTION_WATCH] = 14;
    VALUE_LENGTHS[Rule.ACTION_REDIRECT] = 14;
    VALUE_LENGTHS[Rule.MATCH_SOURCE_ZEROTIER_ADDRESS] = 5;
    VALUE_LENGTHS[Rule.MATCH_DEST_ZEROTIER_ADDRESS] = 5;
    VALUE_LENGTHS[Rule.MATCH_VLAN_ID] = 2;
    VALUE_LENGTHS[Rule.MATCH_VLAN_PCP] = 1;
    VALUE_LENGTHS[Rule.MATCH_VLAN_DEI] = 1;
    VALUE_LENGTHS[Rule.MATCH_MAC_SOURCE] = 6;
    VALUE_LENGTHS[Rule.MATCH_MAC_DEST] = 6;
    VALUE_LENGTHS[Rule.MATCH_IPV4_SOURCE] = 5;
    VALUE_LENGTHS[Rule.MATCH_IPV4_DEST] = 5;
    VALUE_LENGTHS[Rule.MATCH_IPV6_SOURCE] = 17;
    VALUE_LENGTHS[Rule.MATCH_IPV6_DEST] = 17;
    VALUE_LENGTHS[Rule.MATCH_IP_TOS] = 3;
    VALUE_LENGTHS[Rule.MATCH_IP_PROTOCOL] = 1;
    VALUE_LENGTHS[Rule.MATCH_ETHERTYPE] = 2;
    VALUE_LENGTHS[Rule.MATCH_ICMP] = 3;
    VALUE_LENGTHS[Rule.MATCH_IP_SOURCE_PORT_RANGE] = 4;
    VALUE_LENGTHS[Rule.MATCH_IP_DEST_PORT_RANGE] = 4;
    VALUE_LENGTHS[Rule.MATCH_CHARACTERISTICS] = 8;
    VALUE_LENGTHS[Rule.MATCH_FRAME_SIZE_RANGE] = 4;
    VALUE_LENGTHS[Rule.MATCH_RANDOM] = 4;
    for (int code = Rule.MATCH_TAGS_DIFFERENCE; code <= Rule.MATCH_TAG_RECEIVER; code++) {
      VALUE_LENGTHS[code] = 8;
    }
    VALUE_LENGTHS[Rule.MATCH_INTEGER_RANGE] = 19;
  }

  private RuleCodec() {}

  /** The {@code len} a known code needs, or -1 for a code this implementation does not know. */
  public static int valueLength(int code) {
    return code >= 0 && code <= Rule.MAX_CODE ? VALUE_LENGTHS[code] : -1;
  }

  // ---- encode ----------------------------------------------------------------------------------

  /** The netconf "R" form: the rules back to back, no count. */
  public static byte[] encode(List<? extends Rule> rules) {
    if (rules.size() > MAX_NETWORK_RULES) {
      throw new IllegalArgumentException(
          "too many rules: " + rules.size() + " (limit: " + MAX_NETWORK_RULES + ")");
    }
    ByteBuffer out = ByteBuffer.allocate(encodedLength(rules));
    for (Rule rule : rules) {
      writeRule(rule, out);
    }
    return out.array();
  }

  /** The capability form: count(2) then the rules. */
  public static void writeCapabilityRules(List<? extends Rule> rules, ByteBuffer out) {
    if (rules.size() > MAX_CAPABILITY_RULES) {
      throw new IllegalArgumentException(
          "too many capability rules: " + rules.size() + " (limit: " + MAX_CAPABILITY_RULES + ")");
    }
    out.putShort((short) rules.size());
    for (Rule rule : rules) {
      writeRule(rule, out);
    }
  }

  /** Bytes the rules take back to back (without a count). */
  public static int encodedLength(List<? extends Rule> rules) {
    int length = 0;
    for (Rule rule : rules) {
      length += 2 + valueLengthOf(rule);
    }
    return length;
  }

  private static int valueLengthOf(Rule rule) {
    return rule instanceof Rule.UnknownRule unknown
        ? unknown.valueLength()
        : VALUE_LENGTHS[rule.code()];
  }

  public static void writeRule(Rule rule, ByteBuffer out) {
    out.put((byte) rule.typeByte());
    out.put((byte) valueLengthOf(rule));
    if (rule instanceof Rule.Forward r) {
      out.putLong(r.address()).putInt((int) r.flags()).putShort((short) r.length());
    } else if (rule instanceof Rule.MatchSourceZeroTierAddress r) {
      r.address().write(out);
    } else if (rule instanceof Rule.MatchDestZeroTierAddress r) {
      r.address().write(out);
    } else if (rule instanceof Rule.MatchVlanId r) {
      out.putShort((short) r.vlanId());
    } else if (rule instanceof Rule.MatchVlanPcp r) {
      out.put((byte) r.vlanPcp());
    } else if (rule instanceof Rule.MatchVlanDei r) {
      out.put((byte) r.vlanDei());
    } else if (rule instanceof Rule.MatchMacSource r) {
      out.put(r.mac().toBytes());
    } else if (rule instanceof Rule.MatchMacDest r) {
      out.put(r.mac().toBytes());
    } else if (rule instanceof Rule.MatchIpv4Source r) {
      out.putInt(r.cidr().address()).put((byte) r.cidr().bits());
    } else if (rule instanceof Rule.MatchIpv4Dest r) {
      out.putInt(r.cidr().address()).put((byte) r.cidr().bits());
    } else if (rule instanceof Rule.MatchIpv6Source r) {
      out.putLong(r.cidr().high()).putLong(r.cidr().low()).put((byte) r.cidr().bits());
    } else if (rule instanceof Rule.MatchIpv6Dest r) {
      out.putLong(r.cidr().high()).putLong(r.cidr().low()).put((byte) r.cidr().bits());
    } else if (rule instanceof Rule.MatchIpTos r) {
      out.put((byte) r.mask()).put((byte) r.start()).put((byte) r.end());
    } else if (rule instanceof Rule.MatchIpProtocol r) {
      out.put((byte) r.ipProtocol());
    } else if (rule instanceof Rule.MatchEtherType r) {
      out.putShort((short) r.etherType());
    } else if (rule instanceof Rule.MatchIcmp r) {
      out.put((byte) r.icmpType()).put((byte) r.icmpCode()).put((byte) r.flags());
    } else if (rule instanceof Rule.MatchIpSourcePortRange r) {
      out.putShort((short) r.start()).putShort((short) r.end());
    } else if (rule instanceof Rule.MatchIpDestPortRange r) {
      out.putShort((short) r.start()).putShort((short) r.end());
    } else if (rule instanceof Rule.MatchCharacteristics r) {
      out.putLong(r.mask());
    } else if (rule instanceof Rule.MatchFrameSizeRange r) {
      out.putShort((short) r.start()).putShort((short) r.end());
    } else if (rule instanceof Rule.MatchRandom r) {
      out.putInt((int) r.probability());
    } else if (rule instanceof Rule.MatchIntegerRange r) {
      out.putLong(r.start()).putLong(r.end()).putShort((short) r.idx()).put((byte) r.format());
    } else if (rule instanceof Rule.UnknownRule r) {
      out.put(r.valueUnsafe());
    } else if (rule instanceof Rule.TagMatch r) {
      out.putInt((int) r.id()).putInt((int) r.value());
    }
  }

  // ---- decode ----------------------------------------------------------------------------------

  /** Decodes the netconf "R" form: rules to the end of {@code bytes}, at most 1024. */
  public static List<Rule> decode(byte[] bytes) throws ProtocolException {
    return read(WireReader.of(bytes, "rules"), MAX_NETWORK_RULES);
  }

  /** Reads rules until {@code in} is empty, failing once more than {@code maxRules} are seen. */
  public static List<Rule> read(WireReader in, int maxRules) throws ProtocolException {
    List<Rule> rules = new ArrayList<>();
    while (in.hasRemaining()) {
      if (rules.size() == maxRules) {
        throw ProtocolException.overLimit("rule count", rules.size() + 1L, maxRules);
      }
      rules.add(readRule(in, rules.size()));
    }
    return rules;
  }

  /** Reads the capability form: count(2), checked against 64, then that many rules. */
  public static List<Rule> readCapabilityRules(WireReader in) throws ProtocolException {
    int count = in.u16();
    WireReader.checkCount(count, MAX_CAPABILITY_RULES, "capability rule count");
    List<Rule> rules = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      rules.add(readRule(in, i));
    }
    return rules;
  }

  /** Reads one rule; {@code index} names it in errors. */
  public static Rule readRule(WireReader in, int index) throws ProtocolException {
    if (in.remaining() < 2) {
      throw ProtocolException.truncated("rule " + index, in.remaining(), 2);
    }
    int typeByte = in.u8();
    int length = in.u8();
    int code = typeByte & Rule.MAX_CODE;
    boolean not = (typeByte & Rule.FLAG_NOT) != 0;
    boolean or = (typeByte & Rule.FLAG_OR) != 0;
    String what = "rule " + index + " (" + Rule.typeName(code) + ")";
    int expected = valueLength(code);
    // Like stock, a longer value than the type needs is read and its tail skipped, so a rule that
    // a newer controller extends still decodes; a shorter one cannot be.
    if (expected >= 0 && length < expected) {
      throw new ProtocolException(
          what + ": value length " + length + " (expected: " + expected + "+)");
    }
    if (in.remaining() < length) {
      throw ProtocolException.truncated(what + " value", in.remaining(), length);
    }
    WireReader v = in.slice(length, what);
    return switch (code) {
      case Rule.ACTION_DROP -> new Rule.ActionDrop(not, or);
      case Rule.ACTION_ACCEPT -> new Rule.ActionAccept(not, or);
      case Rule.ACTION_TEE -> new Rule.ActionTee(v.i64(), v.u32(), v.u16(), not, or);
      case Rule.ACTION_WATCH -> new Rule.ActionWatch(v.i64(), v.u32(), v.u16(), not, or);
      case Rule.ACTION_REDIRECT -> new Rule.ActionRedirect(v.i64(), v.u32(), v.u16(), not, or);
      case Rule.ACTION_BREAK -> new Rule.ActionBreak(not, or);
      case Rule.ACTION_PRIORITY -> new Rule.ActionPriority(not, or);
      case Rule.MATCH_SOURCE_ZEROTIER_ADDRESS ->
          new Rule.MatchSourceZeroTierAddress(v.address(), not, or);
      case Rule.MATCH_DEST_ZEROTIER_ADDRESS ->
          new Rule.MatchDestZeroTierAddress(v.address(), not, or);
      case Rule.MATCH_VLAN_ID -> new Rule.MatchVlanId(v.u16(), not, or);
      case Rule.MATCH_VLAN_PCP -> new Rule.MatchVlanPcp(v.u8(), not, or);
      case Rule.MATCH_VLAN_DEI -> new Rule.MatchVlanDei(v.u8(), not, or);
      case Rule.MATCH_MAC_SOURCE -> new Rule.MatchMacSource(mac(v), not, or);
      case Rule.MATCH_MAC_DEST -> new Rule.MatchMacDest(mac(v), not, or);
      case Rule.MATCH_IPV4_SOURCE -> new Rule.MatchIpv4Source(ipv4(v), not, or);
      case Rule.MATCH_IPV4_DEST -> new Rule.MatchIpv4Dest(ipv4(v), not, or);
      case Rule.MATCH_IPV6_SOURCE -> new Rule.MatchIpv6Source(ipv6(v), not, or);
      case Rule.MATCH_IPV6_DEST -> new Rule.MatchIpv6Dest(ipv6(v), not, or);
      case Rule.MATCH_IP_TOS -> new Rule.MatchIpTos(v.u8(), v.u8(), v.u8(), not, or);
      case Rule.MATCH_IP_PROTOCOL -> new Rule.MatchIpProtocol(v.u8(), not, or);
      case Rule.MATCH_ETHERTYPE -> new Rule.MatchEtherType(v.u16(), not, or);
      case Rule.MATCH_ICMP -> new Rule.MatchIcmp(v.u8(), v.u8(), v.u8(), not, or);
      case Rule.MATCH_IP_SOURCE_PORT_RANGE ->
          new Rule.MatchIpSourcePortRange(v.u16(), v.u16(), not, or);
      case Rule.MATCH_IP_DEST_PORT_RANGE ->
          new Rule.MatchIpDestPortRange(v.u16(), v.u16(), not, or);
      case Rule.MATCH_CHARACTERISTICS -> new Rule.MatchCharacteristics(v.i64(), not, or);
      case Rule.MATCH_FRAME_SIZE_RANGE -> new Rule.MatchFrameSizeRange(v.u16(), v.u16(), not, or);
      case Rule.MATCH_RANDOM -> new Rule.MatchRandom(v.u32(), not, or);
      case Rule.MATCH_TAGS_DIFFERENCE -> new Rule.MatchTagsDifference(v.u32(), v.u32(), not, or);
      case Rule.MATCH_TAGS_BITWISE_AND -> new Rule.MatchTagsBitwiseAnd(v.u32(), v.u32(), not, or);
      case Rule.MATCH_TAGS_BITWISE_OR -> new Rule.MatchTagsBitwiseOr(v.u32(), v.u32(), not, or);
      case Rule.MATCH_TAGS_BITWISE_XOR -> new Rule.MatchTagsBitwiseXor(v.u32(), v.u32(), not, or);
      case Rule.MATCH_TAGS_EQUAL -> new Rule.MatchTagsEqual(v.u32(), v.u32(), not, or);
      case Rule.MATCH_TAG_SENDER -> new Rule.MatchTagSender(v.u32(), v.u32(), not, or);
      case Rule.MATCH_TAG_RECEIVER -> new Rule.MatchTagReceiver(v.u32(), v.u32(), not, or);
      case Rule.MATCH_INTEGER_RANGE ->
          new Rule.MatchIntegerRange(v.i64(), v.i64(), v.u16(), v.u8(), not, or);
      default -> new Rule.UnknownRule(code, v.rest(), not, or);
    };
  }

  private static MacAddress mac(WireReader v) throws ProtocolException {
    return new MacAddress(MacAddress.readLong(v.bytes(MacAddress.LENGTH), 0));
  }

  private static Ipv4Cidr ipv4(WireReader v) throws ProtocolException {
    return new Ipv4Cidr(v.i32(), v.u8());
  }

  private static Ipv6Cidr ipv6(WireReader v) throws ProtocolException {
    return new Ipv6Cidr(v.i64(), v.i64(), v.u8());
  }
}
