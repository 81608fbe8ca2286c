package dev.orbital.protocol.verb;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Members of a multicast group, as OK(MULTICAST_GATHER) and OK(MULTICAST_FRAME) return them.
 *
 * <pre>
 * totalKnown(4) count(2) count × address(5)
 * </pre>
 *
 * {@code totalKnown} may exceed the members listed: a responder lists what fits.
 */
public record GatherResults(long totalKnown, List<Address> members) {

  public static final int MAX_MEMBERS = VerbCodec.MAX_PAYLOAD / Address.LENGTH;

  public GatherResults {
    Blobs.checkU32(totalKnown, "total known");
    members = List.copyOf(members);
    if (members.size() > MAX_MEMBERS) {
      throw new IllegalArgumentException("too many gather results: " + members.size());
    }
  }

  int encodedLength() {
    return 6 + members.size() * Address.LENGTH;
  }

  void write(ByteBuffer out) {
    out.putInt((int) totalKnown).putShort((short) members.size());
    for (Address member : members) {
      member.write(out);
    }
  }

  static GatherResults read(WireReader in) throws ProtocolException {
    long totalKnown = in.u32();
    int count = in.u16();
    WireReader.checkCount(count, MAX_MEMBERS, in.what() + " gather result count");
    in.require(count * Address.LENGTH);
    List<Address> members = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      members.add(in.address());
    }
    return new GatherResults(totalKnown, members);
  }
}
