package dev.orbital.relay.server;

/**
 * The per-connection limits a {@link RelaySession} enforces, read once from {@link RelayConfig}.
 *
 * @param maxPacketsPerSecond every datagram of a connection; more closes it (flood)
 * @param newcomerPacketsPerSecond datagrams a connection that is not a verified member may send
 * @param newcomerBurst how many of those at once
 */
public record RelayLimits(
    int maxRecordBytes,
    int maxPacketsPerSecond,
    int newcomerPacketsPerSecond,
    int newcomerBurst,
    int minDestinationPort,
    int minDatagramBytes,
    long idleMillis) {

  static RelayLimits of(RelayConfig config) {
    return new RelayLimits(
        config.maxRecordBytes(),
        config.maxPacketsPerSecond(),
        config.newcomer().packetsPerSecond(),
        config.newcomer().burst(),
        config.minDestinationPort(),
        config.minDatagramBytes(),
        config.idleTimeout().toMillis());
  }
}
