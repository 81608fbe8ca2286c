package dev.orbital.controller.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.testing.kafka.KafkaTestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One packaged replica while its Kafka broker is stopped and started again: writes are answered 503
 * with {@code Retry-After} within {@code append-timeout} (those beyond {@code max-waiting-writes}
 * at once), reads from memory stay fast throughout, readiness and {@code databaseReady} go down and
 * up with Kafka, and afterwards the store holds exactly what was acknowledged.
 */
class KafkaOutageIT {

  private static final Duration APPEND_TIMEOUT = Duration.ofSeconds(2);
  private static final int MAX_WAITING = 64;
  private static final int WRITES = 300;

  /** The bound the issue sets on reads, whatever Kafka does (here on 95 % of them). */
  private static final Duration READ_BOUND = Duration.ofMillis(100);

  private static KafkaTestBroker broker;
  private static Replica replica;

  @BeforeAll
  static void start() throws Exception {
    broker = KafkaTestBroker.start();
    Path data = Files.createTempDirectory(Path.of("target"), "outage-it-");
    replica =
        Replica.start(
            "outage",
            broker.bootstrapServers(),
            Identity.generate(new SecureRandom()).toSecretString(),
            data,
            Map.of(
                "orbital.controller.append-timeout",
                APPEND_TIMEOUT.toMillis() + "ms",
                "orbital.controller.max-waiting-writes",
                MAX_WAITING,
                "orbital.controller.health-interval",
                "500ms",
                "orbital.controller.retry-after",
                "3s"));
    replica.awaitReady();
  }

