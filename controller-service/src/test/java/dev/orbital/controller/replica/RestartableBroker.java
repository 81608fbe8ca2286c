package dev.orbital.controller.replica;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node KRaft broker in the test JVM, like test-support's {@code KafkaTestBroker}, that can
 * be stopped and started again on the same log directory and ports (a "restart of everything").
 * {@link #delete()} removes its storage.
 */
final class RestartableBroker {

  private final Path directory;
  private final Properties properties;
  private KafkaRaftServer server;

  private RestartableBroker(Path directory, Properties properties) {
    this.directory = directory;
    this.properties = properties;
  }

  /** Formats fresh storage on free loopback ports; {@link #start()} runs it. */
  static RestartableBroker format() throws IOException {
    Path directory = Files.createTempDirectory("orbital-replica-kafka-");
    Properties p = new Properties();
    int brokerPort = freePort();
    int controllerPort = freePort();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.setProperty(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("log.dirs", directory.resolve("logs").toString());
    p.setProperty("num.partitions", "1");
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "1");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("group.min.session.timeout.ms", "1000");
    p.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
    Path config = directory.resolve("server.properties");
    try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
      p.store(out, "orbital replica test broker");
    }
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, "UTF-8");
    int formatted =
        StorageTool.execute(
            new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()},
            quiet);
    if (formatted != 0) {
      throw new IllegalStateException("kafka-storage format failed with " + formatted);
    }
    return new RestartableBroker(directory, p);
  }

  void start() {
    server = new KafkaRaftServer(KafkaConfig.fromProps(properties), Time.SYSTEM);
    server.startup();
  }

  /** Stops the broker and keeps its storage. */
  void stop() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }

  String bootstrapServers() {
    String listeners = properties.getProperty("advertised.listeners");
    return listeners.substring("PLAINTEXT://".length());
  }

  void delete() {
    stop();
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + directory, e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
