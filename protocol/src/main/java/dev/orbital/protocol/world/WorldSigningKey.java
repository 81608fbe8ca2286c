package dev.orbital.protocol.world;

import dev.orbital.protocol.crypto.C25519;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A world update key pair (C25519: X25519 ‖ Ed25519, 64 bytes each half): the key a world names in
 * {@code updatesMustBeSignedBy} and that signs its next revision. The private half is never
 * printed.
 */
public final class WorldSigningKey {

  private final byte[] publicKey;
  private final byte[] privateKey;

  private WorldSigningKey(byte[] publicKey, byte[] privateKey) {
    this.publicKey = publicKey;
    this.privateKey = privateKey;
  }

  /** A key pair from its halves; the public half must be the one the private half derives. */
  public static WorldSigningKey of(byte[] publicKey, byte[] privateKey) {
    if (publicKey.length != C25519.PUBLIC_KEY_LENGTH) {
      throw new IllegalArgumentException("public key must be 64 bytes, not " + publicKey.length);
    }
    byte[] derived = C25519.publicFromPrivate(privateKey);
    if (!MessageDigest.isEqual(derived, publicKey)) {
      throw new IllegalArgumentException("private key does not match the public key");
    }
    return new WorldSigningKey(publicKey.clone(), privateKey.clone());
  }

  public static WorldSigningKey generate(SecureRandom random) {
    byte[] privateKey = new byte[C25519.PRIVATE_KEY_LENGTH];
    random.nextBytes(privateKey);
    return new WorldSigningKey(C25519.publicFromPrivate(privateKey), privateKey);
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The private half, for writing the key to its owner's store only. */
  public byte[] privateKey() {
    return privateKey.clone();
  }

  byte[] sign(byte[] message) {
    return C25519.sign(privateKey, message);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WorldSigningKey k && MessageDigest.isEqual(publicKey, k.publicKey);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(publicKey);
  }

  @Override
  public String toString() {
    return "WorldSigningKey[" + HexFormat.of().formatHex(publicKey) + "]";
  }
}
