package dev.orbital.protocol.identity;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.crypto.C25519;
import dev.orbital.protocol.crypto.SymmetricKey;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A ZeroTier identity of type 0 (C25519): an address, a 64-byte public key and, for our own
 * identities, the 64-byte private key. The private key is never printed: {@link #toString()} is the
 * public form, and only {@link #toSecretString()} writes the secret one.
 *
 * <pre>
 * text:    aaaaaaaaaa:0:&lt;128 hex public&gt;[:&lt;128 hex private&gt;]
 * binary:  address(5) type(1)=0 public(64) privateLength(1)=0|64 [private(64)]
 * </pre>
 */
public final class Identity {

  public static final int TYPE_C25519 = 0;

  /** The binary public form, as every identity travels on the wire. */
  public static final int PUBLIC_BINARY_LENGTH = Address.LENGTH + 1 + C25519.PUBLIC_KEY_LENGTH + 1;

  private static final HexFormat HEX = HexFormat.of();

  private final Address address;
  private final byte[] publicKey;
  private final byte[] privateKey;

  private Identity(Address address, byte[] publicKey, byte[] privateKey) {
    this.address = address;
    this.publicKey = publicKey;
    this.privateKey = privateKey;
  }

  /** An identity from its parts; the keys are copied. Call {@link #locallyValidate()} on input. */
  public static Identity of(Address address, byte[] publicKey, byte[] privateKey) {
    if (publicKey.length != C25519.PUBLIC_KEY_LENGTH) {
      throw new IllegalArgumentException("public key must be 64 bytes");
    }
    if (privateKey != null && privateKey.length != C25519.PRIVATE_KEY_LENGTH) {
      throw new IllegalArgumentException("private key must be 64 bytes");
    }
    return new Identity(address, publicKey.clone(), privateKey == null ? null : privateKey.clone());
  }

  /**
   * Generates a new identity: a random Ed25519 seed, then X25519 scalars until the memory-hard hash
   * meets the criterion and the address is not reserved. Takes a fraction of a second.
   */
  public static Identity generate(SecureRandom random) {
    byte[] privateKey = new byte[C25519.PRIVATE_KEY_LENGTH];
    random.nextBytes(privateKey);
    byte[] x25519 = new byte[C25519.PRIVATE_KEY_LENGTH / 2];
    while (true) {
      // A fresh X25519 half each try, keeping the Ed25519 seed; how to mutate is ours to choose.
      random.nextBytes(x25519);
      System.arraycopy(x25519, 0, privateKey, 0, x25519.length);
      byte[] publicKey = C25519.publicFromPrivate(privateKey);
      byte[] digest = IdentityHash.digest(publicKey);
      if (IdentityHash.meetsCriterion(digest)) {
        Address address = new Address(Address.readLong(digest, 59));
        if (!address.isReserved()) {
          return new Identity(address, publicKey, privateKey);
        }
      }
    }
  }

  /** Parses the text form, public or secret. Throws IllegalArgumentException naming the problem. */
  public static Identity parse(String text) {
    String[] fields = text.strip().split(":", -1);
    if (fields.length != 3 && fields.length != 4) {
      throw new IllegalArgumentException("identity must be address:0:public[:private]");
    }
    Address address = Address.parse(fields[0]);
    if (!fields[1].equals("0")) {
      throw new IllegalArgumentException("unsupported identity type: " + fields[1]);
    }
    byte[] publicKey = hexKey(fields[2], "public key");
    byte[] privateKey = fields.length == 4 ? hexKey(fields[3], "private key") : null;
    if (privateKey != null && !Arrays.equals(C25519.publicFromPrivate(privateKey), publicKey)) {
      throw new IllegalArgumentException("private key does not match the public key");
    }
    return new Identity(address, publicKey, privateKey);
  }

  private static byte[] hexKey(String hex, String what) {
    if (hex.length() != 128) {
      throw new IllegalArgumentException(what + " must be 128 hex digits");
    }
    try {
      return HEX.parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " is not hex", e);
    }
  }

  /** Reads the binary form; a private key, if present, is read too. */
  public static Identity read(WireReader in) throws ProtocolException {
    Address address = in.address();
    int type = in.u8();
    if (type != TYPE_C25519) {
      throw new ProtocolException(in.what() + ": unsupported identity type " + type);
    }
    byte[] publicKey = in.bytes(C25519.PUBLIC_KEY_LENGTH);
    int privateLength = in.u8();
    byte[] privateKey = null;
    if (privateLength == C25519.PRIVATE_KEY_LENGTH) {
      privateKey = in.bytes(privateLength);
    } else if (privateLength != 0) {
      throw new ProtocolException(in.what() + ": bad private key length " + privateLength);
    }
    return new Identity(address, publicKey, privateKey);
  }

  /** Writes the binary public form (71 bytes), as it travels on the wire. */
  public void write(ByteBuffer out) {
    address.write(out);
    out.put((byte) TYPE_C25519).put(publicKey).put((byte) 0);
  }

  public byte[] toBytes() {
    ByteBuffer out = ByteBuffer.allocate(PUBLIC_BINARY_LENGTH);
    write(out);
    return out.array();
  }

  /** Runs the memory-hard hash: the address must be its last five bytes and the criterion met. */
  public boolean locallyValidate() {
    if (address.isReserved()) {
      return false;
    }
    byte[] digest = IdentityHash.digest(publicKey);
    return IdentityHash.meetsCriterion(digest) && Address.readLong(digest, 59) == address.value();
  }

  public Address address() {
    return address;
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  public boolean hasPrivateKey() {
    return privateKey != null;
  }

  /** The same identity without its private key. */
  public Identity toPublic() {
    return privateKey == null ? this : new Identity(address, publicKey, null);
  }

  /** SHA-384(address ‖ public key): what a certificate of membership binds to. */
  public byte[] publicKeyHash() {
    MessageDigest sha = C25519.sha384();
    sha.update(address.toBytes());
    sha.update(publicKey);
    return sha.digest();
  }

  public byte[] sign(byte[] message) {
    return sign(message, 0, message.length);
  }

  public byte[] sign(byte[] message, int offset, int length) {
    return C25519.sign(requirePrivate(), message, offset, length);
  }

  public boolean verify(byte[] message, byte[] signature) {
    return C25519.verify(publicKey, message, signature);
  }

  public boolean verify(byte[] message, int offset, int length, byte[] signature) {
    return C25519.verify(publicKey, message, offset, length, signature);
  }

  /** The key this (private) identity shares with {@code peer}, or empty for a hostile key. */
  public Optional<SymmetricKey> agree(Identity peer) {
    byte[] agreed = C25519.agree(requirePrivate(), peer.publicKey);
    if (agreed == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new SymmetricKey(agreed));
    } finally {
      Arrays.fill(agreed, (byte) 0);
    }
  }

  private byte[] requirePrivate() {
    if (privateKey == null) {
      throw new IllegalStateException("identity " + address + " has no private key");
    }
    return privateKey;
  }

  /** The text form with the private key, for {@code identity.secret} files only. */
  public String toSecretString() {
    return toString() + ":" + HEX.formatHex(requirePrivate());
  }

  /** Same address and public key; the private key does not take part. */
  @Override
  public boolean equals(Object other) {
    return other instanceof Identity
        && address.equals(((Identity) other).address)
        && Arrays.equals(publicKey, ((Identity) other).publicKey);
  }

  @Override
  public int hashCode() {
    return address.hashCode();
  }

  /** The public text form. */
  @Override
  public String toString() {
    return address + ":0:" + HEX.formatHex(publicKey);
  }
}
