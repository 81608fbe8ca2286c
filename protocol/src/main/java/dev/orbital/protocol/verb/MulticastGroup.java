package dev.orbital.protocol.verb;

import dev.orbital.protocol.MacAddress;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Objects;

/**
 * A multicast group: an Ethernet multicast MAC and a 32-bit "additional distinguishing information"
 * (ADI). ARP for an IPv4 address uses the broadcast MAC with the address as ADI.
 *
 * <pre>
 * mac(6) adi(4)
 * </pre>
 */
public record MulticastGroup(MacAddress mac, long adi) {

  public static final int LENGTH = MacAddress.LENGTH + 4;

  public MulticastGroup {
    Objects.requireNonNull(mac, "mac");
    Blobs.checkU32(adi, "ADI");
  }

  /** The group that broadcast ARP requests for {@code ipv4} go to. */
  public static MulticastGroup arp(int ipv4) {
    return new MulticastGroup(MacAddress.BROADCAST, ipv4 & 0xffff_ffffL);
  }

  static MulticastGroup read(WireReader in) throws ProtocolException {
    return new MulticastGroup(readMac(in), in.u32());
  }

  static MacAddress readMac(WireReader in) throws ProtocolException {
    long high = in.u16();
    return new MacAddress((high << 32) | in.u32());
  }

  static void writeMac(ByteBuffer out, MacAddress mac) {
    out.putShort((short) (mac.value() >>> 32)).putInt((int) mac.value());
  }

  void write(ByteBuffer out) {
    writeMac(out, mac);
    out.putInt((int) adi);
  }

  @Override
  public String toString() {
    return mac + "/" + String.format(Locale.ROOT, "%08x", adi);
  }
}
