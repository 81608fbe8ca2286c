package dev.orbital.protocol.rules;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.MacAddress;
import java.util.Objects;

/**
 * What the rules see of one Ethernet frame: its direction, both ends at the ZeroTier and Ethernet
 * layers, the ethertype and VLAN id, the payload after the Ethernet header (a view, not copied:
 * IPv4/IPv6 headers are read in place) and both ends' tags.
 *
 * <p>{@code source} is the sending node (this node when outbound) and {@code destination} the
 * receiving one (zero for a multicast). Sender and receiver tags follow the frame, not this node:
 * for an outbound frame the sender tags are this node's own.
 */
public final class FrameContext {

  private final boolean inbound;
  private final Address source;
  private final Address destination;
  private final MacAddress sourceMac;
  private final MacAddress destinationMac;
  private final int etherType;
  private final int vlanId;
  private final byte[] payload;
  private final int offset;
  private final int length;
  private final Tags senderTags;
  private final Tags receiverTags;
  private final SenderOwnership ownership;

  public FrameContext(
      boolean inbound,
      Address source,
      Address destination,
      MacAddress sourceMac,
      MacAddress destinationMac,
      int etherType,
      int vlanId,
      byte[] payload,
      int offset,
      int length,
      Tags senderTags,
      Tags receiverTags,
      SenderOwnership ownership) {
    Objects.checkFromIndexSize(offset, length, payload.length);
    this.inbound = inbound;
    this.source = Objects.requireNonNull(source, "source");
    this.destination = Objects.requireNonNull(destination, "destination");
    this.sourceMac = Objects.requireNonNull(sourceMac, "sourceMac");
    this.destinationMac = Objects.requireNonNull(destinationMac, "destinationMac");
    this.etherType = etherType & 0xffff;
    this.vlanId = vlanId;
    this.payload = payload;
    this.offset = offset;
    this.length = length;
    this.senderTags = Objects.requireNonNull(senderTags, "senderTags");
    this.receiverTags = Objects.requireNonNull(receiverTags, "receiverTags");
    this.ownership = Objects.requireNonNull(ownership, "ownership");
  }

  public static Builder builder() {
    return new Builder();
  }

  public boolean inbound() {
    return inbound;
  }

  public Address source() {
    return source;
  }

  public Address destination() {
    return destination;
  }

  public MacAddress sourceMac() {
    return sourceMac;
  }

  public MacAddress destinationMac() {
    return destinationMac;
  }

  public int etherType() {
    return etherType;
  }

  public int vlanId() {
    return vlanId;
  }

  /**
   * The buffer holding the payload, not a copy; the payload is {@code length} bytes from {@code
   * offset}.
   */
  public byte[] payload() {
    return payload;
  }

  public int offset() {
    return offset;
  }

  /** Payload length: what MATCH_FRAME_SIZE_RANGE compares. */
  public int length() {
    return length;
  }

  public Tags senderTags() {
    return senderTags;
  }

  public Tags receiverTags() {
    return receiverTags;
  }

  public SenderOwnership ownership() {
    return ownership;
  }

  @Override
  public String toString() {
    return (inbound ? "inbound " : "outbound ")
        + source
        + "->"
        + destination
        + " "
        + sourceMac
        + "->"
        + destinationMac
        + String.format(" ethertype=%04x", etherType)
        + " length="
        + length;
  }

  /** Defaults: outbound, zero addresses and MACs, VLAN 0, empty payload, no tags, no COOs. */
  public static final class Builder {
    private boolean inbound;
    private Address source = new Address(0);
    private Address destination = new Address(0);
    private MacAddress sourceMac = new MacAddress(0);
    private MacAddress destinationMac = new MacAddress(0);
    private int etherType;
    private int vlanId;
    private byte[] payload = new byte[0];
    private int offset;
    private int length;
    private Tags senderTags = Tags.EMPTY;
    private Tags receiverTags = Tags.EMPTY;
    private SenderOwnership ownership = SenderOwnership.NONE;

    private Builder() {}

    public Builder inbound(boolean value) {
      this.inbound = value;
      return this;
    }

    public Builder source(Address value) {
      this.source = value;
      return this;
    }

    public Builder destination(Address value) {
      this.destination = value;
      return this;
    }

    public Builder sourceMac(MacAddress value) {
      this.sourceMac = value;
      return this;
    }

    public Builder destinationMac(MacAddress value) {
      this.destinationMac = value;
      return this;
    }

    public Builder etherType(int value) {
      this.etherType = value;
      return this;
    }

    public Builder vlanId(int value) {
      this.vlanId = value;
      return this;
    }

    /** The whole array is the payload. */
    public Builder payload(byte[] value) {
      return payload(value, 0, value.length);
    }

    public Builder payload(byte[] buffer, int payloadOffset, int payloadLength) {
      this.payload = buffer;
      this.offset = payloadOffset;
      this.length = payloadLength;
      return this;
    }

    public Builder senderTags(Tags value) {
      this.senderTags = value;
      return this;
    }

    public Builder receiverTags(Tags value) {
      this.receiverTags = value;
      return this;
    }

    public Builder ownership(SenderOwnership value) {
      this.ownership = value;
      return this;
    }

    public FrameContext build() {
      return new FrameContext(
          inbound,
          source,
          destination,
          sourceMac,
          destinationMac,
          etherType,
          vlanId,
          payload,
          offset,
          length,
          senderTags,
          receiverTags,
          ownership);
    }
  }
}
