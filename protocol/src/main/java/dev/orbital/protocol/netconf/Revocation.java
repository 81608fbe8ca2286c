package dev.orbital.protocol.netconf;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.identity.Identity;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A revocation: the controller's word that a member's credentials of one type (and ID) issued at or
 * before {@code threshold} no longer count. On deauthorization the controller sends a COM
 * revocation with threshold = now to every online member.
 *
 * <pre>
 * reserved(4)=0 id(4) networkId(8) reserved(4)=0 credentialId(4) threshold(8) flags(8)
 * target(5) signedBy(5) credentialType(1)
 * sigType(1)=1 sigLen(2)=96 signature(96)
 * extLen(2)=0 ext(extLen)
 *
 * signed form: 7f×8 ‖ everything up to credentialType ‖ 00 00 ‖ 7f×8
 * </pre>
 *
 * The reserved fields are ignored on read and written as zero, as stock does.
 */
public final class Revocation {

  /** Flag: members re-flood this revocation to other members ("rumor mill"). */
  public static final long FLAG_FAST_PROPAGATE = 0x1L;

  private static final int FIELDS_LENGTH = 4 + 4 + 8 + 4 + 4 + 8 + 8 + 2 * Address.LENGTH + 1;

  public static final int ENCODED_LENGTH =
      FIELDS_LENGTH + CredentialCodec.SIGNATURE_BLOCK_LENGTH + CredentialCodec.EXTENSION_LENGTH;

  private final int id;
  private final long networkId;
  private final int credentialId;
  private final long threshold;
  private final long flags;
  private final Address target;
  private final Address signedBy;
  private final int credentialTypeCode;
  private final byte[] signature;

  private Revocation(
      int id,
      long networkId,
      int credentialId,
      long threshold,
      long flags,
      Address target,
      Address signedBy,
      int credentialTypeCode,
      byte[] signature) {
    this.id = id;
    this.networkId = networkId;
    this.credentialId = credentialId;
    this.threshold = threshold;
    this.flags = flags;
    this.target = Objects.requireNonNull(target, "target");
    this.signedBy = Objects.requireNonNull(signedBy, "signedBy");
    this.credentialTypeCode = credentialTypeCode;
    this.signature = signature;
  }

  /**
   * An unsigned revocation of {@code target}'s credentials of {@code type} and {@code credentialId}
   * (0 for a COM) issued at or before {@code threshold}; {@link #sign} it.
   */
  public static Revocation of(
      int id,
      long networkId,
      int credentialId,
      long threshold,
      long flags,
      Address target,
      CredentialType type) {
    return new Revocation(
        id,
        networkId,
        credentialId,
        threshold,
        flags,
        target,
        new Address(0),
        type.code(),
        CredentialCodec.zeroSignature());
  }

  /** A signed copy of this revocation. */
  public Revocation sign(Identity signer) {
    Revocation withSigner = withSignature(signer.address(), signature);
    return withSignature(signer.address(), signer.sign(withSigner.signedForm()));
  }

  private Revocation withSignature(Address signer, byte[] newSignature) {
    return new Revocation(
        id,
        networkId,
        credentialId,
        threshold,
        flags,
        target,
        signer,
        credentialTypeCode,
        newSignature);
  }

  /**
   * True if the signer is this network's controller, signed this revocation, and the signature
   * holds.
   */
  public boolean verify(Identity signer) {
    return signedBy.value() != 0
        && signedBy.equals(NetworkAddresses.controllerOf(networkId))
        && signer.address().equals(signedBy)
        && signer.verify(signedForm(), signature);
  }

  /**
   * Whether this revocation voids {@code credential} held by {@code holder}: same network, holder
   * is the target, same type (and same ID, except for COMs), issued at or before the threshold.
   */
  public boolean revokes(Credential credential, Address holder) {
    return credential.networkId() == networkId
        && holder.equals(target)
        && credential.type().code() == credentialTypeCode
        && (credential.type() == CredentialType.COM || credential.id() == credentialId)
        && !credential.isNewerThan(threshold);
  }

  byte[] signedForm() {
    ByteBuffer out =
        ByteBuffer.allocate(
            2 * CredentialCodec.MARKER_LENGTH + FIELDS_LENGTH + CredentialCodec.EXTENSION_LENGTH);
    CredentialCodec.putMarker(out);
    writeFields(out);
    CredentialCodec.writeNoExtension(out);
    CredentialCodec.putMarker(out);
    return out.array();
  }

  private void writeFields(ByteBuffer out) {
    out.putInt(0).putInt(id).putLong(networkId).putInt(0).putInt(credentialId);
    out.putLong(threshold).putLong(flags);
    target.write(out);
    signedBy.write(out);
    out.put((byte) credentialTypeCode);
  }

  public void write(ByteBuffer out) {
    writeFields(out);
    CredentialCodec.writeSignature(out, signature);
    CredentialCodec.writeNoExtension(out);
  }

  public int encodedLength() {
    return ENCODED_LENGTH;
  }

  public byte[] toBytes() {
    ByteBuffer out = ByteBuffer.allocate(ENCODED_LENGTH);
    write(out);
    return out.array();
  }

  public static Revocation read(WireReader in) throws ProtocolException {
    in.skip(4);
    int id = in.i32();
    long networkId = in.i64();
    in.skip(4);
    int credentialId = in.i32();
    long threshold = in.i64();
    long flags = in.i64();
    Address target = in.address();
    Address signedBy = in.address();
    int credentialTypeCode = in.u8();
    byte[] signature = CredentialCodec.readSignature(in);
    CredentialCodec.skipExtension(in);
    return new Revocation(
        id,
        networkId,
        credentialId,
        threshold,
        flags,
        target,
        signedBy,
        credentialTypeCode,
        signature);
  }

  public int id() {
    return id;
  }

  public long networkId() {
    return networkId;
  }

  /** The revoked credential's ID (0 for a COM, which has none). */
  public int credentialId() {
    return credentialId;
  }

  /** Credentials issued at or before this controller time are revoked. */
  public long threshold() {
    return threshold;
  }

  public long flags() {
    return flags;
  }

  public boolean fastPropagate() {
    return (flags & FLAG_FAST_PROPAGATE) != 0;
  }

  /** The member whose credential is revoked. */
  public Address target() {
    return target;
  }

  /** The signer's address, or {@code 0000000000} if unsigned. */
  public Address signedBy() {
    return signedBy;
  }

  public boolean isSigned() {
    return signedBy.value() != 0;
  }

  /** The raw credential type byte, as on the wire. */
  public int credentialTypeCode() {
    return credentialTypeCode;
  }

  /** The revoked credential type, or null for a code this version does not know. */
  public CredentialType credentialType() {
    return CredentialType.of(credentialTypeCode);
  }

  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Revocation r
        && id == r.id
        && networkId == r.networkId
        && credentialId == r.credentialId
        && threshold == r.threshold
        && flags == r.flags
        && target.equals(r.target)
        && signedBy.equals(r.signedBy)
        && credentialTypeCode == r.credentialTypeCode
        && Arrays.equals(signature, r.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, networkId, credentialId, threshold, target);
  }

  @Override
  public String toString() {
    return "Revocation[network="
        + NetworkAddresses.format(networkId)
        + " id="
        + Integer.toUnsignedString(id)
        + " of="
        + credentialTypeCode
        + "/"
        + Integer.toUnsignedString(credentialId)
        + " target="
        + target
        + " threshold="
        + threshold
        + " by="
        + signedBy
        + "]";
  }
}
