package dev.orbital.protocol.rules;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.MacAddress;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The controller's JSON form of rules ({@code controller/EmbeddedNetworkController.cpp}, {@code
 * _renderRule} / {@code _parseRule}) as plain maps and lists, the shape a JSON library reads and
 * writes. Each rule is {@code {"type": "MATCH_ETHERTYPE", "not": false, "or": false, "etherType":
 * 2048}}; actions carry no "not"/"or" when rendered, as in stock.
 *
 * <p>Rendering follows stock: keys sorted, ZeroTier addresses as 10 hex digits, MACs as
 * "aa:bb:cc:dd:ee:ff", IPs as CIDR text, the characteristics mask and INTEGER_RANGE bounds as 16
 * hex digits, an ICMP code of null meaning "any code". Parsing accepts what stock renders and what
 * it documents as defaults (missing "not"/"or" are false, a missing range end is the start,
 * TEE/WATCH "flags"/"length" are 0, INTEGER_RANGE "idx" 0, "little" false, "bits" 1) but, unlike
 * stock, which masks or zeroes bad input, it rejects a missing or out-of-range value with a {@link
 * RuleJsonException} that names the field. Unknown keys are ignored, as in stock.
 */
public final class RuleJson {

  /** Stock's JSON type name for MATCH_INTEGER_RANGE, the one name without its prefix. */
  public static final String INTEGER_RANGE_TYPE = "INTEGER_RANGE";

  private static final long U8 = 0xff;
  private static final long U16 = 0xffff;
  private static final long U32 = 0xffff_ffffL;

  private RuleJson() {}

  // ---- render ----------------------------------------------------------------------------------

  public static List<Map<String, Object>> toJson(List<? extends Rule> rules) {
    List<Map<String, Object>> out = new ArrayList<>(rules.size());
    for (Rule rule : rules) {
      out.add(toJson(rule));
    }
    return out;
  }

  /**
   * One rule as stock renders it.
   *
   * @throws IllegalArgumentException for ACTION_PRIORITY and unknown types, which stock's
   *     controller has no JSON form for
   */
  public static Map<String, Object> toJson(Rule rule) {
    Map<String, Object> json = new TreeMap<>();
    json.put("type", rule.code() == Rule.MATCH_INTEGER_RANGE ? INTEGER_RANGE_TYPE : typeOf(rule));
    if (rule instanceof Rule.Forward forward) {
      json.put("address", forward.target().toString());
      json.put("flags", number(forward.flags()));
      if (rule.code() != Rule.ACTION_REDIRECT) {
        json.put("length", forward.length());
      }
    } else if (rule instanceof Rule.ActionPriority || rule instanceof Rule.UnknownRule) {
      throw new IllegalArgumentException(typeOf(rule) + " has no JSON form");
    }
    if (rule.isAction()) {
      return json;
    }
    json.put("not", rule.not());
    json.put("or", rule.or());
    if (rule instanceof Rule.MatchSourceZeroTierAddress r) {
      json.put("zt", r.address().toString());
    } else if (rule instanceof Rule.MatchDestZeroTierAddress r) {
      json.put("zt", r.address().toString());
    } else if (rule instanceof Rule.MatchVlanId r) {
      json.put("vlanId", r.vlanId());
    } else if (rule instanceof Rule.MatchVlanPcp r) {
      json.put("vlanPcp", r.vlanPcp());
    } else if (rule instanceof Rule.MatchVlanDei r) {
      json.put("vlanDei", r.vlanDei());
    } else if (rule instanceof Rule.MatchMacSource r) {
      json.put("mac", r.mac().toString());
    } else if (rule instanceof Rule.MatchMacDest r) {
      json.put("mac", r.mac().toString());
    } else if (rule instanceof Rule.MatchIpv4Source r) {
      json.put("ip", r.cidr().toString());
    } else if (rule instanceof Rule.MatchIpv4Dest r) {
      json.put("ip", r.cidr().toString());
    } else if (rule instanceof Rule.MatchIpv6Source r) {
      json.put("ip", r.cidr().toString());
    } else if (rule instanceof Rule.MatchIpv6Dest r) {
      json.put("ip", r.cidr().toString());
    } else if (rule instanceof Rule.MatchIpTos r) {
      json.put("mask", r.mask());
      json.put("start", r.start());
      json.put("end", r.end());
    } else if (rule instanceof Rule.MatchIpProtocol r) {
      json.put("ipProtocol", r.ipProtocol());
    } else if (rule instanceof Rule.MatchEtherType r) {
      json.put("etherType", r.etherType());
    } else if (rule instanceof Rule.MatchIcmp r) {
      json.put("icmpType", r.icmpType());
      json.put("icmpCode", r.codeSignificant() ? r.icmpCode() : null);
    } else if (rule instanceof Rule.MatchIpSourcePortRange r) {
      json.put("start", r.start());
      json.put("end", r.end());
    } else if (rule instanceof Rule.MatchIpDestPortRange r) {
      json.put("start", r.start());
      json.put("end", r.end());
    } else if (rule instanceof Rule.MatchCharacteristics r) {
      json.put("mask", hex64(r.mask()));
    } else if (rule instanceof Rule.MatchFrameSizeRange r) {
      json.put("start", r.start());
      json.put("end", r.end());
    } else if (rule instanceof Rule.MatchRandom r) {
      json.put("probability", number(r.probability()));
    } else if (rule instanceof Rule.TagMatch r) {
      json.put("id", number(r.id()));
      json.put("value", number(r.value()));
    } else if (rule instanceof Rule.MatchIntegerRange r) {
      json.put("start", hex64(r.start()));
      json.put("end", hex64(r.effectiveEnd()));
      json.put("idx", r.idx());
      json.put("little", r.little());
      json.put("bits", r.bits());
    }
    return json;
  }

