package dev.orbital.protocol.netconf;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.rules.Rule;
import dev.orbital.protocol.rules.RuleCodec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A capability: a controller-signed group of rules a member may use, handed on along a chain of
 * custody. The rules stay in their wire encoding here ({@code t(1) len(1) value(len)} each).
 *
 * <pre>
 * networkId(8) timestamp(8) id(4) ruleCount(2)            ruleCount ≤ 64
 * rules: ruleCount × { t(1) len(1) value(len) }
 * maxCustodyChainLength(1)                               1..7
 * custody chain: ≤ maxCustodyChainLength × { to(5) from(5) sigType(1)=1 sigLen(2)=96 sig(96) },
 *                then to = 00×5
 * extLen(2)=0 ext(extLen)
 *
 * signed form: 7f×8 ‖ networkId timestamp id ruleCount rules maxCustodyChainLength ‖ 00 00 ‖ 7f×8
 * </pre>
 *
 * Every custody signature covers the same signed form, which holds no custody entries. The first
 * entry must come from the network's controller, and each later one from the previous holder. Stock
 * re-encodes rules from its parsed form before checking a signature, so a capability whose rules
 * are not in stock's canonical encoding verifies here but not there.
 */
public final class Capability implements Credential {

  /** ZT_MAX_CAPABILITY_RULES. */
  public static final int MAX_RULES = 64;

  /** ZT_MAX_CAPABILITY_CUSTODY_CHAIN_LENGTH. */
  public static final int MAX_CUSTODY_CHAIN_LENGTH = 7;

  private static final int RULE_HEADER_LENGTH = 2;
  private static final int HEADER_LENGTH = 8 + 8 + 4 + 2;
  private static final int CUSTODY_ENTRY_LENGTH =
      2 * Address.LENGTH + CredentialCodec.SIGNATURE_BLOCK_LENGTH;

  /** One hand-over: {@code from} signed the capability over to {@code to}. */
  public record CustodyEntry(Address to, Address from, byte[] signature) {

    public CustodyEntry {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(from, "from");
      signature = CredentialCodec.checkedSignature(signature);
    }

    @Override
    public byte[] signature() {
      return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof CustodyEntry e
          && to.equals(e.to)
          && from.equals(e.from)
          && Arrays.equals(signature, e.signature);
    }

    @Override
    public int hashCode() {
      return Objects.hash(to, from);
    }

    @Override
    public String toString() {
      return from + "->" + to;
    }
  }

  private final long networkId;
  private final long timestamp;
  private final int id;
  private final int ruleCount;
  private final byte[] encodedRules;
  private final int maxCustodyChainLength;
  private final List<CustodyEntry> custody;

  private Capability(
      long networkId,
      long timestamp,
      int id,
      int ruleCount,
      byte[] encodedRules,
      int maxCustodyChainLength,
      List<CustodyEntry> custody) {
    if (maxCustodyChainLength < 1 || maxCustodyChainLength > MAX_CUSTODY_CHAIN_LENGTH) {
      throw new IllegalArgumentException(
          "max custody chain length must be 1..7: " + maxCustodyChainLength);
    }
    if (custody.size() > maxCustodyChainLength) {
      throw new IllegalArgumentException("custody chain longer than its maximum");
    }
    this.networkId = networkId;
    this.timestamp = timestamp;
    this.id = id;
    this.ruleCount = ruleCount;
    this.encodedRules = encodedRules;
    this.maxCustodyChainLength = maxCustodyChainLength;
    this.custody = List.copyOf(custody);
  }

