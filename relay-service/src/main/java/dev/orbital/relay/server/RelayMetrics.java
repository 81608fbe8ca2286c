package dev.orbital.relay.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The relay's meters: open and accepted connections, closes and refusals by reason, packets and
 * bytes each way ({@code direction=to-udp} from clients, {@code to-client} back).
 */
@ApplicationScoped
public class RelayMetrics {

  private final AtomicInteger open = new AtomicInteger();
  private final Counter accepted;
  private final Counter acceptedWebSockets;
  private final Counter[] closes = new Counter[CloseReason.values().length];
  private final Counter[] refusals = new Counter[RefusalReason.values().length];
  private final Counter packetsToUdp;
  private final Counter bytesToUdp;
  private final Counter packetsToClient;
  private final Counter bytesToClient;

  public RelayMetrics(MeterRegistry registry) {
    registry.gauge("orbital.relay.connections.open", open);
    accepted = registry.counter("orbital.relay.connections.accepted");
    acceptedWebSockets = registry.counter("orbital.relay.websockets.accepted");
    for (CloseReason reason : CloseReason.values()) {
      closes[reason.ordinal()] =
          registry.counter("orbital.relay.connections.closed", "reason", reason.tag());
    }
    for (RefusalReason reason : RefusalReason.values()) {
      refusals[reason.ordinal()] =
          registry.counter("orbital.relay.refusals", "reason", reason.tag());
    }
    packetsToUdp = registry.counter("orbital.relay.packets", "direction", "to-udp");
    bytesToUdp = registry.counter("orbital.relay.bytes", "direction", "to-udp");
    packetsToClient = registry.counter("orbital.relay.packets", "direction", "to-client");
    bytesToClient = registry.counter("orbital.relay.bytes", "direction", "to-client");
  }

  void opened() {
    accepted.increment();
    open.incrementAndGet();
  }

  /** Of the accepted connections, those that came over WebSocket. */
  void webSocketAccepted() {
    acceptedWebSockets.increment();
  }

  void closed(CloseReason reason) {
    open.decrementAndGet();
    closes[reason.ordinal()].increment();
  }

  void refused(RefusalReason reason) {
    refusals[reason.ordinal()].increment();
  }

  void toUdp(int bytes) {
    packetsToUdp.increment();
    bytesToUdp.increment(bytes);
  }

  void toClient(int bytes) {
    packetsToClient.increment();
    bytesToClient.increment(bytes);
  }

  public double closes(CloseReason reason) {
    return closes[reason.ordinal()].count();
  }

  public double refusals(RefusalReason reason) {
    return refusals[reason.ordinal()].count();
  }

  /** Datagrams relayed to UDP ({@code toUdp}) or back to clients. */
  public double packets(boolean toUdp) {
    return (toUdp ? packetsToUdp : packetsToClient).count();
  }

  public int openConnections() {
    return open.get();
  }
}
