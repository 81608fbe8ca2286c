package dev.orbital.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines {@code zerotier-cli} prints for each command, from the local API's JSON: the same
 * columns, so scripts that parse them work unchanged. Pure: the clock is passed in.
 */
final class CliOutput {

  private CliOutput() {}

  /** {@code 200 info <address> <version> ONLINE|OFFLINE|TUNNELED}. */
  static String info(JsonNode status) {
    String state =
        status.path("tcpFallbackActive").asBoolean()
            ? "TUNNELED"
            : status.path("online").asBoolean() ? "ONLINE" : "OFFLINE";
    return "200 info " + text(status, "address") + " " + text(status, "version") + " " + state;
  }

  static List<String> listNetworks(JsonNode networks) {
    List<String> lines = new ArrayList<>();
    lines.add("200 listnetworks <nwid> <name> <mac> <status> <type> <dev> <ZT assigned ips>");
    for (JsonNode n : networks) {
      List<String> ips = new ArrayList<>();
      n.path("assignedAddresses").forEach(a -> ips.add(a.asText()));
      lines.add(
          String.join(
              " ",
              "200 listnetworks",
              text(n, "nwid"),
              text(n, "name"),
              text(n, "mac"),
              text(n, "status"),
              text(n, "type"),
              text(n, "portDeviceName"),
              ips.isEmpty() ? "-" : String.join(",", ips)));
    }
    return lines;
  }

  /**
   * One line per peer; the path column is the preferred path as {@code ip/port;msSinceLastSend;
   * msSinceLastReceive} (-1 for never), or {@code -} when the peer is reached through a root.
   */
  static List<String> listPeers(JsonNode peers, long now) {
    List<String> lines = new ArrayList<>();
    lines.add("200 listpeers <ztaddr> <path> <latency> <version> <role>");
    for (JsonNode p : peers) {
      String path = "-";
      for (JsonNode candidate : p.path("paths")) {
        if (candidate.path("preferred").asBoolean()) {
          path =
              text(candidate, "address")
                  + ";"
                  + ago(now, candidate.path("lastSend").asLong())
                  + ";"
                  + ago(now, candidate.path("lastReceive").asLong());
          break;
        }
      }
      lines.add(
          String.join(
              " ",
              "200 listpeers",
              text(p, "address"),
              path,
              String.valueOf(p.path("latency").asInt(-1)),
              text(p, "version"),
              text(p, "role")));
    }
    return lines;
  }

  private static long ago(long now, long then) {
    return then == 0 ? -1 : now - then;
  }

  /** A field as text, {@code -} when absent or empty (a space would shift the columns). */
  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    String s = value.isMissingNode() || value.isNull() ? "" : value.asText();
    return s.isEmpty() ? "-" : s.replace(' ', '_');
  }
}