  /**
   * An unsigned capability with an empty custody chain; {@link #sign} it with the controller's
   * identity. {@code encodedRules} must hold exactly {@code ruleCount} framed rules.
   */
  public static Capability of(
      long networkId,
      long timestamp,
      int id,
      int ruleCount,
      byte[] encodedRules,
      int maxCustodyChainLength) {
    if (ruleCount < 0 || ruleCount > MAX_RULES) {
      throw new IllegalArgumentException("a capability holds 0..64 rules: " + ruleCount);
    }
    try {
      WireReader rules = WireReader.of(encodedRules, "capability rules");
      if (!Arrays.equals(readRules(rules, ruleCount), encodedRules)) {
        throw new IllegalArgumentException("encoded rules hold more than " + ruleCount + " rules");
      }
    } catch (ProtocolException e) {
      throw new IllegalArgumentException("encoded rules do not hold " + ruleCount + " rules", e);
    }
    return new Capability(
        networkId,
        timestamp,
        id,
        ruleCount,
        encodedRules.clone(),
        maxCustodyChainLength,
        List.of());
  }

  /** An unsigned capability holding {@code rules}, encoded as stock does. */
  public static Capability of(
      long networkId, long timestamp, int id, List<Rule> rules, int maxCustodyChainLength) {
    return of(
        networkId, timestamp, id, rules.size(), RuleCodec.encode(rules), maxCustodyChainLength);
  }

  /** The rules this capability grants, decoded. */
  public List<Rule> rules() throws ProtocolException {
    return RuleCodec.read(WireReader.of(encodedRules, "capability rules"), MAX_RULES);
  }

  /**
   * A copy with one more custody entry: {@code from} (the controller for the first entry, the
   * current holder after that) hands the capability to {@code to}.
   *
   * @throws IllegalStateException if the chain is already at its maximum length
   */
  public Capability sign(Identity from, Address to) {
    if (custody.size() >= maxCustodyChainLength) {
      throw new IllegalStateException("custody chain is full: " + maxCustodyChainLength);
    }
    if (to.value() == 0) {
      throw new IllegalArgumentException("custody recipient must not be 0000000000");
    }
    List<CustodyEntry> chain = new ArrayList<>(custody);
    chain.add(new CustodyEntry(to, from.address(), from.sign(signedForm())));
    return new Capability(
        networkId, timestamp, id, ruleCount, encodedRules, maxCustodyChainLength, chain);
  }

  /**
   * Checks the custody chain: at least one entry, the first from this network's controller, each
   * later one from the previous entry's recipient, and every signature valid. {@code identities}
   * returns the identity for an address, or null if unknown (which fails the check; look up the
   * {@link #custody()} signers first).
   */
  public boolean verify(Function<Address, Identity> identities) {
    if (custody.isEmpty()) {
      return false;
    }
    byte[] signed = signedForm();
    Address expectedFrom = NetworkAddresses.controllerOf(networkId);
    for (CustodyEntry entry : custody) {
      if (entry.from().value() == 0 || !entry.from().equals(expectedFrom)) {
        return false;
      }
      Identity signer = identities.apply(entry.from());
      if (signer == null
          || !signer.address().equals(entry.from())
          || !signer.verify(signed, entry.signature)) {
        return false;
      }
      expectedFrom = entry.to();
    }
    return true;
  }

  /** {@link #verify(Function)} for the usual chain of one entry, signed by the controller. */
  public boolean verify(Identity controller) {
    return verify(address -> address.equals(controller.address()) ? controller : null);
  }

  byte[] signedForm() {
    ByteBuffer out =
        ByteBuffer.allocate(
            2 * CredentialCodec.MARKER_LENGTH
                + HEADER_LENGTH
                + encodedRules.length
                + 1
                + CredentialCodec.EXTENSION_LENGTH);
    CredentialCodec.putMarker(out);
    writeHead(out);
    CredentialCodec.writeNoExtension(out);
    CredentialCodec.putMarker(out);
    return out.array();
  }

  private void writeHead(ByteBuffer out) {
    out.putLong(networkId).putLong(timestamp).putInt(id).putShort((short) ruleCount);
    out.put(encodedRules).put((byte) maxCustodyChainLength);
  }

