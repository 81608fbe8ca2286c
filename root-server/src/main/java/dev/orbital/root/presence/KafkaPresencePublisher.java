package dev.orbital.root.presence;

import dev.orbital.root.config.RootConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Sends presence changes to Kafka through SmallRye Reactive Messaging (channel {@code presence}).
 * Never blocks: events wait in a bounded buffer, and when it is full (Kafka down for long) the
 * newest are dropped and counted; the next change of the same node carries its whole state again.
 */
@ApplicationScoped
public class KafkaPresencePublisher implements PresenceSink {

  static final int BUFFER = 16_384;

  private final Emitter<Record<String, PresenceEvent>> emitter;
  private final boolean enabled;
  private final Counter sent;
  private final Counter dropped;

  public KafkaPresencePublisher(
      @Channel("presence") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = BUFFER)
          Emitter<Record<String, PresenceEvent>> emitter,
      RootConfig config,
      MeterRegistry registry) {
    this.emitter = emitter;
    this.enabled = config.presence().enabled();
    this.sent = registry.counter("orbital.root.presence.events", "result", "sent");
    this.dropped = registry.counter("orbital.root.presence.events", "result", "dropped");
  }

  @Override
  public void changed(PresenceEvent event) {
    if (!enabled) {
      return;
    }
    try {
      emitter
          .send(Record.of(event.address(), event))
          .whenComplete(
              (ok, failure) -> {
                if (failure == null) {
                  sent.increment();
                } else {
                  dropped.increment();
                  Log.debugf("presence event for %s not sent: %s", event.address(), failure);
                }
              });
    } catch (IllegalStateException e) {
      dropped.increment();
    }
  }
}
