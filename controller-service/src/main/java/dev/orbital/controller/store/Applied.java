package dev.orbital.controller.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * One command of a batch in flight: either refused ({@code refusal}), or its change sent as {@code
 * sent} state records of the open transaction.
 */
record Applied(Command command, Change change, List<Future<RecordMetadata>> sent, Outcome refusal) {

  static Applied refused(Command command, Outcome refusal) {
    return new Applied(command, null, List.of(), refusal);
  }

  /** The outcome to reply; call once the producer is flushed (the sends are done). */
  Outcome outcome() {
    if (refusal != null) {
      return refusal;
    }
    Map<TopicPartition, Long> targets = new HashMap<>();
    for (Future<RecordMetadata> f : sent) {
      RecordMetadata md;
      try {
        md = f.get();
      } catch (ExecutionException e) {
        throw new KafkaException("state write failed: " + e.getCause(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaException("interrupted", e);
      }
      targets.merge(new TopicPartition(md.topic(), md.partition()), md.offset() + 1, Math::max);
    }
    return new Outcome(command.requestId(), null, null, null, targets, change.object());
  }
}
