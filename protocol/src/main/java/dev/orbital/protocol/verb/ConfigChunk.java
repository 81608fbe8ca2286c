package dev.orbital.protocol.verb;

import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.crypto.C25519;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.packet.PacketHeader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One signed piece of a network config dictionary, as carried by OK(NETWORK_CONFIG_REQUEST) and
 * NETWORK_CONFIG.
 *
 * <pre>
 * networkId(8) chunkLength(2) chunk(chunkLength)
 * ---- a legacy chunk (only from the controller, only in OK) ends here ----
 * flags(1)             0x01 = fast propagate
 * configUpdateId(8)    random, non-zero, the same for every chunk of one config
 * totalLength(4)       length of the whole dictionary
 * chunkIndex(4)        byte offset of this chunk in the dictionary
 * ---- the signature covers everything from networkId to here ----
 * signatureType(1)=1   C25519
 * signatureLength(2)=96
 * signature(…)         by the controller, whose address is networkId &gt;&gt; 24
 * </pre>
 *
 * A legacy chunk has {@code legacy} set and every field after the chunk zero or empty. Decoding
 * checks {@code chunkIndex + chunkLength <= totalLength}; assembling and the capacity check are the
 * receiver's.
 */
public record ConfigChunk(
    long networkId,
    byte[] data,
    boolean legacy,
    int flags,
    long configUpdateId,
    long totalLength,
    long chunkIndex,
    int signatureType,
    byte[] signature) {

  public static final int FLAG_FAST_PROPAGATE = 0x01;
  public static final int SIGNATURE_TYPE_C25519 = 1;
  public static final int MAX_DATA_LENGTH_FIELD = 0xffff;

  /** The stock controller's chunk size: a packet minus the header and 256 bytes of overhead. */
  public static final int MAX_DATA_LENGTH = PacketHeader.MAX_LENGTH - (PacketHeader.PAYLOAD + 256);

  public static final int MAX_SIGNATURE_LENGTH = 256;

  static final int CHUNKING_LENGTH = 1 + 8 + 4 + 4;

  public ConfigChunk {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(signature, "signature");
    if (data.length > MAX_DATA_LENGTH_FIELD) {
      throw new IllegalArgumentException("chunk too long: " + data.length);
    }
    if (legacy) {
      if (flags != 0
          || configUpdateId != 0
          || totalLength != 0
          || chunkIndex != 0
          || signatureType != 0
          || signature.length != 0) {
        throw new IllegalArgumentException("a legacy chunk has no chunking fields");
      }
    } else {
      Blobs.checkU8(flags, "flags");
      Blobs.checkU32(totalLength, "total length");
      Blobs.checkU32(chunkIndex, "chunk index");
      Blobs.checkU8(signatureType, "signature type");
      if (signature.length > MAX_SIGNATURE_LENGTH) {
        throw new IllegalArgumentException("signature too long: " + signature.length);
      }
      if (chunkIndex + data.length > totalLength) {
        throw new IllegalArgumentException("chunk ends past the total length");
      }
    }
  }

  /** A chunk in the legacy single-chunk form older controllers send. */
  public static ConfigChunk legacy(long networkId, byte[] data) {
    return new ConfigChunk(networkId, data, true, 0, 0, 0, 0, 0, new byte[0]);
  }

  /** A chunk signed by {@code controller}. */
  public static ConfigChunk signed(
      long networkId,
      byte[] data,
      int flags,
      long configUpdateId,
      long totalLength,
      long chunkIndex,
      Identity controller) {
    return new ConfigChunk(
            networkId, data, false, flags, configUpdateId, totalLength, chunkIndex, 0, new byte[0])
        .sign(controller);
  }

  /**
   * Splits a rendered config dictionary into signed chunks of at most {@link #MAX_DATA_LENGTH}
   * bytes, the way the stock controller does.
   */
  public static List<ConfigChunk> split(
      long networkId, byte[] dictionary, long configUpdateId, int flags, Identity controller) {
    List<ConfigChunk> chunks = new ArrayList<>();
    for (int index = 0; index < dictionary.length; index += MAX_DATA_LENGTH) {
      byte[] data =
          Arrays.copyOfRange(
              dictionary, index, Math.min(dictionary.length, index + MAX_DATA_LENGTH));
      chunks.add(
          signed(networkId, data, flags, configUpdateId, dictionary.length, index, controller));
    }
    return chunks;
  }

  public boolean fastPropagate() {
    return (flags & FLAG_FAST_PROPAGATE) != 0;
  }

  /** The bytes the signature covers: everything from the network ID to the chunk index. */
  public byte[] signedBytes() {
    if (legacy) {
      throw new IllegalStateException("a legacy chunk is not signed");
    }
    ByteBuffer out = ByteBuffer.allocate(10 + data.length + CHUNKING_LENGTH);
    writeSigned(out);
    return out.array();
  }

  /** This chunk signed by {@code controller} (which must hold its private key). */
  public ConfigChunk sign(Identity controller) {
    return new ConfigChunk(
        networkId,
        data,
        false,
        flags,
        configUpdateId,
        totalLength,
        chunkIndex,
        SIGNATURE_TYPE_C25519,
        controller.sign(signedBytes()));
  }

  /**
   * Whether {@code controller} signed this chunk and is the controller of its network. A legacy
   * chunk never verifies: the receiver accepts one only from the controller's own address.
   */
  public boolean verify(Identity controller) {
    return !legacy
        && signatureType == SIGNATURE_TYPE_C25519
        && signature.length == C25519.SIGNATURE_LENGTH
        && controller.address().value() == networkId >>> 24
        && controller.verify(signedBytes(), signature);
  }

  public int encodedLength() {
    return 10 + data.length + (legacy ? 0 : CHUNKING_LENGTH + 3 + signature.length);
  }

  public void write(ByteBuffer out) {
    if (legacy) {
      out.putLong(networkId).putShort((short) data.length).put(data);
      return;
    }
    writeSigned(out);
    out.put((byte) signatureType).putShort((short) signature.length).put(signature);
  }

  private void writeSigned(ByteBuffer out) {
    out.putLong(networkId).putShort((short) data.length).put(data);
    out.put((byte) flags)
        .putLong(configUpdateId)
        .putInt((int) totalLength)
        .putInt((int) chunkIndex);
  }

  static ConfigChunk read(WireReader in, boolean legacyAllowed) throws ProtocolException {
    long networkId = in.i64();
    byte[] data = in.bytes(in.u16(), MAX_DATA_LENGTH_FIELD, in.what() + " chunk length");
    if (!in.hasRemaining()) {
      if (!legacyAllowed) {
        throw new ProtocolException(in.what() + ": chunking fields missing");
      }
      return legacy(networkId, data);
    }
    int flags = in.u8();
    long configUpdateId = in.i64();
    long totalLength = in.u32();
    long chunkIndex = in.u32();
    if (chunkIndex + data.length > totalLength) {
      throw new ProtocolException(
          in.what()
              + ": chunk at "
              + chunkIndex
              + " of "
              + data.length
              + " bytes ends past total length "
              + totalLength);
    }
    int signatureType = in.u8();
    byte[] signature = in.bytes(in.u16(), MAX_SIGNATURE_LENGTH, in.what() + " signature length");
    return new ConfigChunk(
        networkId,
        data,
        false,
        flags,
        configUpdateId,
        totalLength,
        chunkIndex,
        signatureType,
        signature);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof ConfigChunk)) {
      return false;
    }
    ConfigChunk that = (ConfigChunk) other;
    return networkId == that.networkId
        && Arrays.equals(data, that.data)
        && legacy == that.legacy
        && flags == that.flags
        && configUpdateId == that.configUpdateId
        && totalLength == that.totalLength
        && chunkIndex == that.chunkIndex
        && signatureType == that.signatureType
        && Arrays.equals(signature, that.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(networkId, legacy, configUpdateId, chunkIndex) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "ConfigChunk["
        + Long.toHexString(networkId)
        + (legacy
            ? ", legacy"
            : ", update="
                + Long.toHexString(configUpdateId)
                + ", at="
                + chunkIndex
                + "/"
                + totalLength
                + ", flags="
                + flags
                + ", sigType="
                + signatureType)
        + ", "
        + Blobs.describe(data)
        + "]";
  }
}
