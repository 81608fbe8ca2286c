package dev.orbital.protocol.verb;

import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.packet.Verb;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * OK(MULTICAST_GATHER): members of the group asked about. The responder never lists the asker and
 * lists itself if it is subscribed.
 *
 * <pre>
 * inReVerb(1)=0x0d inRePacketId(8) networkId(8) mac(6) adi(4) totalKnown(4) count(2) address(5)×count
 * </pre>
 */
public record OkMulticastGather(
    long inRePacketId, long networkId, MulticastGroup group, GatherResults results) implements Ok {

  public OkMulticastGather {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(results, "results");
  }

  @Override
  public int inReVerb() {
    return Verb.MULTICAST_GATHER.code();
  }

  @Override
  public int encodedLength() {
    return HEADER_LENGTH + 8 + MulticastGroup.LENGTH + results.encodedLength();
  }

  @Override
  public void write(ByteBuffer out) {
    out.put((byte) inReVerb()).putLong(inRePacketId).putLong(networkId);
    group.write(out);
    results.write(out);
  }

  static OkMulticastGather readBody(long inRePacketId, WireReader in) throws ProtocolException {
    long networkId = in.i64();
    MulticastGroup group = MulticastGroup.read(in);
    return new OkMulticastGather(inRePacketId, networkId, group, GatherResults.read(in));
  }
}
