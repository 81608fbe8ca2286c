package dev.orbital.protocol.netconf;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.identity.Identity;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A tag: a controller-signed (id, value) pair that says who a member is, matched by rules.
 *
 * <pre>
 * networkId(8) timestamp(8) id(4) value(4) issuedTo(5) signedBy(5)
 * sigType(1)=1 sigLen(2)=96 signature(96)
 * extLen(2)=0 ext(extLen)
 *
 * signed form: 7f×8 ‖ networkId timestamp id value issuedTo signedBy ‖ 00 00 ‖ 7f×8
 * </pre>
 */
public final class Tag implements Credential {

  public static final int ENCODED_LENGTH =
      8 + 8 + 4 + 4 + 2 * Address.LENGTH + CredentialCodec.SIGNATURE_BLOCK_LENGTH + 2;

  private static final int FIELDS_LENGTH = 8 + 8 + 4 + 4 + 2 * Address.LENGTH;

  private final long networkId;
  private final long timestamp;
  private final int id;
  private final int value;
  private final Address issuedTo;
  private final Address signedBy;
  private final byte[] signature;

  private Tag(
      long networkId,
      long timestamp,
      int id,
      int value,
      Address issuedTo,
      Address signedBy,
      byte[] signature) {
    this.networkId = networkId;
    this.timestamp = timestamp;
    this.id = id;
    this.value = value;
    this.issuedTo = Objects.requireNonNull(issuedTo, "issuedTo");
    this.signedBy = Objects.requireNonNull(signedBy, "signedBy");
    this.signature = signature;
  }

  /** An unsigned tag; {@link #sign} it with the controller's identity. */
  public static Tag of(long networkId, long timestamp, int id, int value, Address issuedTo) {
    return new Tag(
        networkId, timestamp, id, value, issuedTo, new Address(0), CredentialCodec.zeroSignature());
  }

  /** A signed copy of this tag. */
  public Tag sign(Identity signer) {
    Tag withSigner =
        new Tag(networkId, timestamp, id, value, issuedTo, signer.address(), signature);
    return new Tag(
        networkId,
        timestamp,
        id,
        value,
        issuedTo,
        signer.address(),
        signer.sign(withSigner.signedForm()));
  }

  /** True if the signer is this network's controller, signed this tag, and the signature holds. */
  public boolean verify(Identity signer) {
    return signedBy.value() != 0
        && signedBy.equals(NetworkAddresses.controllerOf(networkId))
        && signer.address().equals(signedBy)
        && signer.verify(signedForm(), signature);
  }

  byte[] signedForm() {
    ByteBuffer out = ByteBuffer.allocate(2 * CredentialCodec.MARKER_LENGTH + FIELDS_LENGTH + 2);
    CredentialCodec.putMarker(out);
    writeFields(out);
    CredentialCodec.writeNoExtension(out);
    CredentialCodec.putMarker(out);
    return out.array();
  }

  private void writeFields(ByteBuffer out) {
    out.putLong(networkId).putLong(timestamp).putInt(id).putInt(value);
    issuedTo.write(out);
    signedBy.write(out);
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

  public static Tag read(WireReader in) throws ProtocolException {
    long networkId = in.i64();
    long timestamp = in.i64();
    int id = in.i32();
    int value = in.i32();
    Address issuedTo = in.address();
    Address signedBy = in.address();
    byte[] signature = CredentialCodec.readSignature(in);
    CredentialCodec.skipExtension(in);
    return new Tag(networkId, timestamp, id, value, issuedTo, signedBy, signature);
  }

  @Override
  public CredentialType type() {
    return CredentialType.TAG;
  }

  @Override
  public long networkId() {
    return networkId;
  }

  @Override
  public long timestamp() {
    return timestamp;
  }

  @Override
  public int id() {
    return id;
  }

  public int value() {
    return value;
  }

  public Address issuedTo() {
    return issuedTo;
  }

  /** The signer's address, or {@code 0000000000} if unsigned. */
  public Address signedBy() {
    return signedBy;
  }

  public boolean isSigned() {
    return signedBy.value() != 0;
  }

  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tag t
        && networkId == t.networkId
        && timestamp == t.timestamp
        && id == t.id
        && value == t.value
        && issuedTo.equals(t.issuedTo)
        && signedBy.equals(t.signedBy)
        && Arrays.equals(signature, t.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(networkId, timestamp, id, value, issuedTo);
  }

  @Override
  public String toString() {
    return "Tag[network="
        + NetworkAddresses.format(networkId)
        + " id="
        + Integer.toUnsignedString(id)
        + " value="
        + Integer.toUnsignedString(value)
        + " to="
        + issuedTo
        + " ts="
        + timestamp
        + " by="
        + signedBy
        + "]";
  }
}
