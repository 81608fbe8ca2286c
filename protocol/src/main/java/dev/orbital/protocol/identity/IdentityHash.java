package dev.orbital.protocol.identity;

import dev.orbital.protocol.crypto.C25519;
import dev.orbital.protocol.crypto.Salsa20;

/**
 * ZeroTier's memory-hard identity hash (spec §2.3). An identity is valid when the first byte of the
 * digest is below 17 and its last five bytes are the address, which makes addresses expensive to
 * choose and cheap enough (milliseconds) to check.
 */
final class IdentityHash {

  static final int MEMORY = 2_097_152;
  static final int DIGEST_CRITERION = 17;
  private static final int WORDS = MEMORY / 8;

  private IdentityHash() {}

  /** The 64-byte digest of a 64-byte public key. */
  static byte[] digest(byte[] publicKey) {
    byte[] digest = C25519.sha512(publicKey, 0, publicKey.length);
    Salsa20 salsa = new Salsa20(20).init(digest, 0, digest, 32);
    byte[] memory = new byte[MEMORY];
    // Block 0 is keystream block 0; block i is block i-1 XOR keystream block i.
    salsa.crypt(memory, 0, 64);
    for (int offset = 64; offset < MEMORY; offset += 64) {
      System.arraycopy(memory, offset - 64, memory, offset, 64);
      salsa.crypt(memory, offset, 64);
    }
    byte[] swap = new byte[8];
    for (int word = 0; word < WORDS; word += 2) {
      int digestWord = (int) Long.remainderUnsigned(bigEndian64(memory, word * 8), 8);
      int memoryWord = (int) Long.remainderUnsigned(bigEndian64(memory, (word + 1) * 8), WORDS);
      System.arraycopy(memory, memoryWord * 8, swap, 0, 8);
      System.arraycopy(digest, digestWord * 8, memory, memoryWord * 8, 8);
      System.arraycopy(swap, 0, digest, digestWord * 8, 8);
      salsa.crypt(digest, 0, 64);
    }
    return digest;
  }

  static boolean meetsCriterion(byte[] digest) {
    return (digest[0] & 0xff) < DIGEST_CRITERION;
  }

  private static long bigEndian64(byte[] b, int offset) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[offset + i] & 0xff);
    }
    return v;
  }
}