  public void write(ByteBuffer out) {
    writeHead(out);
    for (CustodyEntry entry : custody) {
      entry.to().write(out);
      entry.from().write(out);
      CredentialCodec.writeSignature(out, entry.signature);
    }
    new Address(0).write(out);
    CredentialCodec.writeNoExtension(out);
  }

  public int encodedLength() {
    return HEADER_LENGTH
        + encodedRules.length
        + 1
        + custody.size() * CUSTODY_ENTRY_LENGTH
        + Address.LENGTH
        + CredentialCodec.EXTENSION_LENGTH;
  }

  public byte[] toBytes() {
    ByteBuffer out = ByteBuffer.allocate(encodedLength());
    write(out);
    return out.array();
  }

  public static Capability read(WireReader in) throws ProtocolException {
    long networkId = in.i64();
    long timestamp = in.i64();
    int id = in.i32();
    int ruleCount = in.u16();
    WireReader.checkCount(ruleCount, MAX_RULES, "capability rule count");
    byte[] encodedRules = readRules(in, ruleCount);
    int maxChain = in.u8();
    if (maxChain < 1 || maxChain > MAX_CUSTODY_CHAIN_LENGTH) {
      throw ProtocolException.overLimit(
          in.what() + ": capability max custody chain length", maxChain, MAX_CUSTODY_CHAIN_LENGTH);
    }
    List<CustodyEntry> custody = new ArrayList<>();
    while (true) {
      Address to = in.address();
      if (to.value() == 0) {
        break;
      }
      if (custody.size() >= maxChain) {
        throw ProtocolException.overLimit(
            in.what() + ": capability custody chain", custody.size() + 1L, maxChain);
      }
      Address from = in.address();
      custody.add(new CustodyEntry(to, from, CredentialCodec.readSignature(in)));
    }
    CredentialCodec.skipExtension(in);
    return new Capability(networkId, timestamp, id, ruleCount, encodedRules, maxChain, custody);
  }

  /** Reads {@code count} framed rules and returns their bytes, frames included. */
  private static byte[] readRules(WireReader in, int count) throws ProtocolException {
    ByteArrayOutputStream rules = new ByteArrayOutputStream();
    for (int i = 0; i < count; i++) {
      int type = in.u8();
      int length = in.u8();
      rules.write(type);
      rules.write(length);
      rules.writeBytes(in.bytes(length));
    }
    return rules.toByteArray();
  }

  @Override
  public CredentialType type() {
    return CredentialType.CAPABILITY;
  }

  @Override
  public long networkId() {
    return networkId;
  }

  @Override
  public long timestamp() {
    return timestamp;
  }

  /** The capability's ID, which is also its evaluation order. */
  @Override
  public int id() {
    return id;
  }

  public int ruleCount() {
    return ruleCount;
  }

  /** The rules in their wire encoding, {@link #ruleCount()} frames of {@code t len value}. */
  public byte[] encodedRules() {
    return encodedRules.clone();
  }

  public int maxCustodyChainLength() {
    return maxCustodyChainLength;
  }

  public List<CustodyEntry> custody() {
    return custody;
  }

  /** The last recipient in the custody chain, or {@code 0000000000} if the chain is empty. */
  public Address issuedTo() {
    return custody.isEmpty() ? new Address(0) : custody.get(custody.size() - 1).to();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Capability c
        && networkId == c.networkId
        && timestamp == c.timestamp
        && id == c.id
        && ruleCount == c.ruleCount
        && Arrays.equals(encodedRules, c.encodedRules)
        && maxCustodyChainLength == c.maxCustodyChainLength
        && custody.equals(c.custody);
  }

  @Override
  public int hashCode() {
    return Objects.hash(networkId, timestamp, id, ruleCount, custody);
  }

  @Override
  public String toString() {
    return "Capability[network="
        + NetworkAddresses.format(networkId)
        + " id="
        + Integer.toUnsignedString(id)
        + " rules="
        + ruleCount
        + " ts="
        + timestamp
        + " custody="
        + custody
        + "]";
  }
}
