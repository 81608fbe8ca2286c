package dev.orbital.protocol.verb;

import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.packet.Verb;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * MULTICAST_LIKE (0x09): the sender subscribes to multicast groups. No reply.
 *
 * <pre>
 * { networkId(8) mac(6) adi(4) } repeated
 * </pre>
 */
public record MulticastLike(List<Like> likes) implements Message {

  /** One subscription. */
  public record Like(long networkId, MulticastGroup group) {

    public static final int LENGTH = 8 + MulticastGroup.LENGTH;

    public Like {
      Objects.requireNonNull(group, "group");
    }
  }

  public static final int MAX_LIKES = VerbCodec.MAX_PAYLOAD / Like.LENGTH;

  public MulticastLike {
    likes = List.copyOf(likes);
    if (likes.size() > MAX_LIKES) {
      throw new IllegalArgumentException("too many LIKEs: " + likes.size());
    }
  }

  @Override
  public int verbCode() {
    return Verb.MULTICAST_LIKE.code();
  }

  @Override
  public int encodedLength() {
    return likes.size() * Like.LENGTH;
  }

  @Override
  public void write(ByteBuffer out) {
    for (Like like : likes) {
      out.putLong(like.networkId());
      like.group().write(out);
    }
  }

  static MulticastLike read(WireReader in) throws ProtocolException {
    if (in.remaining() % Like.LENGTH != 0) {
      throw new ProtocolException(
          "MULTICAST_LIKE: " + in.remaining() + " bytes is not a whole number of 18-byte LIKEs");
    }
    int count = in.remaining() / Like.LENGTH;
    WireReader.checkCount(count, MAX_LIKES, "MULTICAST_LIKE count");
    List<Like> likes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      likes.add(new Like(in.i64(), MulticastGroup.read(in)));
    }
    return new MulticastLike(likes);
  }
}
