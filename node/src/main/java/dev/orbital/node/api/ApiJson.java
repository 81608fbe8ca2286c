package dev.orbital.node.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbital.node.control.NetworkStatus;
import dev.orbital.node.control.NodeStatus;
import dev.orbital.node.control.PeerStatus;

/**
 * The local API's JSON, with the field names ZeroTier One's service uses ({@code service/README.md}
 * of ZeroTierOne 1.14.1), so scripts and UIs written for {@code zerotier-cli -j} read it unchanged.
 */
final class ApiJson {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private ApiJson() {}

  static ObjectNode status(NodeStatus status) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("address", status.address());
    json.put("publicIdentity", status.publicIdentity());
    json.put("online", status.online());
    json.put("tcpFallbackActive", status.tcpFallbackActive());
    putVersion(json, status.version());
    json.put("clock", status.clock());
    return json;
  }

  static ObjectNode network(NetworkStatus network) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("id", network.id());
    json.put("nwid", network.id());
    json.put("mac", network.mac());
    json.put("name", network.name());
    json.put("status", network.state().name());
    json.put("type", network.type());
    json.put("mtu", network.mtu());
    json.put("netconfRevision", network.netconfRevision());
    json.put("portDeviceName", network.portDeviceName());
    ArrayNode addresses = json.putArray("assignedAddresses");
    network.assignedAddresses().forEach(addresses::add);
    ArrayNode routes = json.putArray("routes");
    for (NetworkStatus.RouteStatus route : network.routes()) {
      ObjectNode r = routes.addObject();
      r.put("target", route.target());
      if (route.via().isEmpty()) {
        r.putNull("via");
      } else {
        r.put("via", route.via());
      }
      r.put("flags", 0);
      r.put("metric", 0);
    }
    return json;
  }

  static ObjectNode peer(PeerStatus peer) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("address", peer.address());
    putVersion(json, peer.version());
    json.put("latency", peer.latency());
    json.put("role", peer.role());
    json.put("tunneled", peer.paths().stream().anyMatch(p -> p.preferred() && p.relayed()));
    ArrayNode paths = json.putArray("paths");
    for (PeerStatus.PathStatus path : peer.paths()) {
      ObjectNode p = paths.addObject();
      p.put("address", path.address());
      p.put("lastSend", path.lastSend());
      p.put("lastReceive", path.lastReceive());
      p.put("active", path.active());
      p.put("expired", !path.active());
      p.put("preferred", path.preferred());
      p.put("relayed", path.relayed());
      p.put("trustedPathId", 0);
    }
    return json;
  }

  static ObjectNode error(String error, String field, String reason) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("error", error);
    if (field != null) {
      json.put("field", field);
    }
    json.put("reason", reason);
    return json;
  }

  /**
   * {@code version} plus its parts, as stock does; an unknown version ({@code -}) gives -1 parts,
   * which {@code zerotier-cli listpeers} prints as {@code -}.
   */
  private static void putVersion(ObjectNode json, String version) {
    String[] parts = version.split("\\.");
    int[] numbers = {-1, -1, -1};
    if (parts.length == 3) {
      try {
        for (int i = 0; i < 3; i++) {
          numbers[i] = Integer.parseInt(parts[i]);
        }
      } catch (NumberFormatException notAVersion) {
        numbers = new int[] {-1, -1, -1};
      }
    }
    json.put("versionMajor", numbers[0]);
    json.put("versionMinor", numbers[1]);
    json.put("versionRev", numbers[2]);
    json.put("version", numbers[0] < 0 ? "-" : version);
  }
}
