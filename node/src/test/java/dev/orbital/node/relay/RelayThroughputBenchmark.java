package dev.orbital.node.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbital.testing.process.ServiceProcess;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Throughput benchmark, outside the default test run ({@code ./mvnw -pl node -am verify
 * -Pbenchmark}): 1400-byte datagrams echoed by a UDP peer on loopback, {@link #WINDOW} in flight,
 * for {@link #SECONDS} s each after a warm-up pass of each — directly between two UDP sockets (the
 * reference), then from this module's {@link RelayClient} through the packaged relay-service (a
 * separate process, {@code open} policy, flood limit raised out of the way) over TCP, then over
 * WebSocket/TLS pinned to the fingerprint the relay logged. Prints datagrams and megabits per
 * second and the ratio to direct UDP; writes them to {@code target/benchmark.txt}. No assertion on
 * the numbers.
 */
@Tag("benchmark")
class RelayThroughputBenchmark {

  static final int SIZE = 1400;
  static final int WINDOW = Integer.getInteger("bench.window", 64);
  static final int SECONDS = Integer.getInteger("bench.seconds", 5);
  private static final long LOSS_WAIT_MILLIS = 200;
  private static final Duration START = Duration.ofSeconds(90);
  private static final Duration CONNECT = Duration.ofSeconds(10);
  private static final Pattern FINGERPRINT =
      Pattern.compile("SHA-256 ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})");

  private static ServiceProcess relay;
  private static int tcpPort;
  private static int wssPort;
  private static String fingerprint;

  @BeforeAll
  static void startRelay() throws Exception {
    tcpPort = freeTcpPort();
    wssPort = freeTcpPort();
    int httpPort = freeTcpPort();
    relay =
        ServiceProcess.quarkusApp("relay-service")
            .property("quarkus.http.port", httpPort)
            .property("quarkus.http.host", "127.0.0.1")
            .property("orbital.relay.port", tcpPort)
            .property("orbital.relay.bind-address", "127.0.0.1")
            .property("orbital.relay.websocket.port", wssPort)
            .property("orbital.relay.websocket.bind-address", "127.0.0.1")
            .property("orbital.relay.policy", "open")
            // No flood limit: the benchmark sends as fast as the window allows.
            .property("orbital.relay.max-packets-per-second", 100_000_000)
            .start();
    relay.awaitHttpOk(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"), START);
    Matcher logged = FINGERPRINT.matcher(Files.readString(relay.log(), StandardCharsets.UTF_8));
    assertThat(logged.find()).as("the relay logs its certificate's fingerprint").isTrue();
    fingerprint = logged.group(1);
  }

  @AfterAll
  static void stopRelay() {
    if (relay != null) {
      relay.close();
    }
  }

  /** Echoes every datagram back to its sender. */
  private static final class EchoPeer implements AutoCloseable {
    final DatagramSocket socket;
    final Thread thread;

    EchoPeer() throws SocketException {
      socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
      socket.setReceiveBufferSize(4 << 20);
      thread = new Thread(this::run, "bench-echo");
      thread.setDaemon(true);
      thread.start();
    }

    InetSocketAddress address() {
      return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void run() {
      byte[] buffer = new byte[2048];
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        while (true) {
          packet.setLength(buffer.length);
          socket.receive(packet);
          socket.send(packet);
        }
      } catch (IOException closed) {
        // Benchmark over.
      }
    }

    @Override
    public void close() {
      socket.close();
    }
  }

  /** Windowed sending: a permit per datagram in flight, returned by its echo or a loss timeout. */
  private interface Sender {
    void send(byte[] datagram) throws IOException;
  }

  private record Result(String name, long echoed, long lost, double seconds) {
    double perSecond() {
      return echoed / seconds;
    }

    double megabits() {
      return perSecond() * SIZE * 8 / 1e6;
    }
  }

  private static Result run(String name, Sender sender, Semaphore window, AtomicLong echoed)
      throws Exception {
    byte[] datagram = new byte[SIZE];
    long lost = 0;
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(SECONDS);
    long startEchoed = echoed.get();
    while (System.nanoTime() < end) {
      if (!window.tryAcquire(LOSS_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
        lost++;
      }
      sender.send(datagram);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(name, echoed.get() - startEchoed, lost, seconds);
  }

  private Result direct() throws Exception {
    Semaphore window = new Semaphore(WINDOW);
    AtomicLong echoed = new AtomicLong();
    try (EchoPeer peer = new EchoPeer();
        DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      client.setReceiveBufferSize(4 << 20);
      Thread receiver =
          new Thread(
              () -> {
                byte[] buffer = new byte[2048];
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                  while (true) {
                    packet.setLength(buffer.length);
                    client.receive(packet);
                    echoed.incrementAndGet();
                    window.release();
                  }
                } catch (IOException closed) {
                  // Benchmark over.
                }
              },
              "bench-direct-receiver");
      receiver.setDaemon(true);
      receiver.start();
      DatagramPacket out = new DatagramPacket(new byte[SIZE], SIZE, peer.address());
      return run(
          "direct UDP",
          datagram -> {
            out.setData(datagram);
            client.send(out);
          },
          window,
          echoed);
    }
  }

  private Result relayed(String name, RelayClientOptions options) throws Exception {
    Semaphore window = new Semaphore(WINDOW);
    AtomicLong echoed = new AtomicLong();
    try (EchoPeer peer = new EchoPeer();
        RelayClient client =
            RelayClient.start(
                options,
                (from, datagram) -> {
                  echoed.incrementAndGet();
                  window.release();
                })) {
      await().atMost(CONNECT).pollInterval(Duration.ofMillis(10)).until(client::isConnected);
      InetSocketAddress to = peer.address();
      return run(name, datagram -> client.send(to, datagram, 0, datagram.length), window, echoed);
    }
  }

  private static RelayClientOptions tcpOptions() {
    return RelayClientOptions.of(URI.create("tcp://127.0.0.1:" + tcpPort));
  }

  private static RelayClientOptions webSocketOptions() {
    return RelayClientOptions.of(URI.create("wss://127.0.0.1:" + wssPort + "/relay"))
        .withPinnedSha256(fingerprint);
  }

  private static int freeTcpPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void measureRelayAgainstDirectUdp() throws Exception {
    Result warmDirect = direct();
    Result warmTcp = relayed("warm-up", tcpOptions());
    Result warmWss = relayed("warm-up", webSocketOptions());
    Result direct = direct();
    Result viaTcp = relayed("relay over TCP", tcpOptions());
    Result viaWss = relayed("relay over WebSocket/TLS", webSocketOptions());

    StringBuilder report = new StringBuilder();
    report.append(
        String.format(
            Locale.ROOT,
            "relay throughput, %d-byte datagrams echoed on loopback, %d in flight, %d s each,"
                + " relay in its own JVM"
                + " (warm-up: %.0f, %.0f and %.0f/s)%n",
            SIZE,
            WINDOW,
            SECONDS,
            warmDirect.perSecond(),
            warmTcp.perSecond(),
            warmWss.perSecond()));
    for (Result r : new Result[] {direct, viaTcp, viaWss}) {
      report.append(
          String.format(
              Locale.ROOT,
              "  %-26s %9.0f datagrams/s %8.1f Mbit/s  lost %d  ratio to direct %.2f%n",
              r.name(),
              r.perSecond(),
              r.megabits(),
              r.lost(),
              r.perSecond() / direct.perSecond()));
    }
    System.out.print(report);
    Files.writeString(Path.of("target/benchmark.txt"), report, StandardCharsets.UTF_8);
  }
}
