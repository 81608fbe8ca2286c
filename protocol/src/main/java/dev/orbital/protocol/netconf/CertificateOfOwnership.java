package dev.orbital.protocol.netconf;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.MacAddress;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.identity.Identity;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A certificate of ownership (COO): the controller's word that a member owns some IPs or MACs, used
 * to authenticate sender IPs in rules. The controller issues one (id 1) listing a member's static
 * IPs.
 *
 * <pre>
 * networkId(8) timestamp(8) flags(8) id(4) thingCount(2)        thingCount ≤ 16
 * thingCount × { type(1) value(16) }     1 = MAC (6 bytes), 2 = IPv4 (4), 3 = IPv6 (16), zero-padded
 * issuedTo(5) signedBy(5)
 * sigType(1)=1 sigLen(2)=96 signature(96)
 * extLen(2)=0 ext(extLen)
 *
 * signed form: 7f×8 ‖ everything up to signedBy ‖ 00 00 ‖ 7f×8
 * </pre>
 */
public final class CertificateOfOwnership implements Credential {

  /** ZT_CERTIFICATEOFOWNERSHIP_MAX_THINGS. */
  public static final int MAX_THINGS = 16;

  public static final int THING_MAC = 1;
  public static final int THING_IPV4 = 2;
  public static final int THING_IPV6 = 3;
  public static final int THING_VALUE_LENGTH = 16;

  private static final int HEADER_LENGTH = 8 + 8 + 8 + 4 + 2;
  private static final int THING_LENGTH = 1 + THING_VALUE_LENGTH;

  /** One owned thing; the value is always the 16 wire bytes, zero-padded. */
  public record Thing(int type, byte[] value) {

    public Thing {
      if (type < 0 || type > 0xff) {
        throw new IllegalArgumentException("thing type out of range: " + type);
      }
      if (value.length != THING_VALUE_LENGTH) {
        throw new IllegalArgumentException("thing value must be 16 bytes, not " + value.length);
      }
      value = value.clone();
    }

    public static Thing of(InetAddress ip) {
      byte[] raw = ip.getAddress();
      return new Thing(ip instanceof Inet4Address ? THING_IPV4 : THING_IPV6, padded(raw));
    }

    public static Thing of(MacAddress mac) {
      return new Thing(THING_MAC, padded(mac.toBytes()));
    }

    private static byte[] padded(byte[] raw) {
      return Arrays.copyOf(raw, THING_VALUE_LENGTH);
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    /** Same type, and the first {@code raw.length} value bytes equal {@code raw}. */
    boolean matches(int wantedType, byte[] raw) {
      return type == wantedType && Arrays.equals(value, 0, raw.length, raw, 0, raw.length);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Thing t && type == t.type && Arrays.equals(value, t.value);
    }

    @Override
    public int hashCode() {
      return 31 * type + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Thing[type=" + type + " value=" + HexFormat.of().formatHex(value) + "]";
    }
  }

  private final long networkId;
  private final long timestamp;
  private final long flags;
  private final int id;
  private final List<Thing> things;
  private final Address issuedTo;
  private final Address signedBy;
  private final byte[] signature;

  private CertificateOfOwnership(
      long networkId,
      long timestamp,
      long flags,
      int id,
      List<Thing> things,
      Address issuedTo,
      Address signedBy,
      byte[] signature) {
    if (things.size() > MAX_THINGS) {
      throw new IllegalArgumentException("a COO holds at most 16 things: " + things.size());
    }
    this.networkId = networkId;
    this.timestamp = timestamp;
    this.flags = flags;
    this.id = id;
    this.things = List.copyOf(things);
    this.issuedTo = Objects.requireNonNull(issuedTo, "issuedTo");
    this.signedBy = Objects.requireNonNull(signedBy, "signedBy");
    this.signature = signature;
  }

  /** An unsigned COO with flags 0; {@link #sign} it with the controller's identity. */
  public static CertificateOfOwnership of(
      long networkId, long timestamp, int id, Address issuedTo, List<Thing> things) {
    return new CertificateOfOwnership(
        networkId,
        timestamp,
        0,
        id,
        things,
        issuedTo,
        new Address(0),
        CredentialCodec.zeroSignature());
  }

