package dev.orbital.protocol.verb;

import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.packet.Verb;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * ERROR (0x02): a request failed.
 *
 * <pre>
 * inReVerb(1) inRePacketId(8) errorCode(1) detail(…)
 * </pre>
 *
 * The detail's form follows the code and in-re verb (see {@code readDetail}). A stock node acts on
 * an ERROR without checking the in-re packet ID, so it trusts one only in context (for example,
 * config errors only from that network's controller).
 */
public record ErrorReply(int inReVerb, long inRePacketId, ErrorCode code, ErrorDetail detail)
    implements Message {

  static final int FIXED_LENGTH = 10;

  public ErrorReply {
    Blobs.checkU8(inReVerb, "in-re verb");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(detail, "detail");
  }

  /** NEED_MEMBERSHIP_CERTIFICATE for a request on {@code networkId}, as a gate refusal sends. */
  public static ErrorReply needCertificate(int inReVerb, long inRePacketId, long networkId) {
    return new ErrorReply(
        inReVerb,
        inRePacketId,
        ErrorCode.NEED_MEMBERSHIP_CERTIFICATE,
        ErrorDetail.Network.of(networkId));
  }

  @Override
  public int verbCode() {
    return Verb.ERROR.code();
  }

  @Override
  public int encodedLength() {
    return FIXED_LENGTH + detail.encodedLength();
  }

  @Override
  public void write(ByteBuffer out) {
    out.put((byte) inReVerb).putLong(inRePacketId).put((byte) code.code());
    detail.write(out);
  }

  /**
   * Reads the detail the way a stock receiver interprets it: UNWANTED_MULTICAST carries a group;
   * NEED_MEMBERSHIP_CERTIFICATE, NETWORK_ACCESS_DENIED, NETWORK_AUTHENTICATION_REQUIRED and any
   * error about a NETWORK_CONFIG_REQUEST carry a network ID; anything else is kept raw.
   */
  private static ErrorDetail readDetail(int inReVerb, ErrorCode code, WireReader in)
      throws ProtocolException {
    switch (code) {
      case UNWANTED_MULTICAST:
        return ErrorDetail.UnwantedMulticast.read(in);
      case NEED_MEMBERSHIP_CERTIFICATE:
      case NETWORK_ACCESS_DENIED:
      case NETWORK_AUTHENTICATION_REQUIRED:
        return ErrorDetail.Network.read(in);
      default:
        return inReVerb == Verb.NETWORK_CONFIG_REQUEST.code()
            ? ErrorDetail.Network.read(in)
            : new ErrorDetail.Raw(in.rest());
    }
  }

  static ErrorReply read(WireReader in) throws ProtocolException {
    int inReVerb = in.u8();
    long inRePacketId = in.i64();
    int rawCode = in.u8();
    ErrorCode code = ErrorCode.of(rawCode);
    if (code == null) {
      throw new ProtocolException("ERROR: unknown error code " + rawCode);
    }
    return new ErrorReply(inReVerb, inRePacketId, code, readDetail(inReVerb, code, in));
  }
}
