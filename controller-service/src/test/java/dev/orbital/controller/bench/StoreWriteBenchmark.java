package dev.orbital.controller.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.testing.kafka.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Member writes per second through the REST API on a real broker, outside the default run ({@code
 * ./mvnw -pl controller-service -am verify -Pbenchmark}): after a warm-up round in another network,
 * {@link #MEMBERS} members authorized in one network (each gets a pool address), then each of them
 * renamed while the network holds all of them. Reference in the same run: the same number of bare
 * Kafka writes (one acks=all record each, same concurrency), the floor any durable write pays.
 * Prints the figures and writes them to {@code target/benchmark.txt}.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@Tag("benchmark")
class StoreWriteBenchmark {

  static final int MEMBERS = Integer.getInteger("bench.members", 10_000);
  static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 64);
  private static final String TOKEN = "test-token-0123456789abcd";

  @TestHTTPResource("/")
  URL base;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void measureMemberWritesPerSecond() throws Exception {
    IntFunction<String> address = i -> String.format("%010x", 0x1000000000L + i);
    String warmUp = createNetwork();
    rate(i -> post(member(warmUp, address.apply(i)), "{\"authorized\":true}"));
    String nwid = createNetwork();

    double reference = kafkaWritesPerSecond();
    double authorize = rate(i -> post(member(nwid, address.apply(i)), "{\"authorized\":true}"));
    double rename = rate(i -> post(member(nwid, address.apply(i)), "{\"name\":\"m" + i + "\"}"));

    String report =
        String.format(
            Locale.ROOT,
            "controller store write benchmark (%d members in one network, %d concurrent clients,"
                + " %d cores)%n"
                + "  authorize through REST (new member + pool address): %8.0f writes/s%n"
                + "  rename through REST (network holds %d members):     %8.0f writes/s%n"
                + "  reference, bare Kafka acks=all record per write:      %8.0f writes/s%n"
                + "  ratio REST rename / bare Kafka:                       %8.2f%n",
            MEMBERS,
            CONCURRENCY,
            Runtime.getRuntime().availableProcessors(),
            authorize,
            MEMBERS,
            rename,
            reference,
            rename / reference);
    System.out.print(report);
    Files.writeString(Path.of("target", "benchmark.txt"), report);
    assertThat(get("/controller/network/" + nwid + "/member").split(",")).hasSize(MEMBERS);
  }

  private String createNetwork() throws IOException, InterruptedException {
    return post(
            "/controller/network",
            "{\"v4AssignMode\":{\"zt\":true},"
                + "\"ipAssignmentPools\":[{\"ipRangeStart\":\"10.0.0.1\",\"ipRangeEnd\":\"10.255.255.254\"}],"
                + "\"routes\":[{\"target\":\"10.0.0.0/8\",\"via\":null}]}")
        .replaceAll(".*\"id\":\"([0-9a-f]{16})\".*", "$1");
  }

  /** Runs {@link #MEMBERS} writes over {@link #CONCURRENCY} threads; writes per second. */
  private double rate(WriteCall write) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
    AtomicInteger next = new AtomicInteger();
    List<Callable<Void>> workers = new ArrayList<>();
    for (int w = 0; w < CONCURRENCY; w++) {
      workers.add(
          () -> {
            for (int i = next.getAndIncrement(); i < MEMBERS; i = next.getAndIncrement()) {
              write.run(i);
            }
            return null;
          });
    }
    long start = System.nanoTime();
    try {
      for (Future<Void> f : pool.invokeAll(workers)) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return MEMBERS / ((System.nanoTime() - start) / 1e9);
  }

  private double kafkaWritesPerSecond() throws Exception {
    Map<String, Object> props =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class.getName());
    String value = "x".repeat(900);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      return rate(
          i -> {
            try {
              producer.send(new ProducerRecord<>("bench.reference", "k" + i, value)).get();
            } catch (Exception e) {
              throw new IOException(e);
            }
          });
    }
  }

  private static String member(String nwid, String address) {
    return "/controller/network/" + nwid + "/member/" + address;
  }

  private String post(String path, String body) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .header("X-ZT1-Auth", TOKEN)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(path + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  private String get(String path) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .header("X-ZT1-Auth", TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @FunctionalInterface
  private interface WriteCall {
    void run(int i) throws Exception;
  }
}
