package dev.orbital.relay.membership;

import dev.orbital.testing.kafka.KafkaTestResource;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real broker holding, before the relay starts, the controller's compacted members topic with
 * history: {@link MembersKafkaTest#EARLY_MEMBER} authorized, {@link MembersKafkaTest#FORMER_MEMBER}
 * authorized and later deauthorized, as a relay restarting into an existing store finds it.
 */
public class SeededMembersKafka extends KafkaTestResource {

  static final String PREFIX = "relaytest";
  static final String TOPIC = PREFIX + ".members";

  @Override
  public Map<String, String> start() {
    Map<String, String> config = super.start();
    String bootstrap = config.get("kafka.bootstrap.servers");
    Properties admin = new Properties();
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin client = Admin.create(admin)) {
      client
          .createTopics(
              List.of(
                  new NewTopic(TOPIC, 3, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
          .all()
          .get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
      write(producer, MembersKafkaTest.EARLY_MEMBER, true);
      write(producer, MembersKafkaTest.FORMER_MEMBER, true);
      write(producer, MembersKafkaTest.FORMER_MEMBER, false);
      producer.flush();
    }
    return config;
  }

  static KafkaProducer<String, byte[]> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(p);
  }

  /** A member record as the controller writes it: key {@code nwid/address}, the member JSON. */
  static void write(KafkaProducer<String, byte[]> producer, long address, boolean authorized) {
    String nwid = String.format("%016x", MembersKafkaTest.NETWORK);
    String member = String.format("%010x", address);
    String json =
        "{\"id\":\""
            + member
            + "\",\"address\":\""
            + member
            + "\",\"nwid\":\""
            + nwid
            + "\",\"authorized\":"
            + authorized
            + ",\"activeBridge\":false,\"ipAssignments\":[],\"revision\":1,"
            + "\"objtype\":\"member\"}";
    try {
      producer.send(new ProducerRecord<>(TOPIC, nwid + "/" + member, json.getBytes())).get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
