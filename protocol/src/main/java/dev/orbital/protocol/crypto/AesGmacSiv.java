package dev.orbital.protocol.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;

/**
 * ZeroTier's AES-GMAC-SIV (cipher suite 3), built from the JDK's AES (which uses AES-NI and
 * carry-less multiply intrinsics on HotSpot):
 *
 * <pre>
 * T      = GMAC-AES(K0, nonce = iv(8) ‖ 00000000, input = aad ‖ zero pad to 16 ‖ plaintext)
 * mac8   = T[0..7] XOR T[8..15]
 * tag    = AES-ECB(K1, iv(8) ‖ mac8)                     16 bytes, sent instead of iv and MAC
 * ctrIv  = tag with byte 12 AND 0x7F                      (the 32-bit counter never wraps)
 * data   = AES-256-CTR(K1, ctrIv) XOR plaintext
 * </pre>
 *
 * The GMAC is a GCM tag with no plaintext, so the padded aad and the plaintext together are the GCM
 * "additional data". To decrypt, CTR-decrypt first, recover {@code iv ‖ mac8} by AES-decrypting the
 * tag, then recompute the GMAC over the recovered plaintext and compare {@code mac8}.
 *
 * <p>Holds four JCE {@link Cipher} objects keyed once and re-used for every message: not
 * thread-safe, use one instance per thread (or per peer, guarded by its owner). This class keeps
 * its scratch buffers; per message it only allocates the two small JCE parameter objects, but the
 * JDK's GCM copies its additional data internally (a few KB of short-lived garbage per message).
 *
 * <p>The JCE refuses to GCM-encrypt twice in a row under one key and nonce, which a replayed packet
 * would do on the receive path; this class detects that case and never lets the exception out.
 */
public final class AesGmacSiv {

  public static final int IV_LENGTH = 8;
  public static final int TAG_LENGTH = 16;

  private static final int BLOCK = 16;
  private static final int GCM_NONCE_LENGTH = 12;
  private static final int GCM_TAG_BITS = 128;
  private static final byte[] ZEROS = new byte[BLOCK];

  private final SecretKey k0;
  private final SecretKey k1;
  private final Cipher gmac;
  private final Cipher k1Encryptor;
  private final Cipher k1Decryptor;
  private final Cipher ctr;
  private final byte[] gcmNonce = new byte[GCM_NONCE_LENGTH];
  private final byte[] gmacTag = new byte[BLOCK];
  private final byte[] block = new byte[BLOCK];
  private final byte[] ctrIv = new byte[BLOCK];
  private boolean gmacUsed;

  /** Uses the two AES-256 keys derived from an agreed key. */
  public AesGmacSiv(SymmetricKey key) {
    this(key.aesK0(), key.aesK1());
  }

  public AesGmacSiv(SecretKey k0, SecretKey k1) {
    this.k0 = k0;
    this.k1 = k1;
    try {
      gmac = Cipher.getInstance("AES/GCM/NoPadding");
      k1Encryptor = Cipher.getInstance("AES/ECB/NoPadding");
      k1Encryptor.init(Cipher.ENCRYPT_MODE, k1);
      k1Decryptor = Cipher.getInstance("AES/ECB/NoPadding");
      k1Decryptor.init(Cipher.DECRYPT_MODE, k1);
      ctr = Cipher.getInstance("AES/CTR/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256 GCM, ECB and CTR are part of every JDK", e);
    }
  }

  /**
   * Encrypts {@code data[offset..offset+length)} in place and writes the 16-byte tag.
   *
   * @param iv 8 bytes at {@code ivOffset}: the packet ID
   * @param aad authenticated header bytes (zero-padded to a multiple of 16 in the GMAC)
   */
  public void encrypt(
      byte[] iv,
      int ivOffset,
      byte[] aad,
      int aadOffset,
      int aadLength,
      byte[] data,
      int offset,
      int length,
      byte[] tag,
      int tagOffset) {
    foldedGmac(iv, ivOffset, aad, aadOffset, aadLength, data, offset, length);
    System.arraycopy(iv, ivOffset, block, 0, IV_LENGTH);
    System.arraycopy(gmacTag, 0, block, IV_LENGTH, IV_LENGTH);
    try {
      k1Encryptor.doFinal(block, 0, BLOCK, tag, tagOffset);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-ECB of one block cannot fail", e);
    }
    ctr(tag, tagOffset, data, offset, length);
  }

