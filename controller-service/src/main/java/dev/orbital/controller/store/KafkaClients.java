package dev.orbital.controller.store;

import dev.orbital.controller.ControllerConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The store's Kafka clients, each with its settings: the one admin client the store shares, the
 * view's consumer, the commands' producer, and the command owners' group consumer and transactional
 * producers.
 */
@ApplicationScoped
public class KafkaClients {

  /** A batch, and so one transaction, holds at most this many commands. */
  private static final int MAX_BATCH = 500;

  private final ControllerConfig config;
  private final String bootstrapServers;
  private Admin admin;

  public KafkaClients(
      ControllerConfig config,
      @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
          String bootstrapServers) {
    this.config = config;
    this.bootstrapServers = bootstrapServers;
  }

  @PostConstruct
  void start() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    admin = Admin.create(p);
  }

  @PreDestroy
  void stop() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
    }
  }

  Admin admin() {
    return admin;
  }

  /** A consumer for the view follower: assigned partitions, read_committed. */
  KafkaConsumer<String, byte[]> viewConsumer() {
    return new KafkaConsumer<>(consumerProperties());
  }

  /** A consumer in the command owners' group, joined with the given session timeout. */
  KafkaConsumer<String, byte[]> commandConsumer(String groupId, String clientId, int sessionMs) {
    Properties p = consumerProperties();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_BATCH);
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, sessionMs);
    // Five heartbeats per session: a replica is declared dead only after several are missed, and
    // the survivors hear of the rebalance within a fifth of the session.
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(100, sessionMs / 5));
    // Eager rebalancing: every assignment hands out each partition afresh, with a new producer.
    p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
    return new KafkaConsumer<>(p);
  }

  /** The producer this replica appends its writes' commands with. */
  KafkaProducer<String, byte[]> commandProducer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
    // A write waits for Kafka append-timeout at most, and the producer gives its record up then
    // too rather than deliver it long after its caller was answered.
    int appendMs = (int) config.appendTimeout().toMillis();
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, appendMs);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, appendMs);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, appendMs - 1);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, config.topicPrefix() + ".commands-" + UUID.randomUUID());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(p);
  }

  /** A transactional producer for the owner of one command partition. */
  KafkaProducer<String, byte[]> transactionalProducer(String transactionalId) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) config.transactionTimeout().toMillis());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(p);
  }

  private Properties consumerProperties() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }
}
