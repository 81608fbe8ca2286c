package dev.orbital.protocol.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * ZeroTier's "C25519": an X25519 key and an Ed25519 key side by side.
 *
 * <pre>
 * public key  (64)  X25519 public(32)  | Ed25519 public(32)
 * private key (64)  X25519 scalar(32)  | Ed25519 seed(32)
 * signature   (96)  R(32) | S(32) | h(32)    h = SHA-512(message)[0..31], Ed25519 signs h
 * </pre>
 */
public final class C25519 {

  public static final int PUBLIC_KEY_LENGTH = 64;
  public static final int PRIVATE_KEY_LENGTH = 64;
  public static final int SIGNATURE_LENGTH = 96;

  /** The agreed key is SHA-512 of the X25519 secret, truncated to 48 bytes. */
  public static final int AGREED_KEY_LENGTH = 48;

  private static final int HALF = 32;

  static {
    Ed25519.precompute();
  }

  private C25519() {}

  /** Derives the 64-byte public key from a 64-byte private key. */
  public static byte[] publicFromPrivate(byte[] privateKey) {
    checkLength(privateKey, PRIVATE_KEY_LENGTH, "private key");
    byte[] pub = new byte[PUBLIC_KEY_LENGTH];
    X25519.scalarMultBase(privateKey, 0, pub, 0);
    Ed25519.generatePublicKey(privateKey, HALF, pub, HALF);
    return pub;
  }

  /**
   * Agrees a 48-byte symmetric key with a peer, or returns null for a hostile public key whose
   * shared secret is all zeros (small-order point).
   */
  public static byte[] agree(byte[] myPrivateKey, byte[] theirPublicKey) {
    checkLength(myPrivateKey, PRIVATE_KEY_LENGTH, "private key");
    checkLength(theirPublicKey, PUBLIC_KEY_LENGTH, "public key");
    byte[] raw = new byte[HALF];
    try {
      if (!X25519.calculateAgreement(myPrivateKey, 0, theirPublicKey, 0, raw, 0)) {
        return null;
      }
      return Arrays.copyOf(sha512(raw, 0, raw.length), AGREED_KEY_LENGTH);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  public static byte[] sign(byte[] privateKey, byte[] message) {
    return sign(privateKey, message, 0, message.length);
  }

  public static byte[] sign(byte[] privateKey, byte[] message, int offset, int length) {
    checkLength(privateKey, PRIVATE_KEY_LENGTH, "private key");
    byte[] digest = sha512(message, offset, length);
    byte[] signature = new byte[SIGNATURE_LENGTH];
    Ed25519.sign(privateKey, HALF, digest, 0, HALF, signature, 0);
    System.arraycopy(digest, 0, signature, 64, HALF);
    return signature;
  }

  public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    return verify(publicKey, message, 0, message.length, signature);
  }

  public static boolean verify(
      byte[] publicKey, byte[] message, int offset, int length, byte[] signature) {
    if (publicKey.length != PUBLIC_KEY_LENGTH || signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    byte[] digest = sha512(message, offset, length);
    if (!MessageDigest.isEqual(
        Arrays.copyOf(digest, HALF), Arrays.copyOfRange(signature, 64, 96))) {
      return false;
    }
    try {
      return Ed25519.verify(signature, 0, publicKey, HALF, digest, 0, HALF);
    } catch (IllegalArgumentException | IllegalStateException e) {
      // Bouncy Castle refuses some malformed points by throwing; to us that is just "invalid".
      return false;
    }
  }

  public static byte[] sha512(byte[] data, int offset, int length) {
    MessageDigest sha = sha512();
    sha.update(data, offset, length);
    return sha.digest();
  }

  public static MessageDigest sha512() {
    return digest("SHA-512");
  }

  public static MessageDigest sha384() {
    return digest("SHA-384");
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is part of every JDK", e);
    }
  }

  private static void checkLength(byte[] key, int length, String what) {
    if (key == null || key.length != length) {
      throw new IllegalArgumentException(
          what + " must be " + length + " bytes, not " + (key == null ? "null" : key.length));
    }
  }
}
