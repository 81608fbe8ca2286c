package dev.orbital.node.relay;

import dev.orbital.protocol.relay.RelayFrameCodec;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * How to reach the relay.
 *
 * @param relay {@code tcp://host:port} (ZeroTier's framing on plain TCP, what stock clients use) or
 *     {@code wss://host:port/relay} (the same framing inside binary WebSocket messages over TLS,
 *     preferred where configured: it passes proxies and firewalls that inspect TLS)
 * @param pinnedSha256 for {@code wss}: trust only the certificate with this SHA-256 fingerprint
 *     (hex, colons optional), as the relay logs for its self-signed one; empty: the JDK's trust
 *     store and host name check
 * @param connectTimeout per attempt
 * @param initialBackoff first delay between failed attempts, doubling up to {@code maxBackoff}
 * @param maxBackoff the longest delay between attempts
 * @param sendQueue datagrams queued for the relay at most; more are dropped
 * @param hello the version the client announces
 */
public record RelayClientOptions(
    URI relay,
    Optional<String> pinnedSha256,
    Duration connectTimeout,
    Duration initialBackoff,
    Duration maxBackoff,
    int sendQueue,
    RelayFrameCodec.Hello hello) {

  /** The version stock 1.14.1 announces; the relay needs any 4-byte hello. */
  public static final RelayFrameCodec.Hello HELLO_1_14_1 = new RelayFrameCodec.Hello(1, 14, 1);

  public RelayClientOptions {
    String scheme = relay.getScheme() == null ? "" : relay.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("tcp") && !scheme.equals("wss")) {
      throw new IllegalArgumentException("relay " + relay + " (expected: tcp://... or wss://...)");
    }
    if (relay.getHost() == null || relay.getPort() < 1) {
      throw new IllegalArgumentException("relay " + relay + " (expected: a host and a port)");
    }
    if (sendQueue < 1) {
      throw new IllegalArgumentException("send queue " + sendQueue + " (expected: > 0)");
    }
  }

  /** Defaults: 5 s connect timeout, backoff 250 ms doubling to 30 s, 4096 queued datagrams. */
  public static RelayClientOptions of(URI relay) {
    return new RelayClientOptions(
        relay,
        Optional.empty(),
        Duration.ofSeconds(5),
        Duration.ofMillis(250),
        Duration.ofSeconds(30),
        4096,
        HELLO_1_14_1);
  }

  public RelayClientOptions withPinnedSha256(String fingerprint) {
    return new RelayClientOptions(
        relay,
        Optional.of(fingerprint),
        connectTimeout,
        initialBackoff,
        maxBackoff,
        sendQueue,
        hello);
  }

  public RelayClientOptions withBackoff(Duration initial, Duration max) {
    return new RelayClientOptions(
        relay, pinnedSha256, connectTimeout, initial, max, sendQueue, hello);
  }

  boolean webSocket() {
    return relay.getScheme().equalsIgnoreCase("wss");
  }
}
