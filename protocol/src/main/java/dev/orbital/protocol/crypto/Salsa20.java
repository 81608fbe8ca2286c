package dev.orbital.protocol.crypto;

/**
 * Salsa20 with a 256-bit key, a 64-bit nonce and a 64-bit block counter (the original layout), with
 * 12 or 20 rounds. ZeroTier uses Salsa20/12 for packets and Salsa20/20 for identity hashing.
 *
 * <p>Not thread-safe; one instance is re-keyed per packet with {@link #init}.
 */
public final class Salsa20 {

  private static final int SIGMA0 = 0x61707865;
  private static final int SIGMA1 = 0x3320646e;
  private static final int SIGMA2 = 0x79622d32;
  private static final int SIGMA3 = 0x6b206574;

  private final int rounds;
  private final int[] state = new int[16];
  private final byte[] block = new byte[64];
  private int blockUsed = 64;

  public Salsa20(int rounds) {
    if (rounds != 12 && rounds != 20) {
      throw new IllegalArgumentException("Salsa20 rounds must be 12 or 20: " + rounds);
    }
    this.rounds = rounds;
  }

  /** Keys the stream with a 32-byte key and an 8-byte nonce; the block counter starts at 0. */
  public Salsa20 init(byte[] key, int keyOffset, byte[] nonce, int nonceOffset) {
    state[0] = SIGMA0;
    state[1] = le32(key, keyOffset);
    state[2] = le32(key, keyOffset + 4);
    state[3] = le32(key, keyOffset + 8);
    state[4] = le32(key, keyOffset + 12);
    state[5] = SIGMA1;
    state[6] = le32(nonce, nonceOffset);
    state[7] = le32(nonce, nonceOffset + 4);
    state[8] = 0;
    state[9] = 0;
    state[10] = SIGMA2;
    state[11] = le32(key, keyOffset + 16);
    state[12] = le32(key, keyOffset + 20);
    state[13] = le32(key, keyOffset + 24);
    state[14] = le32(key, keyOffset + 28);
    state[15] = SIGMA3;
    blockUsed = 64;
    return this;
  }

  /** XORs the next {@code length} keystream bytes into {@code data} in place. */
  public void crypt(byte[] data, int offset, int length) {
    crypt(data, offset, data, offset, length);
  }

  /** XORs the next {@code length} keystream bytes with {@code in} into {@code out}. */
  public void crypt(byte[] in, int inOffset, byte[] out, int outOffset, int length) {
    while (length > 0 && blockUsed < 64) {
      out[outOffset++] = (byte) (in[inOffset++] ^ block[blockUsed++]);
      length--;
    }
    while (length >= 64) {
      nextBlock(block);
      for (int i = 0; i < 64; i++) {
        out[outOffset + i] = (byte) (in[inOffset + i] ^ block[i]);
      }
      inOffset += 64;
      outOffset += 64;
      length -= 64;
    }
    if (length > 0) {
      nextBlock(block);
      for (int i = 0; i < length; i++) {
        out[outOffset + i] = (byte) (in[inOffset + i] ^ block[i]);
      }
      blockUsed = length;
    }
  }

  /** Writes the next 64-byte keystream block into {@code out} and advances the counter. */
  public void nextBlock(byte[] out) {
    int x0 = state[0];
    int x1 = state[1];
    int x2 = state[2];
    int x3 = state[3];
    int x4 = state[4];
    int x5 = state[5];
    int x6 = state[6];
    int x7 = state[7];
    int x8 = state[8];
    int x9 = state[9];
    int x10 = state[10];
    int x11 = state[11];
    int x12 = state[12];
    int x13 = state[13];
    int x14 = state[14];
    int x15 = state[15];
    for (int i = rounds; i > 0; i -= 2) {
      x4 ^= Integer.rotateLeft(x0 + x12, 7);
      x8 ^= Integer.rotateLeft(x4 + x0, 9);
      x12 ^= Integer.rotateLeft(x8 + x4, 13);
      x0 ^= Integer.rotateLeft(x12 + x8, 18);
      x9 ^= Integer.rotateLeft(x5 + x1, 7);
      x13 ^= Integer.rotateLeft(x9 + x5, 9);
      x1 ^= Integer.rotateLeft(x13 + x9, 13);
      x5 ^= Integer.rotateLeft(x1 + x13, 18);
      x14 ^= Integer.rotateLeft(x10 + x6, 7);
      x2 ^= Integer.rotateLeft(x14 + x10, 9);
      x6 ^= Integer.rotateLeft(x2 + x14, 13);
      x10 ^= Integer.rotateLeft(x6 + x2, 18);
      x3 ^= Integer.rotateLeft(x15 + x11, 7);
      x7 ^= Integer.rotateLeft(x3 + x15, 9);
      x11 ^= Integer.rotateLeft(x7 + x3, 13);
      x15 ^= Integer.rotateLeft(x11 + x7, 18);
      x1 ^= Integer.rotateLeft(x0 + x3, 7);
      x2 ^= Integer.rotateLeft(x1 + x0, 9);
      x3 ^= Integer.rotateLeft(x2 + x1, 13);
      x0 ^= Integer.rotateLeft(x3 + x2, 18);
      x6 ^= Integer.rotateLeft(x5 + x4, 7);
      x7 ^= Integer.rotateLeft(x6 + x5, 9);
      x4 ^= Integer.rotateLeft(x7 + x6, 13);
      x5 ^= Integer.rotateLeft(x4 + x7, 18);
      x11 ^= Integer.rotateLeft(x10 + x9, 7);
      x8 ^= Integer.rotateLeft(x11 + x10, 9);
      x9 ^= Integer.rotateLeft(x8 + x11, 13);
      x10 ^= Integer.rotateLeft(x9 + x8, 18);
      x12 ^= Integer.rotateLeft(x15 + x14, 7);
      x13 ^= Integer.rotateLeft(x12 + x15, 9);
      x14 ^= Integer.rotateLeft(x13 + x12, 13);
      x15 ^= Integer.rotateLeft(x14 + x13, 18);
    }
    putLe32(out, 0, x0 + state[0]);
    putLe32(out, 4, x1 + state[1]);
    putLe32(out, 8, x2 + state[2]);
    putLe32(out, 12, x3 + state[3]);
    putLe32(out, 16, x4 + state[4]);
    putLe32(out, 20, x5 + state[5]);
    putLe32(out, 24, x6 + state[6]);
    putLe32(out, 28, x7 + state[7]);
    putLe32(out, 32, x8 + state[8]);
    putLe32(out, 36, x9 + state[9]);
    putLe32(out, 40, x10 + state[10]);
    putLe32(out, 44, x11 + state[11]);
    putLe32(out, 48, x12 + state[12]);
    putLe32(out, 52, x13 + state[13]);
    putLe32(out, 56, x14 + state[14]);
    putLe32(out, 60, x15 + state[15]);
    if (++state[8] == 0) {
      state[9]++;
    }
  }

  private static int le32(byte[] b, int i) {
    return (b[i] & 0xff)
        | (b[i + 1] & 0xff) << 8
        | (b[i + 2] & 0xff) << 16
        | (b[i + 3] & 0xff) << 24;
  }

  private static void putLe32(byte[] b, int i, int v) {
    b[i] = (byte) v;
    b[i + 1] = (byte) (v >>> 8);
    b[i + 2] = (byte) (v >>> 16);
    b[i + 3] = (byte) (v >>> 24);
  }
}
