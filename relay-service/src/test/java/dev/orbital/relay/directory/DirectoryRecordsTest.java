package dev.orbital.relay.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbital.relay.directory.DirectoryRecords.Topic;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DirectoryRecordsTest {

  private static final long CONTROLLER = 0x8056c2e21cL;
  private static final long NETWORK = (CONTROLLER << 24) | 1;
  private static final long OTHER_NETWORK = (CONTROLLER << 24) | 2;
  private static final long NODE = 0x3a77b41ec3L;
  private static final long ROOT_A = 0xe7745d5aa3L;
  private static final long ROOT_B = 0x62f865ae71L;
  private static final InetSocketAddress PATH_A = new InetSocketAddress("198.51.100.7", 41000);
  private static final InetSocketAddress PATH_B = new InetSocketAddress("2001:db8::7", 41000);

  private final RelayDirectory directory =
      new RelayDirectory(new RootEndpoints(Set.of(), Set.of()));
  private final DirectoryRecords records = new DirectoryRecords(directory);

  private void apply(Topic topic, String key, String json) throws Exception {
    records.apply(topic, key, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
  }

  private static String nwid(long networkId) {
    return String.format("%016x", networkId);
  }

  private static String member(long networkId, boolean authorized) {
    return "{\"nwid\":\"" + nwid(networkId) + "\",\"authorized\":" + authorized + "}";
  }

  private static String presence(long root, boolean online, String... paths) {
    return String.format(
        "{\"address\":\"%010x\",\"root\":\"%010x\",\"online\":%s,\"paths\":[%s],"
            + "\"protocolVersion\":12,\"version\":\"1.14.1\",\"latencyMs\":-1,\"lastSeen\":1}",
        NODE,
        root,
        online,
        String.join(",", java.util.Arrays.stream(paths).map(p -> "\"" + p + "\"").toList()));
  }

  @Test
  void shouldMakeTheControllerOfEveryExistingNetworkReachableUntilItsLastIsDeleted()
      throws Exception {
    apply(Topic.NETWORKS, nwid(NETWORK), "{\"id\":\"" + nwid(NETWORK) + "\"}");
    apply(Topic.NETWORKS, nwid(OTHER_NETWORK), "{}");
    apply(Topic.NETWORKS, nwid(NETWORK), null);
    assertThat(directory.isController(CONTROLLER)).isTrue();

    apply(Topic.NETWORKS, nwid(OTHER_NETWORK), null);
    assertThat(directory.isController(CONTROLLER)).isFalse();
  }

  @Test
  void shouldFollowAuthorizationAcrossNetworksAndTombstones() throws Exception {
    String key = nwid(NETWORK) + "/" + String.format("%010x", NODE);
    String otherKey = nwid(OTHER_NETWORK) + "/" + String.format("%010x", NODE);
    apply(Topic.MEMBERS, key, member(NETWORK, false));
    assertThat(directory.isMember(NODE)).isFalse();

    apply(Topic.MEMBERS, key, member(NETWORK, true));
    apply(Topic.MEMBERS, otherKey, member(OTHER_NETWORK, true));
    apply(Topic.MEMBERS, key, null);
    assertThat(directory.isMember(NODE)).isTrue();

    apply(Topic.MEMBERS, otherKey, member(OTHER_NETWORK, false));
    assertThat(directory.isMember(NODE)).isFalse();
  }

  @Test
  void shouldKeepEachRootsReportOfANodeUntilThatRootExpiresIt() throws Exception {
    String key = String.format("%010x", NODE);
    apply(Topic.PRESENCE, key, presence(ROOT_A, true, "198.51.100.7/41000"));
    apply(Topic.PRESENCE, key, presence(ROOT_B, true, "2001:db8:0:0:0:0:0:7/41000"));
    apply(Topic.PRESENCE, key, presence(ROOT_A, false));
    assertThat(directory.isAt(NODE, PATH_A)).isFalse();
    assertThat(directory.isAt(NODE, PATH_B)).isTrue();

    apply(Topic.PRESENCE, key, presence(ROOT_B, true, "198.51.100.7/41000"));
    assertThat(directory.isAt(NODE, PATH_A)).isTrue();
    assertThat(directory.anyoneAt(PATH_B)).as("a path the root no longer reports").isFalse();

    apply(Topic.PRESENCE, key, null);
    assertThat(directory.anyoneAt(PATH_A)).isFalse();
    assertThat(directory.presentCount()).isZero();
  }

  @Test
  void shouldRefuseUnreadableRecordsChangingNothing() throws Exception {
    String key = String.format("%010x", NODE);
    apply(Topic.PRESENCE, key, presence(ROOT_A, true, "198.51.100.7/41000"));

    assertThatThrownBy(() -> apply(Topic.PRESENCE, key, presence(ROOT_A, true, "example.com/1")))
        .isInstanceOf(DirectoryRecords.UnreadableRecordException.class)
        .hasMessageContaining("literal IP");
    assertThatThrownBy(() -> apply(Topic.MEMBERS, "no-slash", member(NETWORK, true)))
        .isInstanceOf(DirectoryRecords.UnreadableRecordException.class);
    assertThatThrownBy(() -> apply(Topic.NETWORKS, "xyz", "{}"))
        .isInstanceOf(DirectoryRecords.UnreadableRecordException.class);
    assertThatThrownBy(() -> apply(Topic.MEMBERS, nwid(NETWORK) + "/" + key, "[1,2]"))
        .isInstanceOf(DirectoryRecords.UnreadableRecordException.class);
    assertThatThrownBy(() -> apply(Topic.PRESENCE, null, "{}"))
        .isInstanceOf(DirectoryRecords.UnreadableRecordException.class);
    assertThat(directory.isAt(NODE, PATH_A)).isTrue();
    assertThat(directory.isMember(NODE)).isFalse();
  }
}
