package dev.orbital.protocol.relay;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a TCP byte stream into relay record payloads, however the stream was split into chunks. It
 * holds at most one record header and one payload of at most {@code maxPayload} bytes, checking the
 * header bytes as they arrive and the length before allocating, so garbage fails on its first byte.
 * After an exception the decoder is unusable (the connection is closed).
 */
public final class RelayStreamDecoder {

  private static final byte[] PREFIX = {
    RelayFrameCodec.CONTENT_TYPE, RelayFrameCodec.VERSION_MAJOR, RelayFrameCodec.VERSION_MINOR
  };

  private final int maxPayload;
  private final byte[] header = new byte[RelayFrameCodec.RECORD_HEADER_BYTES];
  private int headerFilled;
  private byte[] payload;
  private int payloadFilled;
  private boolean failed;

  public RelayStreamDecoder(int maxPayload) {
    if (maxPayload < 1 || maxPayload > RelayFrameCodec.MAX_RECORD_PAYLOAD) {
      throw new IllegalArgumentException(
          "max payload "
              + maxPayload
              + " (expected: 1.."
              + RelayFrameCodec.MAX_RECORD_PAYLOAD
              + ")");
    }
    this.maxPayload = maxPayload;
  }

  /** Consumes all of {@code chunk}; returns the payloads of the records it completed, in order. */
  public List<byte[]> feed(ByteBuffer chunk) throws RelayFrameException {
    if (failed) {
      throw new IllegalStateException("decoder failed before");
    }
    List<byte[]> records = new ArrayList<>(1);
    while (chunk.hasRemaining()) {
      if (headerFilled < header.length) {
        readHeaderByte(chunk.get());
        if (headerFilled == header.length && payload.length == 0) {
          complete(records);
        }
      } else {
        int n = Math.min(chunk.remaining(), payload.length - payloadFilled);
        chunk.get(payload, payloadFilled, n);
        payloadFilled += n;
        if (payloadFilled == payload.length) {
          complete(records);
        }
      }
    }
    return records;
  }

  /** Bytes held for the record in progress (header and payload). */
  public int buffered() {
    return headerFilled + payloadFilled;
  }

  private void readHeaderByte(byte b) throws RelayFrameException {
    if (headerFilled < PREFIX.length && b != PREFIX[headerFilled]) {
      failed = true;
      throw new RelayFrameException(
          RelayFrameException.Kind.BAD_HEADER,
          String.format(
              "relay record header byte %d: 0x%02x (expected: 0x%02x)",
              headerFilled, b & 0xff, PREFIX[headerFilled] & 0xff));
    }
    header[headerFilled++] = b;
    if (headerFilled == header.length) {
      int length = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
      if (length > maxPayload) {
        failed = true;
        throw new RelayFrameException(
            RelayFrameException.Kind.OVERSIZE,
            "relay record: " + length + " bytes (limit: " + maxPayload + ")");
      }
      payload = new byte[length];
      payloadFilled = 0;
    }
  }

  private void complete(List<byte[]> records) {
    records.add(payload);
    payload = null;
    payloadFilled = 0;
    headerFilled = 0;
  }
}
