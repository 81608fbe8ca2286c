package dev.orbital.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Bounded, checked reads over a slice of a buffer. Every read first checks that the bytes are
 * there, and every length taken from the wire is checked against a named limit before it is used,
 * so a decoder built on this throws only {@link ProtocolException} and allocates no more than its
 * limits.
 */
public final class WireReader {

  private final ByteBuffer buffer;
  private final String what;

  private WireReader(ByteBuffer buffer, String what) {
    this.buffer = buffer;
    this.what = what;
  }

  /**
   * Reads the remaining bytes of {@code buffer} (not consumed); {@code what} names it in errors.
   */
  public static WireReader of(ByteBuffer buffer, String what) {
    return new WireReader(buffer.slice().order(ByteOrder.BIG_ENDIAN), what);
  }

  public static WireReader of(byte[] bytes, String what) {
    return of(ByteBuffer.wrap(bytes), what);
  }

  public static WireReader of(byte[] bytes, int offset, int length, String what) {
    return of(ByteBuffer.wrap(bytes, offset, length), what);
  }

  public String what() {
    return what;
  }

  public int position() {
    return buffer.position();
  }

  public int remaining() {
    return buffer.remaining();
  }

  public boolean hasRemaining() {
    return buffer.hasRemaining();
  }

  /** Throws unless {@code n} more bytes are there. */
  public void require(int n) throws ProtocolException {
    if (n < 0 || buffer.remaining() < n) {
      throw ProtocolException.truncated(what, buffer.limit(), buffer.position() + Math.max(n, 0));
    }
  }

  public int u8() throws ProtocolException {
    require(1);
    return buffer.get() & 0xff;
  }

  public int u16() throws ProtocolException {
    require(2);
    return buffer.getShort() & 0xffff;
  }

  public int i32() throws ProtocolException {
    require(4);
    return buffer.getInt();
  }

  public long u32() throws ProtocolException {
    return i32() & 0xffff_ffffL;
  }

  public long i64() throws ProtocolException {
    require(8);
    return buffer.getLong();
  }

  public Address address() throws ProtocolException {
    require(Address.LENGTH);
    return Address.read(buffer);
  }

  public byte[] bytes(int n) throws ProtocolException {
    require(n);
    byte[] out = new byte[n];
    buffer.get(out);
    return out;
  }

  /** Reads a length already read from the wire, after checking it against {@code limit}. */
  public byte[] bytes(int n, int limit, String field) throws ProtocolException {
    checkCount(n, limit, field);
    return bytes(n);
  }

  public void skip(int n) throws ProtocolException {
    require(n);
    buffer.position(buffer.position() + n);
  }

  /** A sub-reader over the next {@code n} bytes, which this reader skips. */
  public WireReader slice(int n, String sliceWhat) throws ProtocolException {
    require(n);
    ByteBuffer slice = buffer.slice();
    slice.limit(n);
    buffer.position(buffer.position() + n);
    return new WireReader(slice.order(ByteOrder.BIG_ENDIAN), sliceWhat);
  }

  /** The remaining bytes, consumed. */
  public byte[] rest() {
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    return out;
  }

  public static void checkCount(long count, long limit, String field) throws ProtocolException {
    if (count < 0 || count > limit) {
      throw ProtocolException.overLimit(field, count, limit);
    }
  }

  /** Throws if bytes are left that the format does not allow. */
  public void requireEnd() throws ProtocolException {
    if (buffer.hasRemaining()) {
      throw new ProtocolException(what + ": " + buffer.remaining() + " unexpected trailing bytes");
    }
  }
}
