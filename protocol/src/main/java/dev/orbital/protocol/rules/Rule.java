package dev.orbital.protocol.rules;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.MacAddress;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One entry of a ZeroTier rule table: an ACTION (codes 0..15) or a MATCH (codes 16..63). Matches
 * before an action form a set; the action is taken when the set matches. Every entry carries the
 * two flag bits of its type byte: {@code not} (0x80) inverts a match and {@code or} (0x40) joins it
 * to the set with OR instead of AND. Stock ignores both on actions but transmits them, so they are
 * kept here too, which lets every rule re-encode to the bytes it was decoded from.
 *
 * <p>Field widths follow the wire encoding ({@code include/ZeroTierOne.h}, {@code
 * ZT_VirtualNetworkRule}); unsigned 32-bit values are held in a {@code long}.
 */
public sealed interface Rule {

  int ACTION_DROP = 0;
  int ACTION_ACCEPT = 1;
  int ACTION_TEE = 2;
  int ACTION_WATCH = 3;
  int ACTION_REDIRECT = 4;
  int ACTION_BREAK = 5;
  int ACTION_PRIORITY = 6;

  /** Codes up to this one are actions; anything above is a match. */
  int ACTION_MAX_CODE = 15;

  int MATCH_SOURCE_ZEROTIER_ADDRESS = 24;
  int MATCH_DEST_ZEROTIER_ADDRESS = 25;
  int MATCH_VLAN_ID = 26;
  int MATCH_VLAN_PCP = 27;
  int MATCH_VLAN_DEI = 28;
  int MATCH_MAC_SOURCE = 29;
  int MATCH_MAC_DEST = 30;
  int MATCH_IPV4_SOURCE = 31;
  int MATCH_IPV4_DEST = 32;
  int MATCH_IPV6_SOURCE = 33;
  int MATCH_IPV6_DEST = 34;
  int MATCH_IP_TOS = 35;
  int MATCH_IP_PROTOCOL = 36;
  int MATCH_ETHERTYPE = 37;
  int MATCH_ICMP = 38;
  int MATCH_IP_SOURCE_PORT_RANGE = 39;
  int MATCH_IP_DEST_PORT_RANGE = 40;
  int MATCH_CHARACTERISTICS = 41;
  int MATCH_FRAME_SIZE_RANGE = 42;
  int MATCH_RANDOM = 43;
  int MATCH_TAGS_DIFFERENCE = 44;
  int MATCH_TAGS_BITWISE_AND = 45;
  int MATCH_TAGS_BITWISE_OR = 46;
  int MATCH_TAGS_BITWISE_XOR = 47;
  int MATCH_TAGS_EQUAL = 48;
  int MATCH_TAG_SENDER = 49;
  int MATCH_TAG_RECEIVER = 50;
  int MATCH_INTEGER_RANGE = 51;

  /** The type byte keeps six bits for the code. */
  int MAX_CODE = 63;

  int FLAG_NOT = 0x80;
  int FLAG_OR = 0x40;

  /** Characteristics bits ({@code ZT_RULE_PACKET_CHARACTERISTICS_*}). */
  long CHARACTERISTICS_INBOUND = 1L << 63;

  long CHARACTERISTICS_MULTICAST = 1L << 62;
  long CHARACTERISTICS_BROADCAST = 1L << 61;
  long CHARACTERISTICS_SENDER_IP_AUTHENTICATED = 1L << 60;
  long CHARACTERISTICS_SENDER_MAC_AUTHENTICATED = 1L << 59;

  /** The low 12 bits are the TCP flags: reserved(3) NS CWR ECE URG ACK PSH RST SYN FIN. */
  long CHARACTERISTICS_TCP_FLAGS = 0xfff;

  long CHARACTERISTICS_TCP_SYN = 0x002;
  long CHARACTERISTICS_TCP_ACK = 0x010;

  /** The six-bit type code, 0..63. */
  int code();

  boolean not();

  boolean or();

  /** The type byte as transmitted: code plus the NOT and OR bits. */
  default int typeByte() {
    return code() | (not() ? FLAG_NOT : 0) | (or() ? FLAG_OR : 0);
  }

  default boolean isAction() {
    return code() <= ACTION_MAX_CODE;
  }

  /** The ZeroTier name of a code ("MATCH_ETHERTYPE"), or "UNKNOWN_n". */
  static String typeName(int code) {
    String name = code >= 0 && code < RuleNames.NAMES.length ? RuleNames.NAMES[code] : null;
    return name != null ? name : "UNKNOWN_" + code;
  }

