package dev.orbital.relay.policy;

import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.world.World;
import dev.orbital.protocol.world.WorldCodec;
import dev.orbital.protocol.world.WorldType;
import dev.orbital.testing.kafka.KafkaTestBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
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
 * A real broker holding, before the relay starts, what the controller and a root have written: a
 * network (so its controller is known), {@link MembersPolicyKafkaTest#EARLY_MEMBER} and {@link
 * MembersPolicyKafkaTest#OTHER_MEMBER} authorized, {@link MembersPolicyKafkaTest#FORMER_MEMBER}
 * authorized and later deauthorized, and where the root sees each of them and the controller; and a
 * planet file naming the root. Every party is a UDP socket on loopback that the test reads (the
 * root's also answers), injected into the test as {@link Parties}.
 */
public class SeededDirectoryKafka implements QuarkusTestResourceLifecycleManager {

  static final String PREFIX = "relaytest";

  /** The seeded parties' sockets and the broker, for the test to read, answer and stop. */
  public record Parties(
      KafkaTestBroker broker,
      DatagramSocket root,
      DatagramSocket controller,
      DatagramSocket earlyMember,
      DatagramSocket otherMember,
      DatagramSocket formerMember,
      long rootAddress) {}

  private Parties parties;
  private Path planet;

  @Override
  public Map<String, String> start() {
    try {
      KafkaTestBroker broker = KafkaTestBroker.start();
      Identity root = Identity.generate(new SecureRandom());
      parties =
          new Parties(
              broker, socket(), socket(), socket(), socket(), socket(), root.address().value());
      planet = Files.createTempFile("relay-test-planet", "");
      Files.write(
          planet,
          WorldCodec.encode(
              World.of(
                  WorldType.PLANET,
                  1234567890L,
                  1,
                  new byte[64],
                  List.of(new World.Root(root, List.of(IpEndpoint.of(at(parties.root()))))))));
      seed(broker.bootstrapServers());
      return Map.of(
          "kafka.bootstrap.servers",
          broker.bootstrapServers(),
          "orbital.relay.membership.world-files",
          planet.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(parties, new TestInjector.MatchesType(Parties.class));
  }

  @Override
  public void stop() {
    if (parties != null) {
      for (DatagramSocket s :
          List.of(
              parties.root(),
              parties.controller(),
              parties.earlyMember(),
              parties.otherMember(),
              parties.formerMember())) {
        s.close();
      }
      parties.broker().close();
    }
    try {
      if (planet != null) {
        Files.deleteIfExists(planet);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void seed(String bootstrap) {
    Properties admin = new Properties();
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin client = Admin.create(admin)) {
      client
          .createTopics(
              List.of(
                  compacted(PREFIX + ".networks"),
                  compacted(PREFIX + ".members"),
                  compacted(PREFIX + ".presence")))
          .all()
          .get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
      send(
          producer,
          PREFIX + ".networks",
          String.format("%016x", MembersPolicyKafkaTest.NETWORK),
          "{\"id\":\"" + String.format("%016x", MembersPolicyKafkaTest.NETWORK) + "\"}");
      member(producer, MembersPolicyKafkaTest.EARLY_MEMBER, true);
      member(producer, MembersPolicyKafkaTest.OTHER_MEMBER, true);
      member(producer, MembersPolicyKafkaTest.FORMER_MEMBER, true);
      member(producer, MembersPolicyKafkaTest.FORMER_MEMBER, false);
      presence(producer, MembersPolicyKafkaTest.CONTROLLER, parties.controller());
      presence(producer, MembersPolicyKafkaTest.EARLY_MEMBER, parties.earlyMember());
      presence(producer, MembersPolicyKafkaTest.OTHER_MEMBER, parties.otherMember());
      presence(producer, MembersPolicyKafkaTest.FORMER_MEMBER, parties.formerMember());
      producer.flush();
    }
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
  static void member(KafkaProducer<String, byte[]> producer, long address, boolean authorized) {
    String nwid = String.format("%016x", MembersPolicyKafkaTest.NETWORK);
    String member = String.format("%010x", address);
    send(
        producer,
        PREFIX + ".members",
        nwid + "/" + member,
        "{\"id\":\""
            + member
            + "\",\"address\":\""
            + member
            + "\",\"nwid\":\""
            + nwid
            + "\",\"authorized\":"
            + authorized
            + ",\"activeBridge\":false,\"ipAssignments\":[],\"revision\":1,"
            + "\"objtype\":\"member\"}");
  }

  /** A root's presence event for {@code address}, online at {@code socket}'s endpoint. */
  void presence(KafkaProducer<String, byte[]> producer, long address, DatagramSocket socket) {
    InetSocketAddress at = at(socket);
    send(
        producer,
        PREFIX + ".presence",
        String.format("%010x", address),
        String.format(
            "{\"address\":\"%010x\",\"root\":\"%010x\",\"online\":true,\"paths\":[\"%s/%d\"],"
                + "\"protocolVersion\":12,\"version\":\"1.14.1\",\"latencyMs\":1,"
                + "\"lastSeen\":1700000000000}",
            address, parties.rootAddress(), at.getAddress().getHostAddress(), at.getPort()));
  }

  private static void send(
      KafkaProducer<String, byte[]> producer, String topic, String key, String json) {
    try {
      producer.send(new ProducerRecord<>(topic, key, json.getBytes(StandardCharsets.UTF_8))).get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static NewTopic compacted(String name) {
    return new NewTopic(name, 3, (short) 1).configs(Map.of("cleanup.policy", "compact"));
  }

  private static DatagramSocket socket() throws IOException {
    DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    socket.setSoTimeout(300);
    return socket;
  }

  static InetSocketAddress at(DatagramSocket socket) {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }
}
