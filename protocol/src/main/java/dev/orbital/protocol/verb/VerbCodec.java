package dev.orbital.protocol.verb;

import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.packet.PacketHeader;
import dev.orbital.protocol.packet.Verb;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Pure encode/decode of verb payloads: the bytes after the verb byte, already dearmored and
 * decompressed.
 *
 * <pre>
 * packet: header(27) verb(1) payload(…)      payload ≤ 10024 − 28 = 9996 bytes
 * </pre>
 *
 * {@link #decode} is total over verb codes 0..31: every known verb gets its record, unknown codes
 * become {@link Ignored}, and any bytes at all either decode or raise {@link ProtocolException}.
 * Every count and length read from the wire is checked against a named limit (or the bytes left)
 * before anything is allocated.
 */
public final class VerbCodec {

  /** The largest payload a packet can carry (a decompressed payload is held to the same). */
  public static final int MAX_PAYLOAD = PacketHeader.MAX_LENGTH - PacketHeader.PAYLOAD;

  public static final int MAX_VERB_CODE = PacketHeader.VERB_MASK;

  private VerbCodec() {}

  public static Message decode(int verbCode, byte[] payload) throws ProtocolException {
    return decode(verbCode, payload, 0, payload.length);
  }

  /** Decodes {@code length} payload bytes at {@code offset} sent under {@code verbCode}. */
  public static Message decode(int verbCode, byte[] payload, int offset, int length)
      throws ProtocolException {
    if (verbCode < 0 || verbCode > MAX_VERB_CODE) {
      throw new ProtocolException("verb code out of range: " + verbCode);
    }
    WireReader.checkCount(length, MAX_PAYLOAD, "payload length");
    Verb verb = Verb.of(verbCode);
    if (verb == null) {
      return new Ignored(verbCode, copy(payload, offset, length));
    }
    WireReader in = WireReader.of(payload, offset, length, what(verb));
    switch (verb) {
      case NOP:
        return Nop.INSTANCE;
      case HELLO:
        return Hello.read(in);
      case ERROR:
        return ErrorReply.read(in);
      case OK:
        return decodeOk(in);
      case WHOIS:
        return Whois.read(in);
      case RENDEZVOUS:
        return Rendezvous.read(in);
      case FRAME:
        return Frame.read(in);
      case EXT_FRAME:
        return ExtFrame.read(in);
      case ECHO:
        return new Echo(in.rest());
      case MULTICAST_LIKE:
        return MulticastLike.read(in);
      case NETWORK_CREDENTIALS:
        return Credentials.read(in);
      case NETWORK_CONFIG_REQUEST:
        return NetworkConfigRequest.read(in);
      case NETWORK_CONFIG:
        return NetworkConfigPush.read(in);
      case MULTICAST_GATHER:
        return MulticastGather.read(in);
      case MULTICAST_FRAME:
        return MulticastFrame.read(in);
      case PUSH_DIRECT_PATHS:
        return PushDirectPaths.read(in);
      case USER_MESSAGE:
        return UserMessage.read(in);
      default:
        return new Ignored(verbCode, in.rest()); // ACK, QOS, REMOTE_TRACE, PATH_NEGOTIATION
    }
  }

  /** OK: in-re verb and packet ID, then a body that depends on the in-re verb. */
  private static Ok decodeOk(WireReader in) throws ProtocolException {
    int inReVerb = in.u8();
    long inRePacketId = in.i64();
    Verb verb = Verb.of(inReVerb);
    if (verb == null) {
      return new OkUnknown(inReVerb, inRePacketId, in.rest());
    }
    WireReader body = in.slice(in.remaining(), "OK(" + verb + ")");
    switch (verb) {
      case HELLO:
        return OkHello.readBody(inRePacketId, body);
      case WHOIS:
        return OkWhois.readBody(inRePacketId, body);
      case ECHO:
        return new OkEcho(inRePacketId, body.rest());
      case NETWORK_CONFIG_REQUEST:
        return new OkNetworkConfigRequest(inRePacketId, ConfigChunk.read(body, true));
      case MULTICAST_GATHER:
        return OkMulticastGather.readBody(inRePacketId, body);
      case MULTICAST_FRAME:
        return OkMulticastFrame.readBody(inRePacketId, body);
      case EXT_FRAME:
        return new OkExtFrame(inRePacketId, body.i64());
      default:
        return new OkUnknown(inReVerb, inRePacketId, body.rest());
    }
  }

  /** The verb number a message travels under. */
  public static int verbCode(Message message) {
    return message.verbCode();
  }

  /**
   * Writes the payload of {@code message} at the buffer's position (big-endian, whatever the
   * buffer's byte order) and returns the bytes written. Throws {@link
   * java.nio.BufferOverflowException} if it does not fit.
   */
  public static int encode(Message message, ByteBuffer out) {
    int length = message.encodedLength();
    if (out.remaining() < length) {
      throw new BufferOverflowException();
    }
    ByteBuffer view = out.duplicate().order(ByteOrder.BIG_ENDIAN);
    message.write(view);
    out.position(view.position());
    return length;
  }

  public static byte[] encode(Message message) {
    ByteBuffer out = ByteBuffer.allocate(message.encodedLength());
    message.write(out);
    if (out.hasRemaining()) {
      throw new IllegalStateException(
          message.getClass().getSimpleName() + " wrote less than its encoded length");
    }
    return out.array();
  }

  private static String what(Verb verb) {
    return verb.name();
  }

  private static byte[] copy(byte[] payload, int offset, int length) {
    byte[] out = new byte[length];
    System.arraycopy(payload, offset, out, 0, length);
    return out;
  }
}