  /** The code of a ZeroTier type name, or -1. */
  static int codeOf(String typeName) {
    for (int code = 0; code < RuleNames.NAMES.length; code++) {
      if (typeName.equals(RuleNames.NAMES[code])) {
        return code;
      }
    }
    return -1;
  }

  /** TEE, WATCH and REDIRECT: where to send the frame and how much of it. */
  sealed interface Forward extends Rule {
    /** The raw 64-bit wire value; its low 40 bits are the ZeroTier address. */
    long address();

    long flags();

    /** Bytes of the payload to copy, 0 for all (TEE and WATCH only). */
    int length();

    /** The ZeroTier address stock acts on: the low 40 bits of {@link #address()}. */
    default Address target() {
      return new Address(address() & Address.MASK);
    }
  }

  /** The seven tag matches, which share an id and a value. */
  sealed interface TagMatch extends Rule {
    long id();

    long value();
  }

  // ---- actions ---------------------------------------------------------------------------------

  record ActionDrop(boolean not, boolean or) implements Rule {
    public ActionDrop() {
      this(false, false);
    }

    @Override
    public int code() {
      return ACTION_DROP;
    }
  }

  record ActionAccept(boolean not, boolean or) implements Rule {
    public ActionAccept() {
      this(false, false);
    }

    @Override
    public int code() {
      return ACTION_ACCEPT;
    }
  }

  /**
   * Sends a copy of the frame to {@code address} and goes on. {@code address} is the raw 64-bit
   * wire value, of which the low 40 bits are the ZeroTier address; {@code length} caps the copied
   * bytes (0 = all).
   */
  record ActionTee(long address, long flags, int length, boolean not, boolean or)
      implements Forward {
    public ActionTee {
      RuleChecks.u32(flags, "flags");
      RuleChecks.u16(length, "length");
    }

    public ActionTee(Address address, long flags, int length) {
      this(address.value(), flags, length, false, false);
    }

    @Override
    public int code() {
      return ACTION_TEE;
    }
  }

  /** Like TEE, but stock asks the observer to acknowledge the copy. */
  record ActionWatch(long address, long flags, int length, boolean not, boolean or)
      implements Forward {
    public ActionWatch {
      RuleChecks.u32(flags, "flags");
      RuleChecks.u16(length, "length");
    }

    public ActionWatch(Address address, long flags, int length) {
      this(address.value(), flags, length, false, false);
    }

    @Override
    public int code() {
      return ACTION_WATCH;
    }
  }

  /** Sends the frame to {@code address} instead of its destination; {@code length} is unused. */
  record ActionRedirect(long address, long flags, int length, boolean not, boolean or)
      implements Forward {
    public ActionRedirect {
      RuleChecks.u32(flags, "flags");
      RuleChecks.u16(length, "length");
    }

    public ActionRedirect(Address address, long flags) {
      this(address.value(), flags, 0, false, false);
    }

    @Override
    public int code() {
      return ACTION_REDIRECT;
    }
  }

  /** Ends this rule table with no decision, so capabilities are tried next. */
  record ActionBreak(boolean not, boolean or) implements Rule {
    public ActionBreak() {
      this(false, false);
    }

    @Override
    public int code() {
      return ACTION_BREAK;
    }
  }

  /**
   * Accepts into a QoS bucket. Stock 1.14.1 writes it with an empty value, so the bucket never
   * reaches the receiver; evaluation treats it as ACCEPT.
   */
  record ActionPriority(boolean not, boolean or) implements Rule {
    public ActionPriority() {
      this(false, false);
    }

    @Override
    public int code() {
      return ACTION_PRIORITY;
    }
  }

  // ---- matches ---------------------------------------------------------------------------------

  record MatchSourceZeroTierAddress(Address address, boolean not, boolean or) implements Rule {
    public MatchSourceZeroTierAddress {
      RuleChecks.notNull(address, "address");
    }

    public MatchSourceZeroTierAddress(Address address) {
      this(address, false, false);
    }

    @Override
    public int code() {
      return MATCH_SOURCE_ZEROTIER_ADDRESS;
    }
  }

  record MatchDestZeroTierAddress(Address address, boolean not, boolean or) implements Rule {
    public MatchDestZeroTierAddress {
      RuleChecks.notNull(address, "address");
    }

    public MatchDestZeroTierAddress(Address address) {
      this(address, false, false);
    }

    @Override
    public int code() {
      return MATCH_DEST_ZEROTIER_ADDRESS;
    }
  }

