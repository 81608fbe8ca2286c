package dev.orbital.node.tap;

/**
 * The TAP interface name of a network: {@code zt} and eight base-32 characters of the network ID
 * folded to 40 bits, so the same network always gets the same name and the name fits IFNAMSIZ.
 */
public final class TapNames {

  private static final String PREFIX = "zt";
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  private TapNames() {}

  public static String forNetwork(long networkId) {
    long folded = (networkId ^ (networkId >>> 40)) & 0xff_ffff_ffffL;
    char[] name = new char[PREFIX.length() + 8];
    PREFIX.getChars(0, PREFIX.length(), name, 0);
    for (int i = 0; i < 8; i++) {
      name[PREFIX.length() + i] = ALPHABET[(int) (folded >>> (35 - 5 * i)) & 0x1f];
    }
    return new String(name);
  }
}
