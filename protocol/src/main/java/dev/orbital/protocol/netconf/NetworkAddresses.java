package dev.orbital.protocol.netconf;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.MacAddress;
import java.util.Locale;

/**
 * What a 64-bit network ID and a member's 40-bit address derive: the controller, the member's
 * Ethernet MAC and its RFC4193 and 6PLANE IPv6 addresses.
 *
 * <pre>
 * network ID      controller address(40 bits) ‖ controller-chosen(24 bits)
 * member MAC      firstOctet ‖ address(5) XOR nwid bytes (MAC byte 1 ^ nwid bits 8-15 ... byte 5 ^ bits 40-47)
 *                 firstOctet = (nwid &amp; 0xfe) | 0x02, but 0x52 becomes 0x32
 * RFC4193 /88     fd ‖ nwid(8) ‖ 99 93 ‖ address(5)
 * 6PLANE  /40     fc ‖ n(4) ‖ address(5) ‖ 00 00 00 00 00 01     n = low 32 bits of nwid ^ (nwid &gt;&gt;&gt; 32)
 *                 (each member owns the /80 under its address)
 * </pre>
 *
 * The IPv6 derivations return an {@link IpEndpoint} whose port holds the prefix length, as
 * ZeroTier's network configs do.
 */
public final class NetworkAddresses {

  public static final int RFC4193_PREFIX_BITS = 88;
  public static final int SIX_PLANE_PREFIX_BITS = 40;
  public static final int SIX_PLANE_MEMBER_PREFIX_BITS = 80;

  /** Network IDs beginning 0xff are ad-hoc networks configured locally, without a controller. */
  public static final int AD_HOC_PREFIX = 0xff;

  /** libvirt/KVM use 0x52 as their MAC prefix, so ZeroTier swaps it for 0x32. */
  private static final int KVM_FIRST_OCTET = 0x52;

  private static final int REPLACEMENT_FIRST_OCTET = 0x32;

  private NetworkAddresses() {}

  /** The controller of a network: the top 40 bits of its ID. */
  public static Address controllerOf(long networkId) {
    return new Address(networkId >>> 24);
  }

  /** A network ID from its controller and the 24 bits the controller picked. */
  public static long networkId(Address controller, int localId) {
    if ((localId & ~0xff_ffff) != 0) {
      throw new IllegalArgumentException("local network ID wider than 24 bits: " + localId);
    }
    return (controller.value() << 24) | localId;
  }

  public static boolean isAdHoc(long networkId) {
    return (networkId >>> 56) == AD_HOC_PREFIX;
  }

  public static String format(long networkId) {
    return String.format(Locale.ROOT, "%016x", networkId);
  }

  public static long parse(String hex) {
    if (hex == null || hex.length() != 16) {
      throw new IllegalArgumentException("network ID must be 16 hex digits: " + hex);
    }
    try {
      return Long.parseUnsignedLong(hex, 16);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("network ID must be 16 hex digits: " + hex, e);
    }
  }

  /** The first byte of every member MAC on this network: locally administered, unicast. */
  public static int macFirstOctet(long networkId) {
    int octet = ((int) networkId & 0xfe) | 0x02;
    return octet == KVM_FIRST_OCTET ? REPLACEMENT_FIRST_OCTET : octet;
  }

  /** The Ethernet MAC a member with this address has on this network. */
  public static MacAddress memberMac(long networkId, Address member) {
    long mac = ((long) macFirstOctet(networkId) << 40) | (member.value() ^ addressMask(networkId));
    return new MacAddress(mac);
  }

  /**
   * The address whose member MAC this is (XOR is its own inverse). The MAC's first byte is not
   * checked; see {@link #isMemberMac} for that.
   */
  public static Address addressOf(long networkId, MacAddress mac) {
    return new Address((mac.value() & Address.MASK) ^ addressMask(networkId));
  }

  /** Whether this MAC has the first byte member MACs of this network have. */
  public static boolean isMemberMac(long networkId, MacAddress mac) {
    return (mac.value() >>> 40) == macFirstOctet(networkId);
  }

  /** nwid bytes 1..5 (bits 8-47), reversed so bits 8-15 land on the address's top byte. */
  private static long addressMask(long networkId) {
    return (((networkId >>> 8) & 0xff) << 32)
        | (((networkId >>> 16) & 0xff) << 24)
        | (((networkId >>> 24) & 0xff) << 16)
        | (((networkId >>> 32) & 0xff) << 8)
        | ((networkId >>> 40) & 0xff);
  }

  /** The member's RFC4193 address, with prefix length 88. */
  public static IpEndpoint rfc4193(long networkId, Address member) {
    byte[] ip = new byte[16];
    ip[0] = (byte) 0xfd;
    for (int i = 0; i < 8; i++) {
      ip[1 + i] = (byte) (networkId >>> (56 - 8 * i));
    }
    ip[9] = (byte) 0x99;
    ip[10] = (byte) 0x93;
    member.write(ip, 11);
    return IpEndpoint.of(ip, RFC4193_PREFIX_BITS);
  }

  /** The member's 6PLANE address, with prefix length 40 (the network's 6PLANE prefix). */
  public static IpEndpoint sixPlane(long networkId, Address member) {
    int folded = (int) (networkId ^ (networkId >>> 32));
    byte[] ip = new byte[16];
    ip[0] = (byte) 0xfc;
    ip[1] = (byte) (folded >>> 24);
    ip[2] = (byte) (folded >>> 16);
    ip[3] = (byte) (folded >>> 8);
    ip[4] = (byte) folded;
    member.write(ip, 5);
    ip[15] = 0x01;
    return IpEndpoint.of(ip, SIX_PLANE_PREFIX_BITS);
  }
}
