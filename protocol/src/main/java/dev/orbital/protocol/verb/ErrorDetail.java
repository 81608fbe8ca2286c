package dev.orbital.protocol.verb;

import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/** What follows the error code in an ERROR; which form is decided by the code and in-re verb. */
public sealed interface ErrorDetail {

  int encodedLength();

  void write(ByteBuffer out);

  /**
   * A network ID, for NEED_MEMBERSHIP_CERTIFICATE, NETWORK_ACCESS_DENIED,
   * NETWORK_AUTHENTICATION_REQUIRED and every error about a NETWORK_CONFIG_REQUEST.
   *
   * <pre>
   * networkId(8) [errorDataLength(2) errorData(…)]   errorData: a Dictionary (SSO info)
   * </pre>
   *
   * {@code errorData} is null when absent; a controller omits it when it is empty.
   */
  record Network(long networkId, byte[] errorData) implements ErrorDetail {

    public static final int MAX_ERROR_DATA_LENGTH = 0xffff;

    public Network {
      if (errorData != null && errorData.length > MAX_ERROR_DATA_LENGTH) {
        throw new IllegalArgumentException("error data too long: " + errorData.length);
      }
    }

    public static Network of(long networkId) {
      return new Network(networkId, null);
    }

    @Override
    public int encodedLength() {
      return 8 + (errorData == null ? 0 : 2 + errorData.length);
    }

    @Override
    public void write(ByteBuffer out) {
      out.putLong(networkId);
      if (errorData != null) {
        out.putShort((short) errorData.length).put(errorData);
      }
    }

    static Network read(WireReader in) throws ProtocolException {
      long networkId = in.i64();
      byte[] errorData = null;
      if (in.remaining() >= 2) {
        errorData = in.bytes(in.u16(), MAX_ERROR_DATA_LENGTH, "ERROR data length");
      }
      return new Network(networkId, errorData);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Network
          && networkId == ((Network) other).networkId
          && Arrays.equals(errorData, ((Network) other).errorData);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(networkId) * 31 + Arrays.hashCode(errorData);
    }

    @Override
    public String toString() {
      return "Network[" + Long.toHexString(networkId) + ", data=" + Blobs.describe(errorData) + "]";
    }
  }

  /**
   * For UNWANTED_MULTICAST: the group the sender should stop sending.
   *
   * <pre>
   * networkId(8) mac(6) adi(4)
   * </pre>
   */
  record UnwantedMulticast(long networkId, MulticastGroup group) implements ErrorDetail {

    public UnwantedMulticast {
      Objects.requireNonNull(group, "group");
    }

    @Override
    public int encodedLength() {
      return 8 + MulticastGroup.LENGTH;
    }

    @Override
    public void write(ByteBuffer out) {
      out.putLong(networkId);
      group.write(out);
    }

    static UnwantedMulticast read(WireReader in) throws ProtocolException {
      return new UnwantedMulticast(in.i64(), MulticastGroup.read(in));
    }
  }

  /** Any other error: the bytes after the code, often none. */
  record Raw(byte[] bytes) implements ErrorDetail {

    public static final Raw EMPTY = new Raw(new byte[0]);

    public Raw {
      Objects.requireNonNull(bytes, "bytes");
    }

    @Override
    public int encodedLength() {
      return bytes.length;
    }

    @Override
    public void write(ByteBuffer out) {
      out.put(bytes);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Raw && Arrays.equals(bytes, ((Raw) other).bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Raw[" + Blobs.describe(bytes) + "]";
    }
  }
}
