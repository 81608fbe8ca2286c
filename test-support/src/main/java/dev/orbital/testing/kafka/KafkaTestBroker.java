package dev.orbital.testing.kafka;

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
 * A real single-node Kafka broker (KRaft, combined broker and controller) running inside the test
 * JVM from the Maven artifacts ({@code org.apache.kafka:kafka_2.13}, the version the Quarkus BOM
 * manages): no Docker, no Dev Services. Listens on free loopback ports; {@link #stop()} and {@link
 * #restart()} take it down and up again on the same storage and ports; {@link #close()} stops it
 * and deletes its storage. Self-contained so other services' tests can copy it as it is.
 *
 * <pre>{@code
 * try (KafkaTestBroker broker = KafkaTestBroker.start()) {
 *   String bootstrap = broker.bootstrapServers();
 * }
 * }</pre>
 */
public final class KafkaTestBroker implements AutoCloseable {

  private final Path directory;
  private final Properties properties;
  private final String bootstrapServers;
  private KafkaRaftServer server;

  private KafkaTestBroker(Path directory, Properties properties, String bootstrapServers) {
    this.directory = directory;
    this.properties = properties;
    this.bootstrapServers = bootstrapServers;
  }

  /** Formats fresh storage in a temporary directory and starts the broker. */
  public static KafkaTestBroker start() {
    Path directory;
    try {
      directory = Files.createTempDirectory("orbital-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the broker's directory", e);
    }
    try {
      int brokerPort = freePort();
      int controllerPort = freePort();
      Properties properties = properties(directory, brokerPort, controllerPort);
      Path configFile = directory.resolve("server.properties");
      try (Writer out = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
        properties.store(out, "orbital test broker");
      }
      String clusterId = Uuid.randomUuid().toString();
      PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, "UTF-8");
      int formatted =
          StorageTool.execute(
              new String[] {"format", "-t", clusterId, "-c", configFile.toString()}, quiet);
      if (formatted != 0) {
        throw new IllegalStateException("kafka-storage format failed with " + formatted);
      }
      KafkaTestBroker broker =
          new KafkaTestBroker(directory, properties, "127.0.0.1:" + brokerPort);
      broker.restart();
      return broker;
    } catch (IOException | RuntimeException e) {
      deleteRecursively(directory);
      throw e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e);
    }
  }

  private static Properties properties(Path directory, int brokerPort, int controllerPort) {
    Properties p = new Properties();
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
    // The controller's command group runs a 1.5 s session (fast failover); Kafka's default minimum,
    // 6000, would refuse it. Deployments need the same: at most the controller's session timeout.
    p.setProperty("group.min.session.timeout.ms", "1000");
    p.setProperty("auto.create.topics.enable", "true");
    p.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
    return p;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** {@code host:port} for {@code bootstrap.servers}; the same across restarts. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Stops the broker and keeps its storage and ports for {@link #restart()}. */
  public synchronized void stop() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }

  /** Starts the broker again on the same storage and ports; does nothing while it runs. */
  public synchronized void restart() {
    if (server == null) {
      KafkaRaftServer started = new KafkaRaftServer(KafkaConfig.fromProps(properties), Time.SYSTEM);
      started.startup();
      server = started;
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } finally {
      deleteRecursively(directory);
    }
  }

  private static void deleteRecursively(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + directory, e);
    }
  }
}
