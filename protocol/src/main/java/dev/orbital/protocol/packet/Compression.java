package dev.orbital.protocol.packet;

import dev.orbital.protocol.ProtocolException;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import java.util.Arrays;

/**
 * LZ4 compression of a packet's payload, as stock {@code Packet::compress/uncompress} does it.
 *
 * <pre>
 * offset len field
 *  0     27  header, untouched
 * 27      1  verb: 0x80 set = the payload is one raw LZ4 block (no frame header, no length)
 * 28      …  payload, plain or compressed
 * </pre>
 *
 * <p>A sender compresses before armoring, only a payload of more than {@link
 * #MIN_PAYLOAD_TO_COMPRESS} bytes, and keeps the result only if it is smaller. A receiver
 * decompresses after dearmoring, into at most {@link #MAX_PAYLOAD} bytes, so an LZ4 bomb costs
 * nothing. Holds a compressor's hash table and a scratch buffer: not thread-safe, one per sender.
 */
public final class Compression {

  /** A payload must be longer than this to be worth compressing. */
  public static final int MIN_PAYLOAD_TO_COMPRESS = 64;

  /** The largest payload a packet holds: stock rejects anything that decompresses to more. */
  public static final int MAX_PAYLOAD = PacketHeader.MAX_LENGTH - PacketHeader.PAYLOAD;

  private final Lz4Compressor compressor = new Lz4Compressor();
  private final Lz4Decompressor decompressor = new Lz4Decompressor();
  private final byte[] scratch = new byte[compressor.maxCompressedLength(MAX_PAYLOAD)];
  private final byte[] decompressed = new byte[PacketHeader.MAX_LENGTH];

  /**
   * Compresses {@code packet[28 .. length)} in place when that makes it smaller and sets the verb's
   * compressed flag; otherwise leaves the packet as it is with the flag clear. Returns the packet's
   * new length. A packet already flagged compressed is left alone.
   */
  public int compress(byte[] packet, int length) {
    if (length < PacketHeader.MIN_LENGTH || length > packet.length) {
      throw new IllegalArgumentException("packet length " + length + " of " + packet.length);
    }
    if (PacketHeader.isCompressed(packet)) {
      return length;
    }
    int payloadLength = length - PacketHeader.PAYLOAD;
    if (payloadLength <= MIN_PAYLOAD_TO_COMPRESS || payloadLength > MAX_PAYLOAD) {
      return length;
    }
    int compressedLength =
        compressor.compress(
            packet, PacketHeader.PAYLOAD, payloadLength, scratch, 0, scratch.length);
    if (compressedLength <= 0 || compressedLength >= payloadLength) {
      return length;
    }
    System.arraycopy(scratch, 0, packet, PacketHeader.PAYLOAD, compressedLength);
    packet[PacketHeader.VERB] |= (byte) PacketHeader.VERB_FLAG_COMPRESSED;
    return PacketHeader.PAYLOAD + compressedLength;
  }

  /**
   * Returns a new array holding {@code packet[0 .. length)} with its payload decompressed and the
   * compressed flag cleared, or a plain copy when the flag is not set.
   */
  public byte[] decompress(byte[] packet, int length) throws ProtocolException {
    return Arrays.copyOf(decompressed, decompress(packet, length, decompressed));
  }

