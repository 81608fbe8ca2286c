package dev.orbital.relay.policy;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.packet.PacketHeader;
import dev.orbital.relay.directory.RelayDirectory;
import dev.orbital.relay.server.ConnectionPolicy;
import dev.orbital.relay.server.Verdict;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One connection under the {@code members} policy. Where a datagram may go (spec §4.1 header: the
 * destination at bytes 8..12, the source at 13..17; a fragment has {@code 0xff} at byte 13 and no
 * source, spec §4.3):
 *
 * <ul>
 *   <li>to a root's stable endpoint: any destination for a verified member (a root relays between
 *       peers); otherwise only a root or a controller as destination (HELLO, WHOIS, a config
 *       request the root relays to the controller);
 *   <li>to a path a root reports for address A: only with A as destination, and A must be a
 *       controller, or a member when the connection is a verified member;
 *   <li>nowhere else.
 * </ul>
 *
 * A verified connection must send its own address as every packet's source. What is not a verified
 * member's is relayed as {@link Verdict#RELAY_NEWCOMER} (the low rates). Reads the header at fixed
 * offsets: no object per datagram.
 */
final class MemberConnectionPolicy implements ConnectionPolicy {

  private static final int FRAGMENT_INDICATOR_OFFSET = 13;
  private static final int FRAGMENT_INDICATOR = 0xff;
  private static final int FRAGMENT_MIN_LENGTH = 16;

  private final RelayDirectory directory;
  private volatile ConnectionIdentity identity = ConnectionIdentity.UNVERIFIED;

  MemberConnectionPolicy(RelayDirectory directory) {
    this.directory = directory;
  }

  ConnectionIdentity identity() {
    return identity;
  }

  @Override
  public Verdict check(InetSocketAddress to, ByteBuffer datagram) {
    int start = datagram.position();
    int length = datagram.remaining();
    boolean fragment = isFragment(datagram, start, length);
    if (!fragment && length < PacketHeader.MIN_LENGTH) {
      return Verdict.MALFORMED;
    }
    long destination = address(datagram, start + PacketHeader.DESTINATION);
    ConnectionIdentity current = identity;
    boolean member = false;
    if (current instanceof ConnectionIdentity.Verified verified) {
      if (!fragment && address(datagram, start + PacketHeader.SOURCE) != verified.address()) {
        return Verdict.SPOOFED_SOURCE;
      }
      member = directory.isMember(verified.address());
    }
    if (directory.isRootEndpoint(to)) {
      if (member) {
        return Verdict.RELAY;
      }
      return directory.isRoot(destination) || directory.isController(destination)
          ? Verdict.RELAY_NEWCOMER
          : Verdict.WRONG_DESTINATION;
    }
    if (directory.isAt(destination, to)) {
      if (member && (directory.isMember(destination) || directory.isController(destination))) {
        return Verdict.RELAY;
      }
      if (directory.isController(destination)) {
        return Verdict.RELAY_NEWCOMER;
      }
      return directory.isMember(destination) ? Verdict.NOT_MEMBER : Verdict.UNKNOWN_ENDPOINT;
    }
    return directory.anyoneAt(to) ? Verdict.WRONG_DESTINATION : Verdict.UNKNOWN_ENDPOINT;
  }

  @Override
  public void answered(InetSocketAddress from, byte[] datagram, int offset, int length) {
    if (!(identity instanceof ConnectionIdentity.Unverified unverified)
        || length < PacketHeader.MIN_LENGTH
        || (datagram[offset + FRAGMENT_INDICATOR_OFFSET] & 0xff) == FRAGMENT_INDICATOR) {
      return;
    }
    if (directory.isRootEndpoint(from) || isControllerEndpoint(from, datagram, offset)) {
      identity =
          unverified.verifiedAs(Address.readLong(datagram, offset + PacketHeader.DESTINATION));
    }
  }

  /** A controller's reported path, the packet's source being that controller. */
  private boolean isControllerEndpoint(InetSocketAddress from, byte[] datagram, int offset) {
    long source = Address.readLong(datagram, offset + PacketHeader.SOURCE);
    return directory.isController(source) && directory.isAt(source, from);
  }

  private static boolean isFragment(ByteBuffer datagram, int start, int length) {
    return length >= FRAGMENT_MIN_LENGTH
        && (datagram.get(start + FRAGMENT_INDICATOR_OFFSET) & 0xff) == FRAGMENT_INDICATOR;
  }

  private static long address(ByteBuffer buffer, int at) {
    long value = 0;
    for (int i = 0; i < 5; i++) {
      value = (value << 8) | (buffer.get(at + i) & 0xff);
    }
    return value;
  }
}
