package dev.orbital.protocol.verb;

import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.packet.Verb;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * PUSH_DIRECT_PATHS (0x10): physical addresses at which the sender may be reached directly. No
 * reply.
 *
 * <pre>
 * count(2)
 * count × { flags(1) extLength(2) ext(extLength) addressType(1) addressLength(1) address(…) }
 *
 * type 4: length 6,  ip(4) port(2)
 * type 6: length 18, ip(16) port(2)
 * flags 0x01 forget this path, 0x02 cluster redirect
 * </pre>
 *
 * Like a stock receiver, decoding skips paths of other address types; a type 4 or 6 path whose
 * length does not match is rejected.
 */
public record PushDirectPaths(List<DirectPath> paths) implements Message {

  public static final int FLAG_FORGET_PATH = 0x01;
  public static final int FLAG_CLUSTER_REDIRECT = 0x02;

  static final int ADDRESS_TYPE_IPV4 = 4;
  static final int ADDRESS_TYPE_IPV6 = 6;

  /** The smallest path entry: no extension, an empty address of an unknown type. */
  static final int MIN_PATH_LENGTH = 5;

  public static final int MAX_PATHS = VerbCodec.MAX_PAYLOAD / MIN_PATH_LENGTH;

  /** One pushed path. */
  public record DirectPath(int flags, byte[] extension, IpEndpoint endpoint) {

    public static final int MAX_EXTENSION_LENGTH = 0xffff;

    public DirectPath {
      Blobs.checkU8(flags, "flags");
      Objects.requireNonNull(extension, "extension");
      if (extension.length > MAX_EXTENSION_LENGTH) {
        throw new IllegalArgumentException("extension too long: " + extension.length);
      }
      Objects.requireNonNull(endpoint, "endpoint");
      if (endpoint.isNone()) {
        throw new IllegalArgumentException("a pushed path needs an IP endpoint");
      }
    }

    public static DirectPath of(IpEndpoint endpoint) {
      return new DirectPath(0, new byte[0], endpoint);
    }

    int encodedLength() {
      return 3 + extension.length + 2 + endpoint.ip().getAddress().length + 2;
    }

    void write(ByteBuffer out) {
      byte[] ip = endpoint.ip().getAddress();
      out.put((byte) flags).putShort((short) extension.length).put(extension);
      out.put((byte) (ip.length == 4 ? ADDRESS_TYPE_IPV4 : ADDRESS_TYPE_IPV6))
          .put((byte) (ip.length + 2))
          .put(ip)
          .putShort((short) endpoint.port());
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof DirectPath
          && flags == ((DirectPath) other).flags
          && Arrays.equals(extension, ((DirectPath) other).extension)
          && endpoint.equals(((DirectPath) other).endpoint);
    }

    @Override
    public int hashCode() {
      return (flags * 31 + Arrays.hashCode(extension)) * 31 + endpoint.hashCode();
    }

    @Override
    public String toString() {
      return "DirectPath[flags="
          + flags
          + ", ext="
          + Blobs.describe(extension)
          + ", "
          + endpoint
          + "]";
    }
  }

  public PushDirectPaths {
    paths = List.copyOf(paths);
    if (paths.size() > MAX_PATHS) {
      throw new IllegalArgumentException("too many paths: " + paths.size());
    }
  }

  @Override
  public int verbCode() {
    return Verb.PUSH_DIRECT_PATHS.code();
  }

  @Override
  public int encodedLength() {
    int length = 2;
    for (DirectPath path : paths) {
      length += path.encodedLength();
    }
    return length;
  }

  @Override
  public void write(ByteBuffer out) {
    out.putShort((short) paths.size());
    for (DirectPath path : paths) {
      path.write(out);
    }
  }

  static PushDirectPaths read(WireReader in) throws ProtocolException {
    int count = in.u16();
    WireReader.checkCount(count, MAX_PATHS, "PUSH_DIRECT_PATHS count");
    in.require(count * MIN_PATH_LENGTH);
    List<DirectPath> paths = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int flags = in.u8();
      byte[] extension =
          in.bytes(in.u16(), DirectPath.MAX_EXTENSION_LENGTH, "PUSH_DIRECT_PATHS extension length");
      int type = in.u8();
      int length = in.u8();
      if (type == ADDRESS_TYPE_IPV4 || type == ADDRESS_TYPE_IPV6) {
        int ipLength = type == ADDRESS_TYPE_IPV4 ? 4 : 16;
        if (length != ipLength + 2) {
          throw new ProtocolException(
              "PUSH_DIRECT_PATHS: address type " + type + " with length " + length);
        }
        byte[] ip = in.bytes(ipLength);
        paths.add(new DirectPath(flags, extension, IpEndpoint.of(ip, in.u16())));
      } else {
        in.skip(length);
      }
    }
    return new PushDirectPaths(paths);
  }
}