  /**
   * Writes {@code packet[0 .. length)}, with its payload decompressed and the compressed flag
   * cleared, into {@code out} and returns its length. The output stops at {@code out.length} or
   * {@link PacketHeader#MAX_LENGTH} bytes, whichever is less; a block that would go further, or
   * that is not valid LZ4, or that decompresses to nothing, is a {@link ProtocolException}. {@code
   * out} must not be {@code packet}.
   */
  public int decompress(byte[] packet, int length, byte[] out) throws ProtocolException {
    if (length > packet.length) {
      throw new IllegalArgumentException("packet length " + length + " of " + packet.length);
    }
    if (out == packet) {
      throw new IllegalArgumentException("cannot decompress a packet in place");
    }
    if (length < PacketHeader.MIN_LENGTH) {
      throw ProtocolException.truncated("packet", length, PacketHeader.MIN_LENGTH);
    }
    if (length > PacketHeader.MAX_LENGTH) {
      throw ProtocolException.overLimit("packet length", length, PacketHeader.MAX_LENGTH);
    }
    int limit = Math.min(out.length, PacketHeader.MAX_LENGTH);
    // Stock clears the flag of an empty compressed payload and carries on.
    if (!PacketHeader.isCompressed(packet) || length == PacketHeader.PAYLOAD) {
      if (length > limit) {
        throw ProtocolException.overLimit("packet length", length, limit);
      }
      System.arraycopy(packet, 0, out, 0, length);
      out[PacketHeader.VERB] &= (byte) ~PacketHeader.VERB_FLAG_COMPRESSED;
      return length;
    }
    if (limit < PacketHeader.MIN_LENGTH) {
      throw new IllegalArgumentException("output buffer of " + out.length + " holds no packet");
    }
    checkMatchOffsets(packet, PacketHeader.PAYLOAD, length);
    int payloadLength;
    try {
      payloadLength =
          decompressor.decompress(
              packet,
              PacketHeader.PAYLOAD,
              length - PacketHeader.PAYLOAD,
              out,
              PacketHeader.PAYLOAD,
              limit - PacketHeader.PAYLOAD);
    } catch (RuntimeException e) {
      // airlift reports a bad block, and an output that would pass the limit, as
      // MalformedInputException; anything else it might throw on hostile input is the same fault.
      throw new ProtocolException(
          "malformed LZ4 payload in "
              + length
              + "-byte packet (output limit: "
              + (limit - PacketHeader.PAYLOAD)
              + "): "
              + e.getMessage(),
          e);
    }
    if (payloadLength <= 0) {
      throw new ProtocolException("LZ4 payload decompresses to nothing");
    }
    System.arraycopy(packet, 0, out, 0, PacketHeader.PAYLOAD);
    out[PacketHeader.VERB] &= (byte) ~PacketHeader.VERB_FLAG_COMPRESSED;
    return PacketHeader.PAYLOAD + payloadLength;
  }

  /**
   * Walks the block's sequences and refuses a match that reaches before the start of the output.
   * The decompressor accepts offset 0 and offsets into the output buffer's earlier contents, which
   * would copy stale bytes, another packet's plaintext, into this one.
   *
   * <pre>
   * sequence: token(1) = literalLength(4 bits) | matchLength - 4 (4 bits)
   *           [literalLength extension: bytes while 255]  literals
   *           offset(2, little-endian)  [matchLength extension: bytes while 255]
   * the last sequence stops after its literals
   * </pre>
   */
  private static void checkMatchOffsets(byte[] block, int position, int end)
      throws ProtocolException {
    long produced = 0;
    while (position < end) {
      int token = block[position++] & 0xff;
      long literals = token >>> 4;
      if (literals == 15) {
        int more;
        do {
          if (position >= end) {
            throw new ProtocolException("malformed LZ4 payload: literal length runs off the end");
          }
          more = block[position++] & 0xff;
          literals += more;
        } while (more == 255);
      }
      position += literals;
      produced += literals;
      if (position >= end) {
        return; // the last sequence, or literals past the end, which the decompressor refuses
      }
      if (position + 2 > end) {
        throw new ProtocolException("malformed LZ4 payload: match offset runs off the end");
      }
      int offset = (block[position] & 0xff) | (block[position + 1] & 0xff) << 8;
      position += 2;
      if (offset == 0 || offset > produced) {
        throw new ProtocolException(
            "malformed LZ4 payload: match offset " + offset + " with " + produced + " bytes out");
      }
      long match = (token & 0x0f) + 4L;
      if ((token & 0x0f) == 0x0f) {
        int more;
        do {
          if (position >= end) {
            throw new ProtocolException("malformed LZ4 payload: match length runs off the end");
          }
          more = block[position++] & 0xff;
          match += more;
        } while (more == 255);
      }
      produced += match;
    }
  }
}
