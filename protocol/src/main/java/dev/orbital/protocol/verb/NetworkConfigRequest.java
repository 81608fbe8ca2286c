package dev.orbital.protocol.verb;

import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.packet.Verb;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * NETWORK_CONFIG_REQUEST (0x0B): a member asks the controller for its network config.
 *
 * <pre>
 * networkId(8) metadataLength(2) metadata(…) haveRevision(8) haveTimestamp(8)
 * </pre>
 *
 * The metadata is a Dictionary (decoded by the dictionary codec). Revision and timestamp are those
 * of the config the member has, 0 if none. The stock controller reads only the network ID and the
 * metadata, so, like it, decoding accepts a request that ends early; missing fields read as
 * empty/0.
 */
public record NetworkConfigRequest(
    long networkId, byte[] metadata, long haveRevision, long haveTimestamp) implements Message {

  public static final int MAX_METADATA_LENGTH = 0xffff;

  public NetworkConfigRequest {
    Objects.requireNonNull(metadata, "metadata");
    if (metadata.length > MAX_METADATA_LENGTH) {
      throw new IllegalArgumentException("metadata too long: " + metadata.length);
    }
  }

  @Override
  public int verbCode() {
    return Verb.NETWORK_CONFIG_REQUEST.code();
  }

  @Override
  public int encodedLength() {
    return 8 + 2 + metadata.length + 16;
  }

  @Override
  public void write(ByteBuffer out) {
    out.putLong(networkId).putShort((short) metadata.length).put(metadata);
    out.putLong(haveRevision).putLong(haveTimestamp);
  }

  static NetworkConfigRequest read(WireReader in) throws ProtocolException {
    long networkId = in.i64();
    byte[] metadata = new byte[0];
    if (in.remaining() >= 2) {
      metadata = in.bytes(in.u16(), MAX_METADATA_LENGTH, "NETWORK_CONFIG_REQUEST metadata length");
    }
    long haveRevision = in.remaining() >= 8 ? in.i64() : 0;
    long haveTimestamp = in.remaining() >= 8 ? in.i64() : 0;
    return new NetworkConfigRequest(networkId, metadata, haveRevision, haveTimestamp);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof NetworkConfigRequest)) {
      return false;
    }
    NetworkConfigRequest that = (NetworkConfigRequest) other;
    return networkId == that.networkId
        && Arrays.equals(metadata, that.metadata)
        && haveRevision == that.haveRevision
        && haveTimestamp == that.haveTimestamp;
  }

  @Override
  public int hashCode() {
    return Objects.hash(networkId, haveRevision, haveTimestamp) * 31 + Arrays.hashCode(metadata);
  }

  @Override
  public String toString() {
    return "NetworkConfigRequest["
        + Long.toHexString(networkId)
        + ", metadata="
        + Blobs.describe(metadata)
        + ", haveRevision="
        + haveRevision
        + ", haveTimestamp="
        + haveTimestamp
        + "]";
  }
}
