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
 * EXT_FRAME (0x07): an Ethernet frame with explicit MACs, for bridged traffic and for frames that
 * rules TEE, REDIRECT or WATCH.
 *
 * <pre>
 * networkId(8) flags(1) [COM if flags &amp; 0x01] destMac(6) srcMac(6) etherType(2) data(…)
 *
 * flags  0x01 COM attached (deprecated, still parsed)
 *        0x0e subtype, (flags &gt;&gt; 1) &amp; 7, with 0x02 as its LEAST significant bit
 *        0x10 ACK requested: answer with OK(EXT_FRAME)
 * </pre>
 *
 * The upstream comment has the subtype bits the other way round; the bytes 1.14.1 sends settle it.
 * The COM flag always matches {@code com}: the constructor sets or clears it.
 */
public record ExtFrame(
    long networkId,
    int flags,
    CertificateOfMembership com,
    MacAddress destination,
    MacAddress source,
    int etherType,
    byte[] data)
    implements Message {

  public static final int FLAG_COM = 0x01;
  public static final int FLAG_ACK = 0x10;
  public static final int SUBTYPE_SHIFT = 1;
  public static final int SUBTYPE_MASK = 0x07;

  public static final int SUBTYPE_NORMAL = 0;
  public static final int SUBTYPE_TEE_OUTBOUND = 1;
  public static final int SUBTYPE_REDIRECT_OUTBOUND = 2;
  public static final int SUBTYPE_WATCH_OUTBOUND = 3;
  public static final int SUBTYPE_TEE_INBOUND = 4;
  public static final int SUBTYPE_REDIRECT_INBOUND = 5;
  public static final int SUBTYPE_WATCH_INBOUND = 6;

  static final int MIN_LENGTH = 8 + 1 + 6 + 6 + 2;

  public ExtFrame {
    Blobs.checkU8(flags, "flags");
    flags = com == null ? flags & ~FLAG_COM : flags | FLAG_COM;
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(source, "source");
    Blobs.checkU16(etherType, "etherType");
    Objects.requireNonNull(data, "data");
  }

  /** Flags for a subtype, with or without an ACK request. */
  public static int flags(int subtype, boolean ackRequested) {
    return ((subtype & SUBTYPE_MASK) << SUBTYPE_SHIFT) | (ackRequested ? FLAG_ACK : 0);
  }

  public int subtype() {
    return (flags >>> SUBTYPE_SHIFT) & SUBTYPE_MASK;
  }

  public boolean ackRequested() {
    return (flags & FLAG_ACK) != 0;
  }

  @Override
  public int verbCode() {
    return Verb.EXT_FRAME.code();
  }

  @Override
  public int encodedLength() {
    return MIN_LENGTH + (com == null ? 0 : com.encodedLength()) + data.length;
  }

  @Override
  public void write(ByteBuffer out) {
    out.putLong(networkId).put((byte) flags);
    if (com != null) {
      com.write(out);
    }
    MulticastGroup.writeMac(out, destination);
    MulticastGroup.writeMac(out, source);
    out.putShort((short) etherType).put(data);
  }

  static ExtFrame read(WireReader in) throws ProtocolException {
    long networkId = in.i64();
    int flags = in.u8();
    CertificateOfMembership com = (flags & FLAG_COM) != 0 ? CertificateOfMembership.read(in) : null;
    MacAddress destination = MulticastGroup.readMac(in);
    MacAddress source = MulticastGroup.readMac(in);
    int etherType = in.u16();
    return new ExtFrame(networkId, flags, com, destination, source, etherType, in.rest());
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof ExtFrame)) {
      return false;
    }
    ExtFrame that = (ExtFrame) other;
    return networkId == that.networkId
        && flags == that.flags
        && Objects.equals(com, that.com)
        && destination.equals(that.destination)
        && source.equals(that.source)
        && etherType == that.etherType
        && Arrays.equals(data, that.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(networkId, flags, destination, source, etherType) * 31
        + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "ExtFrame["
        + Long.toHexString(networkId)
        + ", flags="
        + Integer.toHexString(flags)
        + (com == null ? "" : ", " + com)
        + ", "
        + source
        + " -> "
        + destination
        + ", etherType="
        + Integer.toHexString(etherType)
        + ", "
        + Blobs.describe(data)
        + "]";
  }
}
