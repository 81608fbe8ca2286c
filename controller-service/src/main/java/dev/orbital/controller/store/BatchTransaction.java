package dev.orbital.controller.store;

import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.Network;
import dev.orbital.controller.network.ValidationException;
import dev.orbital.protocol.netconf.NetworkAddresses;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Applies one polled batch of a command partition in one transaction (consume-transform-produce):
 *
 * <ol>
 *   <li>each command is checked against the view plus the batch so far ({@link Draft}, {@link
 *       CommandService});
 *   <li>new states, membership events and one outcome per command go out in the transaction, with
 *       the consumed offsets ({@code sendOffsetsToTransaction} with the group metadata, which
 *       fences an owner that lost the partition in a rebalance).
 * </ol>
 *
 * A batch whose applied commands passed their deadline before the commit is not committed.
 */
final class BatchTransaction {

  private static final Logger LOG = Logger.getLogger(BatchTransaction.class);

  private final CommandService commands;
  private final StoreView view;
  private final KafkaConsumer<String, byte[]> consumer;
  private final String networks;
  private final String members;
  private final String events;
  private final String replies;

  /**
   * @param view the view the commands are checked against
   * @param consumer the group consumer the batches come from
   */
  BatchTransaction(
      CommandService commands,
      StoreView view,
      StoreTopics topics,
      KafkaConsumer<String, byte[]> consumer) {
    this.commands = commands;
    this.view = view;
    this.consumer = consumer;
    this.networks = topics.networks();
    this.members = topics.members();
    this.events = topics.events();
    this.replies = topics.replies();
  }

  /**
   * Applies and commits {@code batch} with {@code producer}, the partition's transactional one.
   *
   * @return the offsets of the state records written, for the view to reach
   * @throws org.apache.kafka.common.KafkaException if the transaction failed: abort it (unless
   *     fenced)
   * @throws StoreException if a command expired before the commit: abort the transaction
   */
  Map<TopicPartition, Long> commit(
      TopicPartition tp,
      List<ConsumerRecord<String, byte[]>> batch,
      KafkaProducer<String, byte[]> producer) {
    Draft draft = new Draft(view);
    List<Applied> applied = new ArrayList<>();
    Map<TopicPartition, Long> targets = new HashMap<>();
    producer.beginTransaction();
    for (ConsumerRecord<String, byte[]> r : batch) {
      Command c;
      try {
        c = Command.fromBytes(r.value());
      } catch (RuntimeException e) {
        LOG.errorf("skipping unreadable command %s@%d: %s", tp, r.offset(), e.getMessage());
        continue;
      }
      applied.add(apply(c, draft, producer));
    }
    producer.flush();
    long now = System.currentTimeMillis();
    for (Applied a : applied) {
      if (a.refusal() == null && a.command().deadline() < now) {
        // Its caller may have given up and said "not applied": make that true.
        throw new StoreException("command " + a.command().requestId() + " expired", null);
      }
      Outcome outcome = a.outcome();
      targets = StoreFollower.merge(targets, outcome.targets());
      producer.send(new ProducerRecord<>(replies, outcome.requestId(), outcome.toBytes()));
    }
    producer.sendOffsetsToTransaction(
        Map.of(tp, new OffsetAndMetadata(batch.get(batch.size() - 1).offset() + 1)),
        consumer.groupMetadata());
    producer.commitTransaction();
    return targets;
  }

  private Applied apply(Command c, Draft draft, KafkaProducer<String, byte[]> producer) {
    if (c.deadline() < System.currentTimeMillis()) {
      return Applied.refused(
          c, Outcome.refused(c.requestId(), Outcome.EXPIRED, null, "deadline passed"));
    }
    Change change;
    try {
      change = commands.apply(c, draft);
    } catch (ValidationException e) {
      return Applied.refused(
          c, Outcome.refused(c.requestId(), Outcome.INVALID, e.field(), e.reason()));
    } catch (UnknownObjectException e) {
      return Applied.refused(
          c, Outcome.refused(c.requestId(), Outcome.NOT_FOUND, null, e.getMessage()));
    } catch (ConflictException e) {
      return Applied.refused(
          c, Outcome.refused(c.requestId(), Outcome.CONFLICT, null, e.getMessage()));
    } catch (IllegalArgumentException e) {
      return Applied.refused(
          c, Outcome.refused(c.requestId(), Outcome.INVALID, "command", e.getMessage()));
    }
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (Map.Entry<Long, Network> n : change.networks().entrySet()) {
      sent.add(
          producer.send(
              new ProducerRecord<>(
                  networks,
                  NetworkAddresses.format(n.getKey()),
                  n.getValue() == null ? null : StoredJson.network(n.getValue()))));
    }
    for (Map.Entry<MemberKey, Member> m : change.members().entrySet()) {
      sent.add(
          producer.send(
              new ProducerRecord<>(
                  members,
                  m.getKey().toString(),
                  m.getValue() == null ? null : StoredJson.member(m.getValue()))));
    }
    for (MembershipEvent e : change.events()) {
      producer.send(new ProducerRecord<>(events, e.networkId(), StoredJson.write(e.toJson())));
    }
    return new Applied(c, change, sent, null);
  }
}
