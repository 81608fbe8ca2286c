package dev.orbital.protocol.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Salsa20 with a 256-bit key, a 64-bit nonce and a 64-bit block counter (the original layout), with
 * 12 or 20 rounds. ZeroTier uses Salsa20/12 for packets and Salsa20/20 for identity hashing.
 *
 * <pre>
 * state words  0 "expa"   1..4 key[0..15]    5 "nd 3"   6..7 nonce   8..9 counter (little-endian)
 *             10 "2-by"  11..14 key[16..31]  15 "te k"
 * </pre>
 *
 * <p>Whole blocks are XORed into the data straight from the round registers, eight bytes at a time;
 * only a trailing partial block goes through the instance's 64-byte buffer. Not thread-safe; one
 * instance is re-keyed per packet with {@link #init}.
 */
public final class Salsa20 {

  public static final int KEY_LENGTH = 32;
  public static final int NONCE_LENGTH = 8;
  public static final int BLOCK_LENGTH = 64;

  private static final int SIGMA0 = 0x61707865;
  private static final int SIGMA1 = 0x3320646e;
  private static final int SIGMA2 = 0x79622d32;
  private static final int SIGMA3 = 0x6b206574;
  private static final VarHandle LE_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LE_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final byte[] ZEROS = new byte[BLOCK_LENGTH];

  private final int rounds;
  private int k0;
  private int k1;
  private int k2;
  private int k3;
  private int k4;
  private int k5;
  private int k6;
  private int k7;
  private int n0;
  private int n1;
  private long counter;
  private final byte[] block = new byte[BLOCK_LENGTH];
  private int blockUsed = BLOCK_LENGTH;

  public Salsa20(int rounds) {
    if (rounds != 12 && rounds != 20) {
      throw new IllegalArgumentException("Salsa20 rounds must be 12 or 20: " + rounds);
    }
    this.rounds = rounds;
  }

  /** Keys the stream with a 32-byte key and an 8-byte nonce; the block counter starts at 0. */
  public Salsa20 init(byte[] key, int keyOffset, byte[] nonce, int nonceOffset) {
    return init(key, keyOffset, nonce, nonceOffset, 0);
  }

  /** Keys the stream with a 32-byte key and an 8-byte nonce, starting at block {@code counter}. */
  public Salsa20 init(byte[] key, int keyOffset, byte[] nonce, int nonceOffset, long counter) {
    k0 = (int) LE_INT.get(key, keyOffset);
    k1 = (int) LE_INT.get(key, keyOffset + 4);
    k2 = (int) LE_INT.get(key, keyOffset + 8);
    k3 = (int) LE_INT.get(key, keyOffset + 12);
    k4 = (int) LE_INT.get(key, keyOffset + 16);
    k5 = (int) LE_INT.get(key, keyOffset + 20);
    k6 = (int) LE_INT.get(key, keyOffset + 24);
    k7 = (int) LE_INT.get(key, keyOffset + 28);
    n0 = (int) LE_INT.get(nonce, nonceOffset);
    n1 = (int) LE_INT.get(nonce, nonceOffset + 4);
    this.counter = counter;
    blockUsed = BLOCK_LENGTH;
    return this;
  }

  /** XORs the next {@code length} keystream bytes into {@code data} in place. */
  public void crypt(byte[] data, int offset, int length) {
    crypt(data, offset, data, offset, length);
  }

  /** XORs the next {@code length} keystream bytes with {@code in} into {@code out}. */
  public void crypt(byte[] in, int inOffset, byte[] out, int outOffset, int length) {
    while (length > 0 && blockUsed < BLOCK_LENGTH) {
      out[outOffset++] = (byte) (in[inOffset++] ^ block[blockUsed++]);
      length--;
    }
    while (length >= BLOCK_LENGTH) {
      xorBlock(in, inOffset, out, outOffset);
      inOffset += BLOCK_LENGTH;
      outOffset += BLOCK_LENGTH;
      length -= BLOCK_LENGTH;
    }
    if (length > 0) {
      xorBlock(ZEROS, 0, block, 0);
      for (int i = 0; i < length; i++) {
        out[outOffset + i] = (byte) (in[inOffset + i] ^ block[i]);
      }
      blockUsed = length;
    }
  }

  /**
   * Writes the next 64-byte keystream block into {@code out} and advances the counter. Bytes left
   * over in the buffer by a previous {@link #crypt} of a partial block are skipped.
   */
  public void nextBlock(byte[] out) {
    nextBlock(out, 0);
  }

  /** Writes the next 64-byte keystream block into {@code out} at {@code offset}. */
  public void nextBlock(byte[] out, int offset) {
    xorBlock(ZEROS, 0, out, offset);
    blockUsed = BLOCK_LENGTH;
  }

  /**
   * Computes keystream block {@code counter}, XORs it with 64 bytes of {@code in} into {@code out}.
   */
  private void xorBlock(byte[] in, int inOffset, byte[] out, int outOffset) {
    final int j8 = (int) counter;
    final int j9 = (int) (counter >>> 32);
    int x0 = SIGMA0;
    int x1 = k0;
    int x2 = k1;
    int x3 = k2;
    int x4 = k3;
    int x5 = SIGMA1;
    int x6 = n0;
    int x7 = n1;
    int x8 = j8;
    int x9 = j9;
    int x10 = SIGMA2;
    int x11 = k4;
    int x12 = k5;
    int x13 = k6;
    int x14 = k7;
    int x15 = SIGMA3;
    for (int i = rounds; i > 0; i -= 2) {
      x4 ^= Integer.rotateLeft(x0 + x12, 7);
      x9 ^= Integer.rotateLeft(x5 + x1, 7);
      x14 ^= Integer.rotateLeft(x10 + x6, 7);
      x3 ^= Integer.rotateLeft(x15 + x11, 7);
      x8 ^= Integer.rotateLeft(x4 + x0, 9);
      x13 ^= Integer.rotateLeft(x9 + x5, 9);
      x2 ^= Integer.rotateLeft(x14 + x10, 9);
      x7 ^= Integer.rotateLeft(x3 + x15, 9);
      x12 ^= Integer.rotateLeft(x8 + x4, 13);
      x1 ^= Integer.rotateLeft(x13 + x9, 13);
      x6 ^= Integer.rotateLeft(x2 + x14, 13);
      x11 ^= Integer.rotateLeft(x7 + x3, 13);
      x0 ^= Integer.rotateLeft(x12 + x8, 18);
      x5 ^= Integer.rotateLeft(x1 + x13, 18);
      x10 ^= Integer.rotateLeft(x6 + x2, 18);
      x15 ^= Integer.rotateLeft(x11 + x7, 18);

      x1 ^= Integer.rotateLeft(x0 + x3, 7);
      x6 ^= Integer.rotateLeft(x5 + x4, 7);
      x11 ^= Integer.rotateLeft(x10 + x9, 7);
      x12 ^= Integer.rotateLeft(x15 + x14, 7);
      x2 ^= Integer.rotateLeft(x1 + x0, 9);
      x7 ^= Integer.rotateLeft(x6 + x5, 9);
      x8 ^= Integer.rotateLeft(x11 + x10, 9);
      x13 ^= Integer.rotateLeft(x12 + x15, 9);
      x3 ^= Integer.rotateLeft(x2 + x1, 13);
      x4 ^= Integer.rotateLeft(x7 + x6, 13);
      x9 ^= Integer.rotateLeft(x8 + x11, 13);
      x14 ^= Integer.rotateLeft(x13 + x12, 13);
      x0 ^= Integer.rotateLeft(x3 + x2, 18);
      x5 ^= Integer.rotateLeft(x4 + x7, 18);
      x10 ^= Integer.rotateLeft(x9 + x8, 18);
      x15 ^= Integer.rotateLeft(x14 + x13, 18);
    }
    counter++;
    put(in, inOffset, out, outOffset, x0 + SIGMA0, x1 + k0);
    put(in, inOffset + 8, out, outOffset + 8, x2 + k1, x3 + k2);
    put(in, inOffset + 16, out, outOffset + 16, x4 + k3, x5 + SIGMA1);
    put(in, inOffset + 24, out, outOffset + 24, x6 + n0, x7 + n1);
    put(in, inOffset + 32, out, outOffset + 32, x8 + j8, x9 + j9);
    put(in, inOffset + 40, out, outOffset + 40, x10 + SIGMA2, x11 + k4);
    put(in, inOffset + 48, out, outOffset + 48, x12 + k5, x13 + k6);
    put(in, inOffset + 56, out, outOffset + 56, x14 + k7, x15 + SIGMA3);
  }

  private static void put(byte[] in, int inOffset, byte[] out, int outOffset, int lo, int hi) {
    long keystream = (lo & 0xffffffffL) | ((long) hi << 32);
    LE_LONG.set(out, outOffset, (long) LE_LONG.get(in, inOffset) ^ keystream);
  }
}
