package dev.orbital.relay.membership;

import dev.orbital.protocol.packet.PacketHeader;
import dev.orbital.relay.server.RelayPolicy;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Relays only for members (issue #6): a packet is relayed when its ZeroTier source address is
 * authorized on at least one network, or when it comes from or goes to a root (so a newcomer can
 * still say HELLO to its roots). Fragments carry no source (byte 13 is {@code 0xFF}, spec §4.3);
 * they are relayed when their destination is a member or a root. Anything shorter than a packet
 * header is refused.
 *
 * <p>The member table is fed by {@link MembersTopicFollower} through {@link #authorize}/{@link
 * #deauthorize}.
 */
public final class MemberRelayPolicy implements RelayPolicy {

  private static final int FRAGMENT_INDICATOR = 0xff;
  private static final int FRAGMENT_MIN_LENGTH = 16;

  /** Member address to the networks that authorize it. */
  private final Map<Long, Set<Long>> members = new ConcurrentHashMap<>();

  private final Set<Long> roots;

  public MemberRelayPolicy(Set<Long> rootAddresses) {
    this.roots = Set.copyOf(rootAddresses);
  }

  public void authorize(long networkId, long address) {
    members.computeIfAbsent(address, a -> ConcurrentHashMap.newKeySet()).add(networkId);
  }

  public void deauthorize(long networkId, long address) {
    members.computeIfPresent(
        address,
        (a, networks) -> {
          networks.remove(networkId);
          return networks.isEmpty() ? null : networks;
        });
  }

  /** Addresses authorized on at least one network. */
  public int memberCount() {
    return members.size();
  }

  public boolean isMember(long address) {
    return members.containsKey(address);
  }

  @Override
  public boolean allows(InetSocketAddress destination, ByteBuffer datagram) {
    int start = datagram.position();
    int length = datagram.remaining();
    if (length > FRAGMENT_MIN_LENGTH
        && (datagram.get(start + PacketHeader.SOURCE) & 0xff) == FRAGMENT_INDICATOR) {
      long to = address(datagram, start + PacketHeader.DESTINATION);
      return isMember(to) || roots.contains(to);
    }
    if (length < PacketHeader.MIN_LENGTH) {
      return false;
    }
    long from = address(datagram, start + PacketHeader.SOURCE);
    long to = address(datagram, start + PacketHeader.DESTINATION);
    return isMember(from) || roots.contains(from) || roots.contains(to);
  }

  private static long address(ByteBuffer buffer, int at) {
    long value = 0;
    for (int i = 0; i < 5; i++) {
      value = (value << 8) | (buffer.get(at + i) & 0xff);
    }
    return value;
  }
}
