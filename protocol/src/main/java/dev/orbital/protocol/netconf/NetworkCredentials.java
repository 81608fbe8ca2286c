package dev.orbital.protocol.netconf;

import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of a NETWORK_CREDENTIALS (0x0A) packet: the credentials a member pushes to a peer before
 * sending it frames, or revocations the controller pushes.
 *
 * <pre>
 * [ COM … ]*                 zero or more COMs, each starting with its version byte 0x01
 * 0x00                       end of the COM list
 * capCount(2)  Capability × capCount
 * tagCount(2)  Tag × tagCount
 * revCount(2)  Revocation × revCount
 * cooCount(2)  CertificateOfOwnership × cooCount
 * </pre>
 *
 * As in stock, a body may end early: after the COM list (with or without its terminator) or after
 * any complete section; the missing sections are empty. Bytes after the last section are ignored.
 * {@link #write} always writes every section.
 */
public record NetworkCredentials(
    List<CertificateOfMembership> coms,
    List<Capability> capabilities,
    List<Tag> tags,
    List<Revocation> revocations,
    List<CertificateOfOwnership> coos) {

  /** More COMs than any sender puts in one packet (stock sends one). */
  public static final int MAX_COMS = 16;

  /** ZT_MAX_NETWORK_CAPABILITIES. */
  public static final int MAX_CAPABILITIES = 128;

  /** ZT_MAX_NETWORK_TAGS. */
  public static final int MAX_TAGS = 128;

  /** A full packet holds about 65 revocations of 152 bytes. */
  public static final int MAX_REVOCATIONS = 128;

  /** A config carries at most 4 COOs (ZT_MAX_CERTIFICATES_OF_OWNERSHIP); room for more. */
  public static final int MAX_COOS = 16;

  private static final int COM_LIST_END = 0;

  public NetworkCredentials {
    coms = List.copyOf(coms);
    capabilities = List.copyOf(capabilities);
    tags = List.copyOf(tags);
    revocations = List.copyOf(revocations);
    coos = List.copyOf(coos);
    checkSize(coms.size(), MAX_COMS, "COMs");
    checkSize(capabilities.size(), MAX_CAPABILITIES, "capabilities");
    checkSize(tags.size(), MAX_TAGS, "tags");
    checkSize(revocations.size(), MAX_REVOCATIONS, "revocations");
    checkSize(coos.size(), MAX_COOS, "COOs");
  }

  private static void checkSize(int size, int limit, String what) {
    if (size > limit) {
      throw new IllegalArgumentException(
          "too many " + what + ": " + size + " (limit: " + limit + ")");
    }
  }

  /** Just a COM, the usual push before frames. */
  public static NetworkCredentials of(CertificateOfMembership com) {
    return new NetworkCredentials(List.of(com), List.of(), List.of(), List.of(), List.of());
  }

  /** Just revocations, the controller's push on deauthorization. */
  public static NetworkCredentials ofRevocations(List<Revocation> revocations) {
    return new NetworkCredentials(List.of(), List.of(), List.of(), revocations, List.of());
  }

  public static NetworkCredentials read(WireReader in) throws ProtocolException {
    List<CertificateOfMembership> coms = new ArrayList<>();
    while (in.hasRemaining()) {
      int version = in.u8();
      if (version == COM_LIST_END) {
        break;
      }
      if (coms.size() >= MAX_COMS) {
        throw ProtocolException.overLimit(in.what() + ": COM count", coms.size() + 1L, MAX_COMS);
      }
      coms.add(CertificateOfMembership.readAfterVersion(version, in));
    }
    List<Capability> capabilities = new ArrayList<>();
    List<Tag> tags = new ArrayList<>();
    List<Revocation> revocations = new ArrayList<>();
    List<CertificateOfOwnership> coos = new ArrayList<>();
    if (in.hasRemaining()) {
      int count = count(in, MAX_CAPABILITIES, "capability count");
      for (int i = 0; i < count; i++) {
        capabilities.add(Capability.read(in));
      }
    }
    if (in.hasRemaining()) {
      int count = count(in, MAX_TAGS, "tag count");
      for (int i = 0; i < count; i++) {
        tags.add(Tag.read(in));
      }
    }
    if (in.hasRemaining()) {
      int count = count(in, MAX_REVOCATIONS, "revocation count");
      for (int i = 0; i < count; i++) {
        revocations.add(Revocation.read(in));
      }
    }
    if (in.hasRemaining()) {
      int count = count(in, MAX_COOS, "COO count");
      for (int i = 0; i < count; i++) {
        coos.add(CertificateOfOwnership.read(in));
      }
    }
    return new NetworkCredentials(coms, capabilities, tags, revocations, coos);
  }

  private static int count(WireReader in, int limit, String field) throws ProtocolException {
    int count = in.u16();
    WireReader.checkCount(count, limit, in.what() + ": " + field);
    return count;
  }

  public static NetworkCredentials read(byte[] body) throws ProtocolException {
    return read(WireReader.of(body, "NETWORK_CREDENTIALS"));
  }

  public void write(ByteBuffer out) {
    for (CertificateOfMembership com : coms) {
      com.write(out);
    }
    out.put((byte) COM_LIST_END);
    out.putShort((short) capabilities.size());
    capabilities.forEach(c -> c.write(out));
    out.putShort((short) tags.size());
    tags.forEach(t -> t.write(out));
    out.putShort((short) revocations.size());
    revocations.forEach(r -> r.write(out));
    out.putShort((short) coos.size());
    coos.forEach(c -> c.write(out));
  }

  public int encodedLength() {
    int length = 1 + 4 * 2;
    for (CertificateOfMembership com : coms) {
      length += com.encodedLength();
    }
    for (Capability c : capabilities) {
      length += c.encodedLength();
    }
    length += tags.size() * Tag.ENCODED_LENGTH;
    length += revocations.size() * Revocation.ENCODED_LENGTH;
    for (CertificateOfOwnership c : coos) {
      length += c.encodedLength();
    }
    return length;
  }

  public byte[] toBytes() {
    ByteBuffer out = ByteBuffer.allocate(encodedLength());
    write(out);
    return out.array();
  }
}
