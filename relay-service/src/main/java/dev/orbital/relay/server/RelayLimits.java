package dev.orbital.relay.server;

/**
 * The per-connection limits a {@link RelaySession} enforces, read once from {@link RelayConfig}.
 */
public record RelayLimits(
    int maxRecordBytes,
    int maxPacketsPerSecond,
    int minDestinationPort,
    int minDatagramBytes,
    long idleMillis) {

  static RelayLimits of(RelayConfig config) {
    return new RelayLimits(
        config.maxRecordBytes(),
        config.maxPacketsPerSecond(),
        config.minDestinationPort(),
        config.minDatagramBytes(),
        config.idleTimeout().toMillis());
  }
}
