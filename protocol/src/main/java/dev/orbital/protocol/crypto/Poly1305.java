package dev.orbital.protocol.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Poly1305 (RFC 8439 §2.5): a one-time authenticator with a 32-byte key {@code r ‖ s} and a 16-byte
 * tag. ZeroTier takes the key from the first 32 bytes of the Salsa20/12 keystream of each packet.
 *
 * <p>The accumulator and {@code r} are held in five 26-bit limbs so that every product fits a
 * {@code long}; nothing is allocated per message. Not thread-safe: one instance per thread,
 * re-keyed with {@link #init} for each message.
 */
public final class Poly1305 {

  public static final int KEY_LENGTH = 32;
  public static final int TAG_LENGTH = 16;

  private static final int BLOCK = 16;
  private static final long M26 = 0x3ffffffL;
  private static final long HIBIT = 1L << 24;
  private static final VarHandle LE_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LE_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private long r0;
  private long r1;
  private long r2;
  private long r3;
  private long r4;
  private long h0;
  private long h1;
  private long h2;
  private long h3;
  private long h4;
  private int s0;
  private int s1;
  private int s2;
  private int s3;
  private final byte[] partial = new byte[BLOCK];
  private int partialLength;

  /**
   * Computes the tag of {@code data} under a one-time {@code key} into {@code tag} at offset. A
   * convenience that allocates an instance; hot paths keep one and call {@link #init}.
   */
  public static void mac(
      byte[] key,
      int keyOffset,
      byte[] data,
      int dataOffset,
      int dataLength,
      byte[] tag,
      int tagOffset) {
    new Poly1305().init(key, keyOffset).update(data, dataOffset, dataLength).finish(tag, tagOffset);
  }

  /** Starts a new message under the 32-byte one-time key {@code r ‖ s} at {@code offset}. */
  public Poly1305 init(byte[] key, int offset) {
    long lo = (long) LE_LONG.get(key, offset);
    long hi = (long) LE_LONG.get(key, offset + 8);
    // r is clamped (RFC 8439 §2.5.1) and split into 26-bit limbs in one step.
    r0 = lo & 0x3ffffffL;
    r1 = (lo >>> 26) & 0x3ffff03L;
    r2 = ((lo >>> 52) | (hi << 12)) & 0x3ffc0ffL;
    r3 = (hi >>> 14) & 0x3f03fffL;
    r4 = (hi >>> 40) & 0x00fffffL;
    s0 = (int) LE_INT.get(key, offset + 16);
    s1 = (int) LE_INT.get(key, offset + 20);
    s2 = (int) LE_INT.get(key, offset + 24);
    s3 = (int) LE_INT.get(key, offset + 28);
    h0 = 0;
    h1 = 0;
    h2 = 0;
    h3 = 0;
    h4 = 0;
    partialLength = 0;
    return this;
  }

  /** Adds {@code length} bytes of message. */
  public Poly1305 update(byte[] data, int offset, int length) {
    if (partialLength > 0) {
      int take = Math.min(BLOCK - partialLength, length);
      System.arraycopy(data, offset, partial, partialLength, take);
      partialLength += take;
      offset += take;
      length -= take;
      if (partialLength < BLOCK) {
        return this;
      }
      blocks(partial, 0, BLOCK, HIBIT);
      partialLength = 0;
    }
    int whole = length & ~(BLOCK - 1);
    if (whole > 0) {
      blocks(data, offset, whole, HIBIT);
    }
    int rest = length - whole;
    if (rest > 0) {
      System.arraycopy(data, offset + whole, partial, 0, rest);
      partialLength = rest;
    }
    return this;
  }

  /** Writes the 16-byte tag to {@code out} at {@code offset}. The instance needs a new init. */
  public void finish(byte[] out, int offset) {
    if (partialLength > 0) {
      // The last short block gets its 0x01 byte appended and no 2^128 bit.
      partial[partialLength] = 1;
      for (int i = partialLength + 1; i < BLOCK; i++) {
        partial[i] = 0;
      }
      blocks(partial, 0, BLOCK, 0);
      partialLength = 0;
    }
    long a0 = h0;
    long a1 = h1;
    long a2 = h2;
    long a3 = h3;
    long a4 = h4;
    long c = a1 >>> 26;
    a1 &= M26;
    a2 += c;
    c = a2 >>> 26;
    a2 &= M26;
    a3 += c;
    c = a3 >>> 26;
    a3 &= M26;
    a4 += c;
    c = a4 >>> 26;
    a4 &= M26;
    a0 += c * 5;
    c = a0 >>> 26;
    a0 &= M26;
    a1 += c;

    // g = h + 5 - 2^130; if it does not underflow, h >= p and the result is g.
    long g0 = a0 + 5;
    c = g0 >>> 26;
    g0 &= M26;
    long g1 = a1 + c;
    c = g1 >>> 26;
    g1 &= M26;
    long g2 = a2 + c;
    c = g2 >>> 26;
    g2 &= M26;
    long g3 = a3 + c;
    c = g3 >>> 26;
    g3 &= M26;
    long g4 = a4 + c - (1L << 26);
    long useH = g4 >> 63; // all ones when g underflowed (h < p), selected without a branch
    long useG = ~useH;
    a0 = (a0 & useH) | (g0 & useG);
    a1 = (a1 & useH) | (g1 & useG);
    a2 = (a2 & useH) | (g2 & useG);
    a3 = (a3 & useH) | (g3 & useG);
    a4 = (a4 & useH) | (g4 & useG);

    long w0 = (a0 | (a1 << 26)) & 0xffffffffL;
    long w1 = ((a1 >>> 6) | (a2 << 20)) & 0xffffffffL;
    long w2 = ((a2 >>> 12) | (a3 << 14)) & 0xffffffffL;
    long w3 = ((a3 >>> 18) | (a4 << 8)) & 0xffffffffL;
    long f = w0 + (s0 & 0xffffffffL);
    LE_INT.set(out, offset, (int) f);
    f = w1 + (s1 & 0xffffffffL) + (f >>> 32);
    LE_INT.set(out, offset + 4, (int) f);
    f = w2 + (s2 & 0xffffffffL) + (f >>> 32);
    LE_INT.set(out, offset + 8, (int) f);
    f = w3 + (s3 & 0xffffffffL) + (f >>> 32);
    LE_INT.set(out, offset + 12, (int) f);
  }

  private void blocks(byte[] m, int offset, int length, long hibit) {
    final long r0 = this.r0;
    final long r1 = this.r1;
    final long r2 = this.r2;
    final long r3 = this.r3;
    final long r4 = this.r4;
    final long s1 = r1 * 5;
    final long s2 = r2 * 5;
    final long s3 = r3 * 5;
    final long s4 = r4 * 5;
    long h0 = this.h0;
    long h1 = this.h1;
    long h2 = this.h2;
    long h3 = this.h3;
    long h4 = this.h4;
    for (int end = offset + length; offset < end; offset += BLOCK) {
      long lo = (long) LE_LONG.get(m, offset);
      long hi = (long) LE_LONG.get(m, offset + 8);
      h0 += lo & M26;
      h1 += (lo >>> 26) & M26;
      h2 += ((lo >>> 52) | (hi << 12)) & M26;
      h3 += (hi >>> 14) & M26;
      h4 += (hi >>> 40) | hibit;

      long d0 = h0 * r0 + h1 * s4 + h2 * s3 + h3 * s2 + h4 * s1;
      long d1 = h0 * r1 + h1 * r0 + h2 * s4 + h3 * s3 + h4 * s2;
      long d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s4 + h4 * s3;
      long d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s4;
      long d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0;

      long c = d0 >>> 26;
      h0 = d0 & M26;
      d1 += c;
      c = d1 >>> 26;
      h1 = d1 & M26;
      d2 += c;
      c = d2 >>> 26;
      h2 = d2 & M26;
      d3 += c;
      c = d3 >>> 26;
      h3 = d3 & M26;
      d4 += c;
      c = d4 >>> 26;
      h4 = d4 & M26;
      h0 += c * 5;
      c = h0 >>> 26;
      h0 &= M26;
      h1 += c;
    }
    this.h0 = h0;
    this.h1 = h1;
    this.h2 = h2;
    this.h3 = h3;
    this.h4 = h4;
  }
}
