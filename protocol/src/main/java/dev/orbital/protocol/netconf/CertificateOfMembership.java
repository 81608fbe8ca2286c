package dev.orbital.protocol.netconf;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.crypto.C25519;
import dev.orbital.protocol.identity.Identity;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A certificate of membership (COM): qualifiers a controller signs, which two members compare to
 * decide whether they may talk on a private network.
 *
 * <pre>
 * version(1)=0x01  qualifierCount(2)
 * qualifierCount × { id(8) value(8) maxDelta(8) }     sorted by id
 * signedBy(5)  [signature(96) if signedBy ≠ 0]
 * </pre>
 *
 * The signature covers the qualifier triples as big-endian uint64s. The controller issues ids 0
 * (timestamp, maxDelta = credential time window), 1 (network ID, maxDelta 0), 2 (issued-to address)
 * and 3..6 (the member's SHA-384(address ‖ public key)[0..31] as four words). Qualifier ids must be
 * in ascending (unsigned) order on the wire, as stock requires.
 */
public final class CertificateOfMembership implements Credential {

  public static final int VERSION = 1;

  /** ZT_NETWORK_COM_MAX_QUALIFIERS. */
  public static final int MAX_QUALIFIERS = 8;

  public static final long ID_TIMESTAMP = 0;
  public static final long ID_NETWORK_ID = 1;
  public static final long ID_ISSUED_TO = 2;
  public static final long ID_PUBLIC_KEY_HASH_FIRST = 3;
  public static final long ID_PUBLIC_KEY_HASH_LAST = 6;
  private static final long ANY_DELTA = -1L; // 2^64 - 1

  /** One signed fact; values are compared as unsigned 64-bit numbers. */
  public record Qualifier(long id, long value, long maxDelta) {}

  private final List<Qualifier> qualifiers;
  private final Address signedBy;
  private final byte[] signature;

  private CertificateOfMembership(List<Qualifier> qualifiers, Address signedBy, byte[] signature) {
    this.qualifiers = List.copyOf(qualifiers);
    this.signedBy = signedBy;
    this.signature = signature;
  }

  /** Issues and signs a COM the way the stock controller does. */
  public static CertificateOfMembership issue(
      long timestamp, long maxDelta, long networkId, Identity member, Identity controller) {
    List<Qualifier> qualifiers = new ArrayList<>();
    qualifiers.add(new Qualifier(ID_TIMESTAMP, timestamp, maxDelta));
    qualifiers.add(new Qualifier(ID_NETWORK_ID, networkId, 0));
    qualifiers.add(new Qualifier(ID_ISSUED_TO, member.address().value(), ANY_DELTA));
    ByteBuffer hash = ByteBuffer.wrap(member.publicKeyHash());
    for (long id = ID_PUBLIC_KEY_HASH_FIRST; id <= ID_PUBLIC_KEY_HASH_LAST; id++) {
      qualifiers.add(new Qualifier(id, hash.getLong(), ANY_DELTA));
    }
    return new CertificateOfMembership(qualifiers, new Address(0), null).sign(controller);
  }

  /** A copy signed by {@code signer}, which must be the network's controller to verify. */
  public CertificateOfMembership sign(Identity signer) {
    return new CertificateOfMembership(
        qualifiers, signer.address(), signer.sign(signedBytes(qualifiers)));
  }

  public List<Qualifier> qualifiers() {
    return qualifiers;
  }

  /** The signer's address, or {@code 0000000000} for an unsigned COM. */
  public Address signedBy() {
    return signedBy;
  }

  public byte[] signature() {
    return signature == null ? null : signature.clone();
  }

  @Override
  public CredentialType type() {
    return CredentialType.COM;
  }

  /** COMs have no ID; always 0. */
  @Override
  public int id() {
    return 0;
  }

  @Override
  public long timestamp() {
    return valueOf(ID_TIMESTAMP);
  }

  @Override
  public long networkId() {
    return valueOf(ID_NETWORK_ID);
  }

  public boolean isSigned() {
    return signedBy.value() != 0;
  }

  public Address issuedTo() {
    return new Address(valueOf(ID_ISSUED_TO) & Address.MASK);
  }

  private long valueOf(long id) {
    for (Qualifier q : qualifiers) {
      if (q.id() == id) {
        return q.value();
      }
    }
    return 0;
  }

  /** The last qualifier with this id, as stock's id-to-value map keeps the last duplicate. */
  private Qualifier find(long id) {
    Qualifier found = null;
    for (Qualifier q : qualifiers) {
      if (q.id() == id) {
        found = q;
      }
    }
    return found;
  }

  /**
   * True if {@code signer} is this network's controller (address = network ID &gt;&gt;&gt; 24),
   * signed this COM, and the signature over these qualifiers holds.
   */
  public boolean verify(Identity signer) {
    return signature != null
        && signedBy.equals(NetworkAddresses.controllerOf(networkId()))
        && signer.address().equals(signedBy)
        && signer.verify(signedBytes(qualifiers), signature);
  }

  /**
   * Whether {@code other}, presented by the peer {@code otherIdentity}, agrees with this (my) COM:
   * neither is empty, every qualifier of mine is present in theirs within my max delta, and, if
   * mine carries any identity-hash qualifier (ids 3..6), theirs carries all four and they equal
   * SHA-384(address ‖ public key) of the identity actually presenting it.
   */
  public boolean agreesWith(CertificateOfMembership other, Identity otherIdentity) {
    if (qualifiers.isEmpty() || other.qualifiers.isEmpty()) {
      return false;
    }
    boolean checkIdentityHash = false;
    for (Qualifier mine : qualifiers) {
      Qualifier theirs = other.find(mine.id());
      if (theirs == null) {
        return false;
      }
      long a = mine.value();
      long b = theirs.value();
      long delta = Long.compareUnsigned(a, b) >= 0 ? a - b : b - a;
      if (Long.compareUnsigned(delta, mine.maxDelta()) > 0) {
        return false;
      }
      checkIdentityHash |= isIdentityHashId(mine.id());
    }
    if (checkIdentityHash) {
      ByteBuffer hash = ByteBuffer.wrap(otherIdentity.publicKeyHash());
      for (long id = ID_PUBLIC_KEY_HASH_FIRST; id <= ID_PUBLIC_KEY_HASH_LAST; id++) {
        Qualifier theirs = other.find(id);
        if (theirs == null || theirs.value() != hash.getLong()) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean isIdentityHashId(long id) {
    return id >= ID_PUBLIC_KEY_HASH_FIRST && id <= ID_PUBLIC_KEY_HASH_LAST;
  }

  static byte[] signedBytes(List<Qualifier> qualifiers) {
    ByteBuffer out = ByteBuffer.allocate(qualifiers.size() * 24);
    for (Qualifier q : qualifiers) {
      out.putLong(q.id()).putLong(q.value()).putLong(q.maxDelta());
    }
    return out.array();
  }

  public int encodedLength() {
    return 3 + qualifiers.size() * 24 + Address.LENGTH + (signature == null ? 0 : 96);
  }

  public void write(ByteBuffer out) {
    out.put((byte) VERSION).putShort((short) qualifiers.size());
    for (Qualifier q : qualifiers) {
      out.putLong(q.id()).putLong(q.value()).putLong(q.maxDelta());
    }
    signedBy.write(out);
    if (signature != null) {
      out.put(signature);
    }
  }

  public byte[] toBytes() {
    ByteBuffer out = ByteBuffer.allocate(encodedLength());
    write(out);
    return out.array();
  }

  public static CertificateOfMembership read(WireReader in) throws ProtocolException {
    return readAfterVersion(in.u8(), in);
  }

  /** Reads the rest of a COM whose version byte the caller has already read. */
  static CertificateOfMembership readAfterVersion(int version, WireReader in)
      throws ProtocolException {
    if (version != VERSION) {
      throw new ProtocolException(in.what() + ": unknown COM version " + version);
    }
    int count = in.u16();
    WireReader.checkCount(count, MAX_QUALIFIERS, "COM qualifier count");
    List<Qualifier> qualifiers = new ArrayList<>(count);
    long lastId = 0;
    for (int i = 0; i < count; i++) {
      Qualifier q = new Qualifier(in.i64(), in.i64(), in.i64());
      if (Long.compareUnsigned(q.id(), lastId) < 0) {
        throw new ProtocolException(in.what() + ": COM qualifiers out of order at id " + q.id());
      }
      lastId = q.id();
      qualifiers.add(q);
    }
    Address signedBy = in.address();
    byte[] signature = signedBy.value() == 0 ? null : in.bytes(C25519.SIGNATURE_LENGTH);
    return new CertificateOfMembership(qualifiers, signedBy, signature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CertificateOfMembership
        && qualifiers.equals(((CertificateOfMembership) o).qualifiers)
        && signedBy.equals(((CertificateOfMembership) o).signedBy)
        && Arrays.equals(signature, ((CertificateOfMembership) o).signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(qualifiers, signedBy);
  }

  @Override
  public String toString() {
    return "COM[network="
        + Long.toHexString(networkId())
        + " to="
        + issuedTo()
        + " ts="
        + timestamp()
        + " by="
        + signedBy
        + "]";
  }
}
