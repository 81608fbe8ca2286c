package dev.orbital.protocol.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 48-byte key two identities agree on. Salsa20/12-Poly1305 (and HELLO's encrypted field) use
 * bytes 0..31; AES-GMAC-SIV uses two AES-256 keys derived from all 48 bytes:
 *
 * <pre>
 * K0 = HMAC-SHA-384(key, 00000000 'Z' 'T' '0' 00 00 00000180)[0..31]
 * K1 = HMAC-SHA-384(key, 00000000 'Z' 'T' '1' 00 00 00000180)[0..31]
 * </pre>
 *
 * (a KBKDF with counter 0, "ZT" prefix, the label, a separator, context 0 and length 384).
 */
public final class SymmetricKey {

  public static final int LENGTH = C25519.AGREED_KEY_LENGTH;
  public static final int SALSA_KEY_LENGTH = 32;

  private final byte[] key;
  private final SecretKeySpec aesK0;
  private final SecretKeySpec aesK1;

  public SymmetricKey(byte[] key) {
    if (key.length != LENGTH) {
      throw new IllegalArgumentException("symmetric key must be " + LENGTH + " bytes");
    }
    this.key = key.clone();
    this.aesK0 = new SecretKeySpec(deriveAesKey(this.key, '0'), "AES");
    this.aesK1 = new SecretKeySpec(deriveAesKey(this.key, '1'), "AES");
  }

  /** Copies the 32-byte Salsa20 key into {@code out} at {@code offset}. */
  public void copySalsaKey(byte[] out, int offset) {
    System.arraycopy(key, 0, out, offset, SALSA_KEY_LENGTH);
  }

  /** The AES-256 key for GMAC. */
  public SecretKeySpec aesK0() {
    return aesK0;
  }

  /** The AES-256 key for the SIV tag and CTR encryption. */
  public SecretKeySpec aesK1() {
    return aesK1;
  }

  private static byte[] deriveAesKey(byte[] key, char label) {
    byte[] message = {0, 0, 0, 0, 'Z', 'T', (byte) label, 0, 0, 0, 0, 0x01, (byte) 0x80};
    try {
      Mac hmac = Mac.getInstance("HmacSHA384");
      hmac.init(new SecretKeySpec(key, "HmacSHA384"));
      return Arrays.copyOf(hmac.doFinal(message), 32);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA384 is part of every JDK", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SymmetricKey && MessageDigest.isEqual(key, ((SymmetricKey) other).key);
  }

  @Override
  public int hashCode() {
    return 0; // deliberately constant: a hash of key bytes would leak through timing and logs
  }

  @Override
  public String toString() {
    return "SymmetricKey[secret]";
  }
}
