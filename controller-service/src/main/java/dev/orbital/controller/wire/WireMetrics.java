package dev.orbital.controller.wire;

import dev.orbital.protocol.verb.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The controller's wire counters: {@code orbital.controller.config.requests{outcome}}, {@code
 * orbital.controller.config.pushes{kind}} and {@code orbital.controller.packets.dropped{reason}}.
 */
public final class WireMetrics {

  /** What was pushed without being asked. */
  public enum PushKind {
    CONFIG,
    REFUSAL,
    REVOCATION
  }

  private final Counter served;
  private final Map<ErrorCode, Counter> refused = new EnumMap<>(ErrorCode.class);
  private final Map<PushKind, Counter> pushes = new EnumMap<>(PushKind.class);
  private final Map<DropReason, Counter> drops = new EnumMap<>(DropReason.class);

  public WireMetrics(MeterRegistry registry) {
    served = registry.counter("orbital.controller.config.requests", "outcome", "served");
    for (ErrorCode code : ErrorCode.values()) {
      refused.put(
          code,
          registry.counter(
              "orbital.controller.config.requests",
              "outcome",
              code.name().toLowerCase(Locale.ROOT)));
    }
    for (PushKind kind : PushKind.values()) {
      pushes.put(
          kind,
          registry.counter(
              "orbital.controller.config.pushes", "kind", kind.name().toLowerCase(Locale.ROOT)));
    }
    for (DropReason reason : DropReason.values()) {
      drops.put(
          reason, registry.counter("orbital.controller.packets.dropped", "reason", reason.tag()));
    }
  }

  public void served() {
    served.increment();
  }

  public void refused(ErrorCode code) {
    refused.get(code).increment();
  }

  public void pushed(PushKind kind) {
    pushes.get(kind).increment();
  }

  public void drop(DropReason reason) {
    drops.get(reason).increment();
  }

  public double dropped(DropReason reason) {
    return drops.get(reason).count();
  }

  public double servedCount() {
    return served.count();
  }
}