  @AfterAll
  static void stop() {
    if (replica != null) {
      replica.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void shouldAnswerWritesFastReadsFasterAndReadinessTruthfullyWhileKafkaIsDown() throws Exception {
    awaitReadiness(true);
    Replica.Answer created = replica.post("/controller/network", "{\"name\":\"outage\"}");
    assertThat(created.status()).as("%s", created.body()).isEqualTo(200);
    String nwid = created.body().get("id").asText();
    Set<String> acknowledged = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      String address = member(i);
      assertThat(replica.post(memberPath(nwid, address), "{\"authorized\":true}").status())
          .isEqualTo(200);
      acknowledged.add(address);
    }

    Reader reader = new Reader(replica.anotherClient(), nwid);
    ExecutorService readerThread = Executors.newSingleThreadExecutor();
    Future<?> reading = readerThread.submit(reader);
    try {
      reader.mark("broker stopping");
      broker.stop();
      reader.mark("broker stopped; 300 writes");

      // 300 concurrent writes against the stopped broker.
      List<Replica.Answer> answers = writeConcurrently(nwid, 1000, WRITES);
      assertThat(answers)
          .allSatisfy(
              a -> {
                assertThat(a.status()).as("%s", a.body()).isEqualTo(503);
                assertThat(a.retryAfter()).isEqualTo("3");
                assertThat(a.body().get("applied").asText()).isIn("no", "maybe");
                assertThat(a.took())
                    .as("503 within append-timeout (%s) and slack", APPEND_TIMEOUT)
                    .isLessThan(APPEND_TIMEOUT.plusSeconds(2));
              });
      long atOnce =
          answers.stream()
              .filter(a -> a.body().get("error").asText().contains("writes wait already"))
              .count();
      System.out.printf(
          "kafka down: %d writes answered 503, slowest %d ms (append-timeout %d ms), %d at once "
              + "beyond max-waiting-writes %d%n",
          answers.size(), slowest(answers), APPEND_TIMEOUT.toMillis(), atOnce, MAX_WAITING);

      long down = System.nanoTime();
      awaitReadiness(false);
      System.out.printf(
          "kafka down: readiness DOWN %d ms after the last 503%n",
          Duration.ofNanos(System.nanoTime() - down).toMillis());
      assertThat(replica.get("/controller").body().get("databaseReady").asBoolean()).isFalse();
      Replica.Answer health = replica.getPublic("/q/health/ready");
      assertThat(health.took()).isLessThan(Duration.ofSeconds(1));

      reader.mark("readiness down; 300 more writes");
      // Known down: refused at once, and certainly not applied.
      List<Replica.Answer> refused = writeConcurrently(nwid, 2000, WRITES);
      assertThat(refused)
          .allSatisfy(
              a -> {
                assertThat(a.status()).isEqualTo(503);
                assertThat(a.retryAfter()).isEqualTo("3");
                assertThat(a.body().get("applied").asText()).isEqualTo("no");
              });
      System.out.printf(
          "kafka known down: %d writes answered 503 \"not applied\", slowest %d ms%n",
          refused.size(), slowest(refused));

      reader.mark("broker restarting");
      broker.restart();
      reader.mark("broker restarted");
      long up = System.nanoTime();
      awaitReadiness(true);
      System.out.printf(
          "kafka back: readiness UP %d ms after the broker started%n",
          Duration.ofNanos(System.nanoTime() - up).toMillis());
      assertThat(replica.get("/controller").body().get("databaseReady").asBoolean()).isTrue();
    } finally {
      reader.stop.set(true);
      reading.get(30, TimeUnit.SECONDS);
      readerThread.shutdown();
    }

    List<Long> latencies = reader.sortedMicros();
    long p50 = percentile(latencies, 50);
    long p99 = percentile(latencies, 99);
    long max = latencies.get(latencies.size() - 1);
    System.out.printf(
        "reads while kafka went down and up: %d, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, "
            + "max %.1f ms, %d failed%n",
        latencies.size(),
        p50 / 1000.0,
        percentile(latencies, 95) / 1000.0,
        p99 / 1000.0,
        max / 1000.0,
        reader.failures.size());
    reader.printSlowest(5);
    assertThat(reader.failures).isEmpty();
    assertThat(latencies.size()).isGreaterThan(100);
    // The 100 ms for nearly every read; and no read at all waited behind a write (one
    // that had would have taken append-timeout).
    assertThat(Duration.ofNanos(percentile(latencies, 95) * 1000)).isLessThan(READ_BOUND);
    assertThat(Duration.ofNanos(max * 1000)).isLessThan(APPEND_TIMEOUT.dividedBy(2));

    // A write after the restart is applied after every command before it in its partition: then
    // the store holds exactly what was acknowledged.
    Replica.Answer after = replica.post(memberPath(nwid, member(5000)), "{\"authorized\":true}");
    assertThat(after.status()).as("%s", after.body()).isEqualTo(200);
    acknowledged.add(member(5000));
    Replica.Answer listing = replica.get("/controller/network/" + nwid + "/member");
    Set<String> stored = new HashSet<>();
    listing.body().fieldNames().forEachRemaining(stored::add);
    assertThat(stored).isEqualTo(acknowledged);
  }

  private static void awaitReadiness(boolean up) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              Replica.Answer ready = replica.getPublic("/q/health/ready");
              Replica.Answer status = replica.get("/controller");
              return ready.status() == (up ? 200 : 503)
                  && status.body().get("databaseReady").asBoolean() == up;
            });
  }

  private static List<Replica.Answer> writeConcurrently(String nwid, int first, int count)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(count);
    try {
      List<Future<Replica.Answer>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String path = memberPath(nwid, member(first + i));
        futures.add(pool.submit(() -> replica.post(path, "{\"authorized\":true}")));
      }
      List<Replica.Answer> answers = new ArrayList<>();
      for (Future<Replica.Answer> f : futures) {
        answers.add(f.get(60, TimeUnit.SECONDS));
      }
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }

  private static long slowest(List<Replica.Answer> answers) {
    return answers.stream().mapToLong(a -> a.took().toMillis()).max().orElse(0);
  }

  private static long percentile(List<Long> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
  }

  private static String member(int i) {
    return new Address(0x2000000000L + i).toString();
  }

  private static String memberPath(String nwid, String address) {
    return "/controller/network/" + nwid + "/member/" + address;
  }

  /** Reads the status, the network list, one network and its members in a loop, timing each. */
  private static final class Reader implements Runnable {
    final AtomicBoolean stop = new AtomicBoolean();
    final List<Long> micros = Collections.synchronizedList(new ArrayList<>());
    final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final List<Replica.Answer> answers = Collections.synchronizedList(new ArrayList<>());
    private final List<Object[]> marks = Collections.synchronizedList(new ArrayList<>());
    private final Replica client;
    private final List<String> paths;

    Reader(Replica client, String nwid) {
      this.client = client;
      paths =
          List.of(
              "/controller",
              "/controller/network",
              "/controller/network/" + nwid,
              "/controller/network/" + nwid + "/member",
              "/unstable/controller/network/" + nwid + "/member");
    }

    @Override
    public void run() {
      int i = 0;
      while (!stop.get()) {
        String path = paths.get(i++ % paths.size());
        try {
          Replica.Answer a = client.get(path);
          answers.add(a);
          if (a.status() != 200) {
            failures.add(path + " answered " + a.status() + " " + a.body());
          }
          micros.add(a.took().toNanos() / 1000);
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    void mark(String what) {
      marks.add(new Object[] {System.nanoTime(), what});
    }

    /** The slowest reads, each with the last step of the test before it. */
    void printSlowest(int n) {
      List<Replica.Answer> slowest = new ArrayList<>(answers);
      slowest.sort((x, y) -> Long.compare(y.took().toNanos(), x.took().toNanos()));
      for (Replica.Answer a : slowest.subList(0, Math.min(n, slowest.size()))) {
        String after = "start";
        long since = 0;
        for (Object[] m : marks) {
          if ((long) m[0] <= a.sent()) {
            after = (String) m[1];
            since = a.sent() - (long) m[0];
          }
        }
        System.out.printf(
            "  slow read: %.1f ms, sent %d ms after \"%s\"%n",
            a.took().toNanos() / 1e6, since / 1_000_000, after);
      }
    }

    List<Long> sortedMicros() {
      List<Long> sorted = new ArrayList<>(micros);
      Collections.sort(sorted);
      return sorted;
    }
  }
}
