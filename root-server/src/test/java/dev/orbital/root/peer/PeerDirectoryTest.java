package dev.orbital.root.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.crypto.C25519;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.root.presence.PresenceEvent;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerDirectoryTest {

  private static final byte[] PUBLIC_KEY = C25519.publicFromPrivate(new byte[64]);

  private final List<PresenceEvent> events = new ArrayList<>();
  private final PeerDirectory directory = new PeerDirectory(3, 2, "e7745d5aa3", events::add);

  @Test
  void shouldKeepASilentLeafsPathForLongerThanItsHelloInterval() {
    Peer leaf = directory.add(identity(1), null, 0);
    directory.heard(leaf, path(1), 0);

    directory.expire(243_000);

    assertThat(directory.freshestPath(1)).isEqualTo(path(1));
    assertThat(PeerDirectory.PATH_EXPIRY_MILLIS).isGreaterThanOrEqualTo(243_000);
  }

  @Test
  void shouldForgetAPeerWhosePathsHaveAllExpiredAndSayItWentOffline() {
    Peer leaf = directory.add(identity(1), null, 0);
    directory.heard(leaf, path(1), 0);

    int removed = directory.expire(PeerDirectory.PATH_EXPIRY_MILLIS + 1);

    assertThat(removed).isEqualTo(1);
    assertThat(directory.get(1)).isNull();
    assertThat(events.get(events.size() - 1).online()).isFalse();
  }

  @Test
  void shouldEvictThePeerHeardFromLeastRecentlyWhenFull() {
    Peer first = directory.add(identity(1), null, 0);
    directory.add(identity(2), null, 1);
    directory.add(identity(3), null, 2);
    directory.heard(first, path(1), 3);

    directory.add(identity(4), null, 4);

    assertThat(directory.size()).isEqualTo(3);
    assertThat(directory.get(1)).isNotNull();
    assertThat(directory.get(2)).isNull();
  }

  @Test
  void shouldReplaceTheStalestPathWhenAPeerHasTooMany() {
    Peer peer = directory.add(identity(1), null, 0);
    directory.heard(peer, path(1), 0);
    directory.heard(peer, path(2), 10);

    directory.heard(peer, path(3), 20);

    assertThat(peer.pathAddresses()).containsExactly(path(3), path(2));
    assertThat(directory.freshestPath(1)).isEqualTo(path(3));
  }

  @Test
  void shouldPublishPresenceOnlyWhenThePathSetChanges() {
    Peer peer = directory.add(identity(1), null, 0);

    directory.heard(peer, path(1), 0);
    directory.heard(peer, path(1), 5);
    directory.heard(peer, path(1), 9);

    assertThat(events).hasSize(1);
    assertThat(events.get(0).paths()).containsExactly("127.0.0.1/1");
    assertThat(events.get(0).root()).isEqualTo("e7745d5aa3");
  }

  @Test
  void shouldRepublishAPeerHeardAgainAtMostOncePerRefreshInterval() {
    Peer peer = directory.add(identity(1), null, 0);
    directory.heard(peer, path(1), 0);

    long refresh = PeerDirectory.PRESENCE_REFRESH_MILLIS;
    for (long t = 1_000; t <= 3 * refresh; t += 1_000) {
      directory.heard(peer, t % 2 == 0 ? path(1) : null, t);
    }

    assertThat(events)
        .extracting(PresenceEvent::lastSeen)
        .containsExactly(0L, refresh, 2 * refresh, 3 * refresh);
    assertThat(events).allMatch(PresenceEvent::online);
    assertThat(events.get(3).paths()).containsExactly("127.0.0.1/1");
  }

  @Test
  void shouldKeepLastSeenWithinTheRefreshIntervalOfTheLastPacket() {
    Peer peer = directory.add(identity(1), null, 0);
    long refresh = PeerDirectory.PRESENCE_REFRESH_MILLIS;

    // A leaf HELLOs every 60 s; a packet in between now and then.
    for (long t = 0; t <= 600_000; t += 7_000) {
      directory.heard(peer, path(1), t);
      long published = events.get(events.size() - 1).lastSeen();
      assertThat(t - published).as("at %d ms", t).isLessThan(refresh);
    }
  }

  @Test
  void shouldListPeersMostRecentlyHeardFirst() {
    Peer first = directory.add(identity(1), null, 0);
    directory.add(identity(2), null, 1);
    directory.heard(first, null, 2);

    assertThat(directory.snapshot())
        .extracting(PeerView::address)
        .containsExactly("0000000001", "0000000002");
  }

  private static Identity identity(long address) {
    return Identity.of(new Address(address), PUBLIC_KEY, null);
  }

  private static InetSocketAddress path(int port) {
    return new InetSocketAddress("127.0.0.1", port);
  }
}
