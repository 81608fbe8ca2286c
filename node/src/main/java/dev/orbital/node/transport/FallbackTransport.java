package dev.orbital.node.transport;

import dev.orbital.node.relay.RelayClient;
import dev.orbital.node.relay.RelayFallback;
import java.net.InetSocketAddress;
import java.util.function.LongSupplier;

/**
 * UDP, or the relay while {@link RelayFallback} says UDP is failing: the one transport the engine
 * sends on when a relay is configured, so that peer paths stay the same endpoints whichever way the
 * datagrams go. Used on the engine thread only (it drives the state machine). The engine probes the
 * roots on {@link #udp()} and reports their answers over UDP.
 */
public final class FallbackTransport implements Transport {

  private final Transport udp;
  private final RelayClient relay;
  private final RelayFallback fallback;
  private final LongSupplier clock;

  public FallbackTransport(
      Transport udp, RelayClient relay, RelayFallback fallback, LongSupplier clock) {
    this.udp = udp;
    this.relay = relay;
    this.fallback = fallback;
    this.clock = clock;
  }

  @Override
  public boolean send(InetSocketAddress to, byte[] data, int offset, int length) {
    if (overRelay()) {
      return relay.send(to, data, offset, length);
    }
    return udp.send(to, data, offset, length);
  }

  /** True while datagrams go through the relay (UDP failing, or forced, and the relay is up). */
  public boolean overRelay() {
    return fallback.path(clock.getAsLong()) == RelayFallback.Path.RELAY && relay.isConnected();
  }

  @Override
  public boolean relayed() {
    return false;
  }

  /** Plain UDP, for the probes that tell whether UDP works again. */
  public Transport udp() {
    return udp;
  }

  public RelayFallback fallback() {
    return fallback;
  }

  public RelayClient relay() {
    return relay;
  }
}
