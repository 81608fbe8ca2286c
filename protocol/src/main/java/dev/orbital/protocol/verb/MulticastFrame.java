package dev.orbital.protocol.verb;

import dev.orbital.protocol.MacAddress;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.netconf.CertificateOfMembership;
import dev.orbital.protocol.packet.Verb;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * MULTICAST_FRAME (0x0E): an Ethernet multicast or broadcast frame (ARP requests among them),
 * replicated by the sender to each known member of the group.
 *
 * <pre>
 * networkId(8) flags(1)
 * [COM             if flags &amp; 0x01]   deprecated, still parsed
 * [gatherLimit(4)  if flags &amp; 0x02]   also gather members: answer with OK(MULTICAST_FRAME)
 * [sourceMac(6)    if flags &amp; 0x04]   otherwise derived from the sender's address
 * destMac(6) destAdi(4) etherType(2) data(…)
 *
 * flags 0x08 = please replicate (to a multicast-replicator specialist)
 * </pre>
 *
 * Flags 0x01, 0x02 and 0x04 always match {@code com}, a non-zero {@code gatherLimit} and {@code
 * source}: the constructor sets or clears them. A gather limit of 0 asks for nothing, as if absent.
 */
public record MulticastFrame(
    long networkId,
    int flags,
    CertificateOfMembership com,
    long gatherLimit,
    MacAddress source,
    MulticastGroup group,
    int etherType,
    byte[] data)
    implements Message {

  public static final int FLAG_COM = 0x01;
  public static final int FLAG_GATHER_LIMIT = 0x02;
  public static final int FLAG_SOURCE_MAC = 0x04;
  public static final int FLAG_REPLICATE = 0x08;

  static final int FIXED_LENGTH = 8 + 1 + MulticastGroup.LENGTH + 2;

  public MulticastFrame {
    Blobs.checkU8(flags, "flags");
    Blobs.checkU32(gatherLimit, "gather limit");
    flags &= ~(FLAG_COM | FLAG_GATHER_LIMIT | FLAG_SOURCE_MAC);
    flags |= (com == null ? 0 : FLAG_COM) | (gatherLimit == 0 ? 0 : FLAG_GATHER_LIMIT);
    flags |= source == null ? 0 : FLAG_SOURCE_MAC;
    Objects.requireNonNull(group, "group");
    Blobs.checkU16(etherType, "etherType");
    Objects.requireNonNull(data, "data");
  }

  public boolean replicate() {
    return (flags & FLAG_REPLICATE) != 0;
  }

  @Override
  public int verbCode() {
    return Verb.MULTICAST_FRAME.code();
  }

  @Override
  public int encodedLength() {
    return FIXED_LENGTH
        + (com == null ? 0 : com.encodedLength())
        + (gatherLimit == 0 ? 0 : 4)
        + (source == null ? 0 : MacAddress.LENGTH)
        + data.length;
  }

  @Override
  public void write(ByteBuffer out) {
    out.putLong(networkId).put((byte) flags);
    if (com != null) {
      com.write(out);
    }
    if (gatherLimit != 0) {
      out.putInt((int) gatherLimit);
    }
    if (source != null) {
      MulticastGroup.writeMac(out, source);
    }
    group.write(out);
    out.putShort((short) etherType).put(data);
  }

  static MulticastFrame read(WireReader in) throws ProtocolException {
    long networkId = in.i64();
    int flags = in.u8();
    CertificateOfMembership com = (flags & FLAG_COM) != 0 ? CertificateOfMembership.read(in) : null;
    long gatherLimit = (flags & FLAG_GATHER_LIMIT) != 0 ? in.u32() : 0;
    MacAddress source = (flags & FLAG_SOURCE_MAC) != 0 ? MulticastGroup.readMac(in) : null;
    MulticastGroup group = MulticastGroup.read(in);
    int etherType = in.u16();
    return new MulticastFrame(
        networkId, flags, com, gatherLimit, source, group, etherType, in.rest());
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof MulticastFrame)) {
      return false;
    }
    MulticastFrame that = (MulticastFrame) other;
    return networkId == that.networkId
        && flags == that.flags
        && Objects.equals(com, that.com)
        && gatherLimit == that.gatherLimit
        && Objects.equals(source, that.source)
        && group.equals(that.group)
        && etherType == that.etherType
        && Arrays.equals(data, that.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(networkId, flags, gatherLimit, source, group, etherType) * 31
        + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "MulticastFrame["
        + Long.toHexString(networkId)
        + ", flags="
        + Integer.toHexString(flags)
        + (com == null ? "" : ", " + com)
        + ", gatherLimit="
        + gatherLimit
        + ", source="
        + source
        + ", group="
        + group
        + ", etherType="
        + Integer.toHexString(etherType)
        + ", "
        + Blobs.describe(data)
        + "]";
  }
}
