package dev.orbital.protocol.verb;

import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.netconf.CertificateOfMembership;
import dev.orbital.protocol.packet.Verb;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * OK(MULTICAST_FRAME): the implicit gather a MULTICAST_FRAME with a gather limit asked for.
 *
 * <pre>
 * inReVerb(1)=0x0e inRePacketId(8) networkId(8) mac(6) adi(4) flags(1)
 * [COM                if flags &amp; 0x01]   deprecated
 * [gather results     if flags &amp; 0x02]   totalKnown(4) count(2) address(5)×count
 * </pre>
 *
 * Flags 0x01 and 0x02 always match {@code com} and {@code results}.
 */
public record OkMulticastFrame(
    long inRePacketId,
    long networkId,
    MulticastGroup group,
    int flags,
    CertificateOfMembership com,
    GatherResults results)
    implements Ok {

  public static final int FLAG_COM = 0x01;
  public static final int FLAG_GATHER_RESULTS = 0x02;

  public OkMulticastFrame {
    Objects.requireNonNull(group, "group");
    Blobs.checkU8(flags, "flags");
    flags &= ~(FLAG_COM | FLAG_GATHER_RESULTS);
    flags |= (com == null ? 0 : FLAG_COM) | (results == null ? 0 : FLAG_GATHER_RESULTS);
  }

  @Override
  public int inReVerb() {
    return Verb.MULTICAST_FRAME.code();
  }

  @Override
  public int encodedLength() {
    return HEADER_LENGTH
        + 8
        + MulticastGroup.LENGTH
        + 1
        + (com == null ? 0 : com.encodedLength())
        + (results == null ? 0 : results.encodedLength());
  }

  @Override
  public void write(ByteBuffer out) {
    out.put((byte) inReVerb()).putLong(inRePacketId).putLong(networkId);
    group.write(out);
    out.put((byte) flags);
    if (com != null) {
      com.write(out);
    }
    if (results != null) {
      results.write(out);
    }
  }

  static OkMulticastFrame readBody(long inRePacketId, WireReader in) throws ProtocolException {
    long networkId = in.i64();
    MulticastGroup group = MulticastGroup.read(in);
    int flags = in.u8();
    CertificateOfMembership com = (flags & FLAG_COM) != 0 ? CertificateOfMembership.read(in) : null;
    GatherResults results = (flags & FLAG_GATHER_RESULTS) != 0 ? GatherResults.read(in) : null;
    return new OkMulticastFrame(inRePacketId, networkId, group, flags, com, results);
  }
}