  record MatchVlanId(int vlanId, boolean not, boolean or) implements Rule {
    public MatchVlanId {
      RuleChecks.u16(vlanId, "vlanId");
    }

    public MatchVlanId(int vlanId) {
      this(vlanId, false, false);
    }

    @Override
    public int code() {
      return MATCH_VLAN_ID;
    }
  }

  /** Stock does not read the frame's PCP: this matches exactly when {@code vlanPcp} is 0. */
  record MatchVlanPcp(int vlanPcp, boolean not, boolean or) implements Rule {
    public MatchVlanPcp {
      RuleChecks.u8(vlanPcp, "vlanPcp");
    }

    public MatchVlanPcp(int vlanPcp) {
      this(vlanPcp, false, false);
    }

    @Override
    public int code() {
      return MATCH_VLAN_PCP;
    }
  }

  /** Stock does not read the frame's DEI: this matches exactly when {@code vlanDei} is 0. */
  record MatchVlanDei(int vlanDei, boolean not, boolean or) implements Rule {
    public MatchVlanDei {
      RuleChecks.u8(vlanDei, "vlanDei");
    }

    public MatchVlanDei(int vlanDei) {
      this(vlanDei, false, false);
    }

    @Override
    public int code() {
      return MATCH_VLAN_DEI;
    }
  }

  record MatchMacSource(MacAddress mac, boolean not, boolean or) implements Rule {
    public MatchMacSource {
      RuleChecks.notNull(mac, "mac");
    }

    public MatchMacSource(MacAddress mac) {
      this(mac, false, false);
    }

    @Override
    public int code() {
      return MATCH_MAC_SOURCE;
    }
  }

  record MatchMacDest(MacAddress mac, boolean not, boolean or) implements Rule {
    public MatchMacDest {
      RuleChecks.notNull(mac, "mac");
    }

    public MatchMacDest(MacAddress mac) {
      this(mac, false, false);
    }

    @Override
    public int code() {
      return MATCH_MAC_DEST;
    }
  }

  record MatchIpv4Source(Ipv4Cidr cidr, boolean not, boolean or) implements Rule {
    public MatchIpv4Source {
      RuleChecks.notNull(cidr, "cidr");
    }

    public MatchIpv4Source(Ipv4Cidr cidr) {
      this(cidr, false, false);
    }

    @Override
    public int code() {
      return MATCH_IPV4_SOURCE;
    }
  }

  record MatchIpv4Dest(Ipv4Cidr cidr, boolean not, boolean or) implements Rule {
    public MatchIpv4Dest {
      RuleChecks.notNull(cidr, "cidr");
    }

    public MatchIpv4Dest(Ipv4Cidr cidr) {
      this(cidr, false, false);
    }

    @Override
    public int code() {
      return MATCH_IPV4_DEST;
    }
  }

  record MatchIpv6Source(Ipv6Cidr cidr, boolean not, boolean or) implements Rule {
    public MatchIpv6Source {
      RuleChecks.notNull(cidr, "cidr");
    }

    public MatchIpv6Source(Ipv6Cidr cidr) {
      this(cidr, false, false);
    }

    @Override
    public int code() {
      return MATCH_IPV6_SOURCE;
    }
  }

  record MatchIpv6Dest(Ipv6Cidr cidr, boolean not, boolean or) implements Rule {
    public MatchIpv6Dest {
      RuleChecks.notNull(cidr, "cidr");
    }

    public MatchIpv6Dest(Ipv6Cidr cidr) {
      this(cidr, false, false);
    }

    @Override
    public int code() {
      return MATCH_IPV6_DEST;
    }
  }

  /** IPv4 TOS byte (IPv6 traffic class) masked with {@code mask}, within start..end. */
  record MatchIpTos(int mask, int start, int end, boolean not, boolean or) implements Rule {
    public MatchIpTos {
      RuleChecks.u8(mask, "mask");
      RuleChecks.u8(start, "start");
      RuleChecks.u8(end, "end");
    }

    public MatchIpTos(int mask, int start, int end) {
      this(mask, start, end, false, false);
    }

    @Override
    public int code() {
      return MATCH_IP_TOS;
    }
  }

  record MatchIpProtocol(int ipProtocol, boolean not, boolean or) implements Rule {
    public MatchIpProtocol {
      RuleChecks.u8(ipProtocol, "ipProtocol");
    }

    public MatchIpProtocol(int ipProtocol) {
      this(ipProtocol, false, false);
    }

