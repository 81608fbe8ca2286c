package dev.orbital.protocol.netconf;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.crypto.C25519;
import dev.orbital.protocol.identity.Identity;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
 * and 3..6 (the member's SHA-384(address ‖ public key)[0..31] as four words).
 */
public final class CertificateOfMembership {

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
    byte[] signature = controller.sign(signedBytes(qualifiers));
    return new CertificateOfMembership(qualifiers, controller.address(), signature);
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

  public long timestamp() {
    return valueOf(ID_TIMESTAMP);
  }

  public long networkId() {
    return valueOf(ID_NETWORK_ID);
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

  private Qualifier find(long id) {
    for (Qualifier q : qualifiers) {
      if (q.id() == id) {
        return q;
      }
    }
    return null;
  }

  /** True if {@code signer} made the signature over these qualifiers. */
  public boolean verify(Identity signer) {
    return signature != null
        && signer.address().equals(signedBy)
        && signer.verify(signedBytes(qualifiers), signature);
  }

  /**
   * Whether {@code other}, presented by the peer {@code otherIdentity}, agrees with this (my) COM:
   * every qualifier of mine is present in theirs within my max delta, and their identity-hash
   * qualifiers are the hash of the identity actually presenting it.
   */
  public boolean agreesWith(CertificateOfMembership other, Identity otherIdentity) {
    byte[] otherHash = null;
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
      if (mine.id() >= ID_PUBLIC_KEY_HASH_FIRST && mine.id() <= ID_PUBLIC_KEY_HASH_LAST) {
        if (otherHash == null) {
          otherHash = otherIdentity.publicKeyHash();
        }
        int word = (int) (mine.id() - ID_PUBLIC_KEY_HASH_FIRST);
        if (ByteBuffer.wrap(otherHash, word * 8, 8).getLong() != theirs.value()) {
          return false;
        }
      }
    }
    return true;
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
    int version = in.u8();
    if (version != VERSION) {
      throw new ProtocolException(in.what() + ": unknown COM version " + version);
    }
    int count = in.u16();
    WireReader.checkCount(count, MAX_QUALIFIERS, "COM qualifier count");
    List<Qualifier> qualifiers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      qualifiers.add(new Qualifier(in.i64(), in.i64(), in.i64()));
    }
    qualifiers.sort(Comparator.comparing(Qualifier::id, Long::compareUnsigned));
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