  private static String typeOf(Rule rule) {
    return Rule.typeName(rule.code());
  }

  /** The narrowest boxed type, as a JSON library reads the number back. */
  private static Number number(long value) {
    return value == (int) value ? (Number) (int) value : (Number) value;
  }

  private static String hex64(long value) {
    return String.format(Locale.ROOT, "%016x", value);
  }

  // ---- parse -----------------------------------------------------------------------------------

  /** A network's "rules" array: at most {@link RuleCodec#MAX_NETWORK_RULES}, errors "rules[i]". */
  public static List<Rule> fromJson(Object rules) {
    return fromJson(rules, "rules", RuleCodec.MAX_NETWORK_RULES);
  }

  /**
   * A rules array found at {@code path} ("capabilities[2].rules"), holding at most {@code
   * maxRules}.
   */
  public static List<Rule> fromJson(Object rules, String path, int maxRules) {
    if (!(rules instanceof List<?> list)) {
      throw new RuleJsonException(path, "must be an array");
    }
    if (list.size() > maxRules) {
      throw new RuleJsonException(path, "at most " + maxRules + " rules (got " + list.size() + ")");
    }
    List<Rule> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      out.add(ruleFromJson(list.get(i), path + "[" + i + "]"));
    }
    return out;
  }

  /** One rule object; {@code path} names it in errors. */
  public static Rule ruleFromJson(Object rule, String path) {
    if (!(rule instanceof Map<?, ?> map)) {
      throw new RuleJsonException(path, "must be an object");
    }
    Fields f = new Fields(map, path);
    Object typeValue = map.get("type");
    if (!(typeValue instanceof String type)) {
      throw new RuleJsonException(path + ".type", "must be a rule type name");
    }
    // Stock's controller names INTEGER_RANGE without its prefix and has no JSON for PRIORITY.
    int code = INTEGER_RANGE_TYPE.equals(type) ? Rule.MATCH_INTEGER_RANGE : Rule.codeOf(type);
    boolean stockName =
        code != Rule.ACTION_PRIORITY
            && (code != Rule.MATCH_INTEGER_RANGE || INTEGER_RANGE_TYPE.equals(type));
    if (code < 0 || !stockName) {
      throw new RuleJsonException(path + ".type", "unknown rule type \"" + type + "\"");
    }
    boolean not = f.bool("not", false);
    boolean or = f.bool("or", false);
    return switch (code) {
      case Rule.ACTION_DROP -> new Rule.ActionDrop(not, or);
      case Rule.ACTION_ACCEPT -> new Rule.ActionAccept(not, or);
      case Rule.ACTION_BREAK -> new Rule.ActionBreak(not, or);
      case Rule.ACTION_TEE ->
          new Rule.ActionTee(
              f.address("address").value(),
              f.integer("flags", 0, U32, 0L),
              (int) f.integer("length", 0, U16, 0L),
              not,
              or);
      case Rule.ACTION_WATCH ->
          new Rule.ActionWatch(
              f.address("address").value(),
              f.integer("flags", 0, U32, 0L),
              (int) f.integer("length", 0, U16, 0L),
              not,
              or);
      case Rule.ACTION_REDIRECT ->
          new Rule.ActionRedirect(
              f.address("address").value(), f.integer("flags", 0, U32, 0L), 0, not, or);
      case Rule.MATCH_SOURCE_ZEROTIER_ADDRESS ->
          new Rule.MatchSourceZeroTierAddress(f.address("zt"), not, or);
      case Rule.MATCH_DEST_ZEROTIER_ADDRESS ->
          new Rule.MatchDestZeroTierAddress(f.address("zt"), not, or);
      case Rule.MATCH_VLAN_ID -> new Rule.MatchVlanId(f.u16("vlanId"), not, or);
      case Rule.MATCH_VLAN_PCP -> new Rule.MatchVlanPcp(f.u8("vlanPcp"), not, or);
      case Rule.MATCH_VLAN_DEI -> new Rule.MatchVlanDei(f.u8("vlanDei"), not, or);
      case Rule.MATCH_MAC_SOURCE -> new Rule.MatchMacSource(f.mac("mac"), not, or);
      case Rule.MATCH_MAC_DEST -> new Rule.MatchMacDest(f.mac("mac"), not, or);
      case Rule.MATCH_IPV4_SOURCE -> new Rule.MatchIpv4Source(f.ipv4("ip"), not, or);
      case Rule.MATCH_IPV4_DEST -> new Rule.MatchIpv4Dest(f.ipv4("ip"), not, or);
      case Rule.MATCH_IPV6_SOURCE -> new Rule.MatchIpv6Source(f.ipv6("ip"), not, or);
      case Rule.MATCH_IPV6_DEST -> new Rule.MatchIpv6Dest(f.ipv6("ip"), not, or);
      case Rule.MATCH_IP_TOS ->
          new Rule.MatchIpTos(f.u8("mask"), f.u8("start"), f.u8("end"), not, or);
      case Rule.MATCH_IP_PROTOCOL -> new Rule.MatchIpProtocol(f.u8("ipProtocol"), not, or);
      case Rule.MATCH_ETHERTYPE -> new Rule.MatchEtherType(f.u16("etherType"), not, or);
      case Rule.MATCH_ICMP -> icmp(f, not, or);
      case Rule.MATCH_IP_SOURCE_PORT_RANGE -> {
        int start = f.u16("start");
        yield new Rule.MatchIpSourcePortRange(start, f.u16("end", start), not, or);
      }
      case Rule.MATCH_IP_DEST_PORT_RANGE -> {
        int start = f.u16("start");
        yield new Rule.MatchIpDestPortRange(start, f.u16("end", start), not, or);
      }
      case Rule.MATCH_CHARACTERISTICS -> new Rule.MatchCharacteristics(f.u64("mask"), not, or);
      case Rule.MATCH_FRAME_SIZE_RANGE -> {
        int start = f.u16("start");
        yield new Rule.MatchFrameSizeRange(start, f.u16("end", start), not, or);
      }
      case Rule.MATCH_RANDOM ->
          new Rule.MatchRandom(f.integer("probability", 0, U32, null), not, or);
      case Rule.MATCH_TAGS_DIFFERENCE ->
          new Rule.MatchTagsDifference(f.tagId(), f.tagValue(), not, or);
      case Rule.MATCH_TAGS_BITWISE_AND ->
          new Rule.MatchTagsBitwiseAnd(f.tagId(), f.tagValue(), not, or);
      case Rule.MATCH_TAGS_BITWISE_OR ->
          new Rule.MatchTagsBitwiseOr(f.tagId(), f.tagValue(), not, or);
      case Rule.MATCH_TAGS_BITWISE_XOR ->
          new Rule.MatchTagsBitwiseXor(f.tagId(), f.tagValue(), not, or);
      case Rule.MATCH_TAGS_EQUAL -> new Rule.MatchTagsEqual(f.tagId(), f.tagValue(), not, or);
      case Rule.MATCH_TAG_SENDER -> new Rule.MatchTagSender(f.tagId(), f.tagValue(), not, or);
      case Rule.MATCH_TAG_RECEIVER -> new Rule.MatchTagReceiver(f.tagId(), f.tagValue(), not, or);
      case Rule.MATCH_INTEGER_RANGE -> integerRange(f, not, or);
      default -> throw new RuleJsonException(path + ".type", "unknown rule type \"" + type + "\"");
    };
  }

  private static Rule icmp(Fields f, boolean not, boolean or) {
    int type = f.u8("icmpType");
    if (f.isNull("icmpCode")) {
      return new Rule.MatchIcmp(type, 0, 0, not, or);
    }
    return new Rule.MatchIcmp(
        type, f.u8("icmpCode"), Rule.MatchIcmp.FLAG_CODE_SIGNIFICANT, not, or);
  }

  private static Rule integerRange(Fields f, boolean not, boolean or) {
    long start = f.u64("start");
    long end = f.has("end") ? f.u64("end") : start;
    if (Long.compareUnsigned(end, start) < 0 || Long.compareUnsigned(end - start, U32) > 0) {
      // Stock keeps end - start as a u32, so a wider range would silently shrink.
      throw f.error("end", "must be within start..start+4294967295");
    }
    int idx = (int) f.integer("idx", 0, U16, 0L);
    boolean little = f.bool("little", false);
    int bits = (int) f.integer("bits", 1, 64, 1L);
    int format = (little ? Rule.MatchIntegerRange.FORMAT_LITTLE_ENDIAN : 0) | (bits - 1);
    return new Rule.MatchIntegerRange(start, end, idx, format, not, or);
  }

  /** Typed reads of one rule object's fields, each failing with the field's path. */
  private static final class Fields {
    private final Map<?, ?> map;
    private final String path;

    Fields(Map<?, ?> map, String path) {
      this.map = map;
      this.path = path;
    }

    RuleJsonException error(String field, String reason) {
      return new RuleJsonException(path + "." + field, reason);
    }

    boolean has(String field) {
      return map.get(field) != null;
    }

    boolean isNull(String field) {
      return map.get(field) == null;
    }

    boolean bool(String field, boolean fallback) {
      Object value = map.get(field);
      if (value == null) {
        return fallback;
      }
      if (!(value instanceof Boolean b)) {
        throw error(field, "must be true or false");
      }
      return b;
    }

    int u8(String field) {
      return (int) integer(field, 0, U8, null);
    }

    int u16(String field) {
      return (int) integer(field, 0, U16, null);
    }

    int u16(String field, int fallback) {
      return (int) integer(field, 0, U16, (long) fallback);
    }

    long tagId() {
      return integer("id", 0, U32, null);
    }

    long tagValue() {
      return integer("value", 0, U32, null);
    }

    /** An integer in min..max; {@code fallback} null makes the field required. */
    long integer(String field, long min, long max, Long fallback) {
      Object value = map.get(field);
      if (value == null) {
        if (fallback == null) {
          throw error(field, "required");
        }
        return fallback;
      }
      BigInteger number = asInteger(value);
      if (number == null
          || number.compareTo(BigInteger.valueOf(min)) < 0
          || number.compareTo(BigInteger.valueOf(max)) > 0) {
        throw error(field, "must be an integer " + min + ".." + max);
      }
      return number.longValue();
    }

    /** An unsigned 64-bit value: up to 16 hex digits (optionally "0x"), or a JSON integer. */
    long u64(String field) {
      Object value = map.get(field);
      if (value == null) {
        throw error(field, "required");
      }
      String reason = "must be up to 16 hex digits or an integer 0..18446744073709551615";
      if (value instanceof String text) {
        String hex = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        if (hex.isEmpty()
            || hex.length() > 16
            || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
          throw error(field, reason);
        }
        return Long.parseUnsignedLong(hex, 16);
      }
      BigInteger number = asInteger(value);
      if (number == null || number.signum() < 0 || number.bitLength() > 64) {
        throw error(field, reason);
      }
      return number.longValue();
    }

    Address address(String field) {
      Object value = map.get(field);
      if (value == null) {
        throw error(field, "required");
      }
      if (!(value instanceof String text)
          || text.length() != 10
          || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        throw error(field, "must be a ZeroTier address of 10 hex digits");
      }
      return Address.parse(text.toLowerCase(Locale.ROOT));
    }

    MacAddress mac(String field) {
      String text = string(field);
      try {
        return MacAddress.parse(text);
      } catch (IllegalArgumentException e) {
        throw error(field, "must be a MAC address like 02:00:00:00:00:01");
      }
    }

    Ipv4Cidr ipv4(String field) {
      String text = string(field);
      try {
        return Ipv4Cidr.parse(text);
      } catch (IllegalArgumentException e) {
        throw error(field, "must be an IPv4 CIDR like 10.0.0.0/8");
      }
    }

    Ipv6Cidr ipv6(String field) {
      String text = string(field);
      try {
        return Ipv6Cidr.parse(text);
      } catch (IllegalArgumentException e) {
        throw error(field, "must be an IPv6 CIDR like fd00::/8");
      }
    }

    private String string(String field) {
      Object value = map.get(field);
      if (value == null) {
        throw error(field, "required");
      }
      if (!(value instanceof String text)) {
        throw error(field, "must be a string");
      }
      return text;
    }

    /** Integral JSON numbers only; 1.0 or "1" are not integers here. */
    private static BigInteger asInteger(Object value) {
      if (value instanceof Integer
          || value instanceof Long
          || value instanceof Short
          || value instanceof Byte) {
        return BigInteger.valueOf(((Number) value).longValue());
      }
      if (value instanceof BigInteger big) {
        return big;
      }
      return null;
    }
  }
}