    @Override
    public int code() {
      return MATCH_IP_PROTOCOL;
    }
  }

  record MatchEtherType(int etherType, boolean not, boolean or) implements Rule {
    public MatchEtherType {
      RuleChecks.u16(etherType, "etherType");
    }

    public MatchEtherType(int etherType) {
      this(etherType, false, false);
    }

    @Override
    public int code() {
      return MATCH_ETHERTYPE;
    }
  }

  /**
   * ICMP (v4 or v6) type, and the code too when bit 0x01 of {@code flags} is set. The raw code and
   * flags bytes are kept as transmitted.
   */
  record MatchIcmp(int icmpType, int icmpCode, int flags, boolean not, boolean or) implements Rule {
    public static final int FLAG_CODE_SIGNIFICANT = 0x01;

    public MatchIcmp {
      RuleChecks.u8(icmpType, "icmpType");
      RuleChecks.u8(icmpCode, "icmpCode");
      RuleChecks.u8(flags, "flags");
    }

    /** {@code icmpCode} null matches any code. */
    public MatchIcmp(int icmpType, Integer icmpCode) {
      this(
          icmpType,
          icmpCode == null ? 0 : icmpCode,
          icmpCode == null ? 0 : FLAG_CODE_SIGNIFICANT,
          false,
          false);
    }

    public boolean codeSignificant() {
      return (flags & FLAG_CODE_SIGNIFICANT) != 0;
    }

    @Override
    public int code() {
      return MATCH_ICMP;
    }
  }

  record MatchIpSourcePortRange(int start, int end, boolean not, boolean or) implements Rule {
    public MatchIpSourcePortRange {
      RuleChecks.u16(start, "start");
      RuleChecks.u16(end, "end");
    }

    public MatchIpSourcePortRange(int start, int end) {
      this(start, end, false, false);
    }

    @Override
    public int code() {
      return MATCH_IP_SOURCE_PORT_RANGE;
    }
  }

  record MatchIpDestPortRange(int start, int end, boolean not, boolean or) implements Rule {
    public MatchIpDestPortRange {
      RuleChecks.u16(start, "start");
      RuleChecks.u16(end, "end");
    }

    public MatchIpDestPortRange(int start, int end) {
      this(start, end, false, false);
    }

    @Override
    public int code() {
      return MATCH_IP_DEST_PORT_RANGE;
    }
  }

  /** Matches when any bit of {@code mask} is set in the frame's characteristics. */
  record MatchCharacteristics(long mask, boolean not, boolean or) implements Rule {
    public MatchCharacteristics(long mask) {
      this(mask, false, false);
    }

    @Override
    public int code() {
      return MATCH_CHARACTERISTICS;
    }
  }

  /** The frame's payload length (after the Ethernet header) within start..end. */
  record MatchFrameSizeRange(int start, int end, boolean not, boolean or) implements Rule {
    public MatchFrameSizeRange {
      RuleChecks.u16(start, "start");
      RuleChecks.u16(end, "end");
    }

    public MatchFrameSizeRange(int start, int end) {
      this(start, end, false, false);
    }

    @Override
    public int code() {
      return MATCH_FRAME_SIZE_RANGE;
    }
  }

  /** Matches when a random u32 is at most {@code probability} (0xffffffff = always). */
  record MatchRandom(long probability, boolean not, boolean or) implements Rule {
    public MatchRandom {
      RuleChecks.u32(probability, "probability");
    }

    public MatchRandom(long probability) {
      this(probability, false, false);
    }

    @Override
    public int code() {
      return MATCH_RANDOM;
    }
  }

  /** |local tag − remote tag| ≤ value. */
  record MatchTagsDifference(long id, long value, boolean not, boolean or) implements TagMatch {
    public MatchTagsDifference {
      RuleChecks.tag(id, value);
    }

    public MatchTagsDifference(long id, long value) {
      this(id, value, false, false);
    }

    @Override
    public int code() {
      return MATCH_TAGS_DIFFERENCE;
    }
  }

  /** (local tag AND remote tag) = value. */
  record MatchTagsBitwiseAnd(long id, long value, boolean not, boolean or) implements TagMatch {
    public MatchTagsBitwiseAnd {
      RuleChecks.tag(id, value);
    }

    public MatchTagsBitwiseAnd(long id, long value) {
      this(id, value, false, false);
    }

    @Override
    public int code() {
      return MATCH_TAGS_BITWISE_AND;
    }
  }

