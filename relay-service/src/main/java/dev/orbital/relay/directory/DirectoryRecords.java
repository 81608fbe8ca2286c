package dev.orbital.relay.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.netconf.NetworkAddresses;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies one record of the three compacted topics to a {@link RelayDirectory}; no Kafka types, so
 * it is tested alone. A record that does not parse throws {@link UnreadableRecordException} and
 * changes nothing.
 *
 * <ul>
 *   <li>{@code <prefix>.networks}: key the network ID (16 hex digits), value its JSON, a tombstone
 *       on delete. Only existence matters: it makes {@code nwid >>> 24} a controller.
 *   <li>{@code <prefix>.members}: key {@code nwid/address}, value the member JSON; {@code
 *       "authorized": true} makes the address a member, anything else (or a tombstone) undoes it.
 *   <li>{@code <prefix>.presence}: key the node's address, value root-server's {@code
 *       PresenceEvent} ({@code root}, {@code online}, {@code paths: ["ip/port", ...]}); {@code
 *       online: false} drops that root's report, a tombstone every report.
 * </ul>
 */
public final class DirectoryRecords {

  /** Which topic a record came from. */
  public enum Topic {
    NETWORKS,
    MEMBERS,
    PRESENCE
  }

  /** A record the relay cannot read; it is skipped and counted. */
  public static final class UnreadableRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    UnreadableRecordException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RelayDirectory directory;

  public DirectoryRecords(RelayDirectory directory) {
    this.directory = directory;
  }

  public void apply(Topic topic, String key, byte[] value) throws UnreadableRecordException {
    if (key == null) {
      throw new UnreadableRecordException(topic + " record without a key", null);
    }
    try {
      if (topic == Topic.NETWORKS) {
        network(key, value);
      } else if (topic == Topic.MEMBERS) {
        member(key, value);
      } else {
        presence(key, value);
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new UnreadableRecordException(
          topic.name().toLowerCase(java.util.Locale.ROOT) + " record " + key + ": " + e, e);
    }
  }

  private void network(String key, byte[] value) {
    long networkId = NetworkAddresses.parse(key);
    if (value == null) {
      directory.networkDeleted(networkId);
    } else {
      directory.networkExists(networkId);
    }
  }

  private void member(String key, byte[] value) throws IOException {
    int slash = key.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("not nwid/address");
    }
    long networkId = NetworkAddresses.parse(key.substring(0, slash));
    long address = Address.parse(key.substring(slash + 1)).value();
    if (value != null && tree(value).path("authorized").asBoolean(false)) {
      directory.authorize(networkId, address);
    } else {
      directory.deauthorize(networkId, address);
    }
  }

  private void presence(String key, byte[] value) throws IOException {
    long node = Address.parse(key).value();
    if (value == null) {
      directory.forget(node);
      return;
    }
    JsonNode event = tree(value);
    long root = Address.parse(event.path("root").asText()).value();
    if (!event.path("online").asBoolean(false)) {
      directory.offline(node, root);
      return;
    }
    List<InetSocketAddress> paths = new ArrayList<>();
    for (JsonNode path : event.path("paths")) {
      paths.add(IpEndpoint.parse(path.asText()).toSocketAddress());
    }
    directory.online(node, root, paths);
  }

  private static JsonNode tree(byte[] value) throws IOException {
    JsonNode tree = JSON.readTree(value);
    if (tree == null || !tree.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    return tree;
  }
}
