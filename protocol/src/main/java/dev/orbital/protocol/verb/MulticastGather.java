package dev.orbital.protocol.verb;

import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.netconf.CertificateOfMembership;
import dev.orbital.protocol.packet.Verb;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * MULTICAST_GATHER (0x0D): asks for members of a multicast group. Answered by OK(MULTICAST_GATHER)
 * only if the responder knows any.
 *
 * <pre>
 * networkId(8) flags(1) mac(6) adi(4) gatherLimit(4) [COM if flags &amp; 0x01]
 * </pre>
 *
 * Like a stock receiver, decoding drops an attached COM that does not parse rather than the whole
 * request. The COM flag always matches {@code com}.
 */
public record MulticastGather(
    long networkId, int flags, MulticastGroup group, long gatherLimit, CertificateOfMembership com)
    implements Message {

  public static final int FLAG_COM = 0x01;

  static final int FIXED_LENGTH = 8 + 1 + MulticastGroup.LENGTH + 4;

  public MulticastGather {
    Blobs.checkU8(flags, "flags");
    flags = com == null ? flags & ~FLAG_COM : flags | FLAG_COM;
    Objects.requireNonNull(group, "group");
    Blobs.checkU32(gatherLimit, "gather limit");
  }

  @Override
  public int verbCode() {
    return Verb.MULTICAST_GATHER.code();
  }

  @Override
  public int encodedLength() {
    return FIXED_LENGTH + (com == null ? 0 : com.encodedLength());
  }

  @Override
  public void write(ByteBuffer out) {
    out.putLong(networkId).put((byte) flags);
    group.write(out);
    out.putInt((int) gatherLimit);
    if (com != null) {
      com.write(out);
    }
  }

  static MulticastGather read(WireReader in) throws ProtocolException {
    long networkId = in.i64();
    int flags = in.u8();
    MulticastGroup group = MulticastGroup.read(in);
    long gatherLimit = in.u32();
    CertificateOfMembership com = null;
    if ((flags & FLAG_COM) != 0) {
      try {
        com = CertificateOfMembership.read(in);
      } catch (ProtocolException ignored) {
        // a stock receiver discards an invalid COM here and still answers the gather
      }
    }
    return new MulticastGather(networkId, flags, group, gatherLimit, com);
  }
}