  /** (local tag OR remote tag) = value. */
  record MatchTagsBitwiseOr(long id, long value, boolean not, boolean or) implements TagMatch {
    public MatchTagsBitwiseOr {
      RuleChecks.tag(id, value);
    }

    public MatchTagsBitwiseOr(long id, long value) {
      this(id, value, false, false);
    }

    @Override
    public int code() {
      return MATCH_TAGS_BITWISE_OR;
    }
  }

  /** (local tag XOR remote tag) = value. */
  record MatchTagsBitwiseXor(long id, long value, boolean not, boolean or) implements TagMatch {
    public MatchTagsBitwiseXor {
      RuleChecks.tag(id, value);
    }

    public MatchTagsBitwiseXor(long id, long value) {
      this(id, value, false, false);
    }

    @Override
    public int code() {
      return MATCH_TAGS_BITWISE_XOR;
    }
  }

  /** Both ends hold tag {@code id} with this value. */
  record MatchTagsEqual(long id, long value, boolean not, boolean or) implements TagMatch {
    public MatchTagsEqual {
      RuleChecks.tag(id, value);
    }

    public MatchTagsEqual(long id, long value) {
      this(id, value, false, false);
    }

    @Override
    public int code() {
      return MATCH_TAGS_EQUAL;
    }
  }

  record MatchTagSender(long id, long value, boolean not, boolean or) implements TagMatch {
    public MatchTagSender {
      RuleChecks.tag(id, value);
    }

    public MatchTagSender(long id, long value) {
      this(id, value, false, false);
    }

    @Override
    public int code() {
      return MATCH_TAG_SENDER;
    }
  }

  record MatchTagReceiver(long id, long value, boolean not, boolean or) implements TagMatch {
    public MatchTagReceiver {
      RuleChecks.tag(id, value);
    }

    public MatchTagReceiver(long id, long value) {
      this(id, value, false, false);
    }

    @Override
    public int code() {
      return MATCH_TAG_RECEIVER;
    }
  }

  /**
   * An integer read from the frame payload within start..end (unsigned). {@code end} is the
   * absolute end as transmitted; stock keeps only {@code end - start} as a u32. {@code format}
   * holds the width ({@code (format & 63) + 1} bits) and bit 0x80 for little-endian.
   */
  record MatchIntegerRange(long start, long end, int idx, int format, boolean not, boolean or)
      implements Rule {
    public static final int FORMAT_LITTLE_ENDIAN = 0x80;

    public MatchIntegerRange {
      RuleChecks.u16(idx, "idx");
      RuleChecks.u8(format, "format");
    }

    public static MatchIntegerRange of(long start, long end, int idx, boolean little, int bits) {
      if (bits < 1 || bits > 64) {
        throw new IllegalArgumentException("bits must be 1..64: " + bits);
      }
      return new MatchIntegerRange(
          start, end, idx, (little ? FORMAT_LITTLE_ENDIAN : 0) | (bits - 1), false, false);
    }

    public boolean little() {
      return (format & FORMAT_LITTLE_ENDIAN) != 0;
    }

    public int bits() {
      return (format & 63) + 1;
    }

    /** The inclusive upper bound stock compares against: start + (u32) (end − start). */
    public long effectiveEnd() {
      return start + ((end - start) & 0xffff_ffffL);
    }

    @Override
    public int code() {
      return MATCH_INTEGER_RANGE;
    }
  }

  /**
   * A type this implementation does not know, kept as transmitted so that it re-encodes to the same
   * bytes. Codes up to {@link #ACTION_MAX_CODE} are no-op actions; higher codes match as the
   * network's "rules result of unsupported match" flag says.
   */
  record UnknownRule(int code, byte[] value, boolean not, boolean or) implements Rule {
    public UnknownRule {
      if (code < 0 || code > MAX_CODE || RuleNames.isKnown(code)) {
        throw new IllegalArgumentException("not an unknown rule code: " + code);
      }
      if (value.length > 255) {
        throw new IllegalArgumentException("rule value longer than 255 bytes: " + value.length);
      }
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    int valueLength() {
      return value.length;
    }

    byte[] valueUnsafe() {
      return value;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof UnknownRule that
          && code == that.code
          && not == that.not
          && or == that.or
          && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * (31 * code + Boolean.hashCode(not)) + Boolean.hashCode(or))
          + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "UnknownRule[code="
          + code
          + ", value="
          + HexFormat.of().formatHex(value)
          + ", not="
          + not
          + ", or="
          + or
          + "]";
    }
  }
}