  /**
   * Decrypts {@code data[offset..offset+length)} in place and checks the 16-byte tag. Returns
   * false, in constant time with respect to the tag, if it does not authenticate; the data is then
   * garbage and must be dropped.
   */
  public boolean decrypt(
      byte[] tag,
      int tagOffset,
      byte[] aad,
      int aadOffset,
      int aadLength,
      byte[] data,
      int offset,
      int length) {
    ctr(tag, tagOffset, data, offset, length);
    try {
      k1Decryptor.doFinal(tag, tagOffset, BLOCK, block, 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-ECB of one block cannot fail", e);
    }
    foldedGmac(block, 0, aad, aadOffset, aadLength, data, offset, length);
    int difference = 0;
    for (int i = 0; i < IV_LENGTH; i++) {
      difference |= gmacTag[i] ^ block[IV_LENGTH + i];
    }
    return difference == 0;
  }

  /** Leaves the 64-bit folded GMAC in {@code gmacTag[0..7]}. */
  private void foldedGmac(
      byte[] iv,
      int ivOffset,
      byte[] aad,
      int aadOffset,
      int aadLength,
      byte[] data,
      int offset,
      int length) {
    try {
      if (gmacUsed && Arrays.equals(iv, ivOffset, ivOffset + IV_LENGTH, gcmNonce, 0, IV_LENGTH)) {
        // The JCE refuses to encrypt twice in a row under one key and nonce (a replayed packet
        // does exactly that); a nonce ending in FFFFFFFF is never a real one, so key it once with
        // that in between.
        Arrays.fill(gcmNonce, IV_LENGTH, GCM_NONCE_LENGTH, (byte) 0xff);
        gmac.init(Cipher.ENCRYPT_MODE, k0, new GCMParameterSpec(GCM_TAG_BITS, gcmNonce));
        Arrays.fill(gcmNonce, IV_LENGTH, GCM_NONCE_LENGTH, (byte) 0);
      }
      System.arraycopy(iv, ivOffset, gcmNonce, 0, IV_LENGTH);
      gmac.init(Cipher.ENCRYPT_MODE, k0, new GCMParameterSpec(GCM_TAG_BITS, gcmNonce));
      gmacUsed = true;
      gmac.updateAAD(aad, aadOffset, aadLength);
      int pad = -aadLength & (BLOCK - 1);
      if (pad > 0) {
        gmac.updateAAD(ZEROS, 0, pad);
      }
      gmac.updateAAD(data, offset, length);
      gmac.doFinal(gmacTag, 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM with a fresh nonce cannot fail", e);
    }
    for (int i = 0; i < IV_LENGTH; i++) {
      gmacTag[i] ^= gmacTag[i + IV_LENGTH];
    }
  }

  /**
   * AES-256-CTR under K1; the JCE counts on the whole 128-bit block, which is the same as
   * ZeroTier's 32-bit counter because bit 31 starts clear and a packet is far below 2^31 blocks.
   */
  private void ctr(byte[] tag, int tagOffset, byte[] data, int offset, int length) {
    System.arraycopy(tag, tagOffset, ctrIv, 0, BLOCK);
    ctrIv[12] &= 0x7f;
    try {
      ctr.init(Cipher.ENCRYPT_MODE, k1, new IvParameterSpec(ctrIv));
      ctr.update(data, offset, length, data, offset);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR cannot fail", e);
    }
  }

  @Override
  public String toString() {
    return "AesGmacSiv[secret]";
  }
}