  /** A signed copy of this COO. */
  public CertificateOfOwnership sign(Identity signer) {
    CertificateOfOwnership withSigner =
        new CertificateOfOwnership(
            networkId, timestamp, flags, id, things, issuedTo, signer.address(), signature);
    return new CertificateOfOwnership(
        networkId,
        timestamp,
        flags,
        id,
        things,
        issuedTo,
        signer.address(),
        signer.sign(withSigner.signedForm()));
  }

  /** True if the signer is this network's controller, signed this COO, and the signature holds. */
  public boolean verify(Identity signer) {
    return signedBy.value() != 0
        && signedBy.equals(NetworkAddresses.controllerOf(networkId))
        && signer.address().equals(signedBy)
        && signer.verify(signedForm(), signature);
  }

  /** Whether one of the things is this IP (type by family, bytes compared). */
  public boolean owns(InetAddress ip) {
    byte[] raw = ip.getAddress();
    int type = ip instanceof Inet4Address ? THING_IPV4 : THING_IPV6;
    return things.stream().anyMatch(t -> t.matches(type, raw));
  }

  public boolean owns(MacAddress mac) {
    byte[] raw = mac.toBytes();
    return things.stream().anyMatch(t -> t.matches(THING_MAC, raw));
  }

  byte[] signedForm() {
    ByteBuffer out =
        ByteBuffer.allocate(
            2 * CredentialCodec.MARKER_LENGTH + fieldsLength() + CredentialCodec.EXTENSION_LENGTH);
    CredentialCodec.putMarker(out);
    writeFields(out);
    CredentialCodec.writeNoExtension(out);
    CredentialCodec.putMarker(out);
    return out.array();
  }

  private int fieldsLength() {
    return HEADER_LENGTH + things.size() * THING_LENGTH + 2 * Address.LENGTH;
  }

  private void writeFields(ByteBuffer out) {
    out.putLong(networkId).putLong(timestamp).putLong(flags).putInt(id);
    out.putShort((short) things.size());
    for (Thing thing : things) {
      out.put((byte) thing.type()).put(thing.value);
    }
    issuedTo.write(out);
    signedBy.write(out);
  }

  public void write(ByteBuffer out) {
    writeFields(out);
    CredentialCodec.writeSignature(out, signature);
    CredentialCodec.writeNoExtension(out);
  }

  public int encodedLength() {
    return fieldsLength()
        + CredentialCodec.SIGNATURE_BLOCK_LENGTH
        + CredentialCodec.EXTENSION_LENGTH;
  }

  public byte[] toBytes() {
    ByteBuffer out = ByteBuffer.allocate(encodedLength());
    write(out);
    return out.array();
  }

  public static CertificateOfOwnership read(WireReader in) throws ProtocolException {
    long networkId = in.i64();
    long timestamp = in.i64();
    long flags = in.i64();
    int id = in.i32();
    int count = in.u16();
    WireReader.checkCount(count, MAX_THINGS, "COO thing count");
    List<Thing> things = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      things.add(new Thing(in.u8(), in.bytes(THING_VALUE_LENGTH)));
    }
    Address issuedTo = in.address();
    Address signedBy = in.address();
    byte[] signature = CredentialCodec.readSignature(in);
    CredentialCodec.skipExtension(in);
    return new CertificateOfOwnership(
        networkId, timestamp, flags, id, things, issuedTo, signedBy, signature);
  }

  @Override
  public CredentialType type() {
    return CredentialType.COO;
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

  public long flags() {
    return flags;
  }

  public List<Thing> things() {
    return things;
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
    return o instanceof CertificateOfOwnership c
        && networkId == c.networkId
        && timestamp == c.timestamp
        && flags == c.flags
        && id == c.id
        && things.equals(c.things)
        && issuedTo.equals(c.issuedTo)
        && signedBy.equals(c.signedBy)
        && Arrays.equals(signature, c.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(networkId, timestamp, id, things, issuedTo);
  }

  @Override
  public String toString() {
    return "COO[network="
        + NetworkAddresses.format(networkId)
        + " id="
        + Integer.toUnsignedString(id)
        + " things="
        + things.size()
        + " to="
        + issuedTo
        + " ts="
        + timestamp
        + " by="
        + signedBy
        + "]";
  }
}
