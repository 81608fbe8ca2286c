package dev.orbital.protocol.verb;

import dev.orbital.protocol.packet.Verb;

/**
 * OK: the success reply to a request.
 *
 * <pre>
 * inReVerb(1) inRePacketId(8) body(…)   the body depends on inReVerb
 * </pre>
 *
 * A stock node drops an OK whose in-re packet ID it did not send. OK is also the only verb over
 * which a stock node learns a new physical path to a peer.
 */
public sealed interface Ok extends Message
    permits OkHello,
        OkWhois,
        OkEcho,
        OkNetworkConfigRequest,
        OkMulticastGather,
        OkMulticastFrame,
        OkExtFrame,
        OkUnknown {

  /** inReVerb(1) and inRePacketId(8). */
  int HEADER_LENGTH = 9;

  /** The verb of the request this answers. */
  int inReVerb();

  /** The packet ID of the request this answers. */
  long inRePacketId();

  @Override
  default int verbCode() {
    return Verb.OK.code();
  }
}
