package dev.orbital.relay.bench;

import dev.orbital.node.relay.RelayClient;
import dev.orbital.node.relay.RelayClientOptions;
import dev.orbital.relay.server.RelayEndpoint;
import dev.orbital.relay.server.RelayWebSocketEndpoint;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Throughput benchmark, outside the default test run ({@code ./mvnw -pl relay-service -am verify
 * -Pbenchmark}): 1400-byte datagrams echoed by a UDP peer on loopback, {@link #WINDOW} in flight,
 * for {@link #SECONDS} s each — directly between two UDP sockets (the reference), then from the
 * node's {@link RelayClient} through this relay over TCP, then over WebSocket/TLS. Prints datagrams
 * and megabits per second and the ratio to direct UDP; writes them to {@code target/benchmark.txt}.
 * No assertion on the numbers.
 */
@QuarkusTest
@TestProfile(BenchmarkProfile.class)
@Tag("benchmark")
class RelayThroughputBenchmark {

  static final int SIZE = 1400;
  static final int WINDOW = Integer.getInteger("bench.window", 64);
  static final int SECONDS = Integer.getInteger("bench.seconds", 5);
  private static final long LOSS_WAIT_MILLIS = 200;

  @Inject RelayEndpoint tcp;
  @Inject RelayWebSocketEndpoint wss;

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
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!client.isConnected() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      InetSocketAddress to = peer.address();
      return run(name, datagram -> client.send(to, datagram, 0, datagram.length), window, echoed);
    }
  }

  @Test
  void measureRelayAgainstDirectUdp() throws Exception {
    Result warmDirect = direct();
    Result warmTcp =
        relayed("warm-up", RelayClientOptions.of(URI.create("tcp://127.0.0.1:" + tcp.port())));
    Result direct = direct();
    Result viaTcp =
        relayed(
            "relay over TCP", RelayClientOptions.of(URI.create("tcp://127.0.0.1:" + tcp.port())));
    Result viaWss =
        relayed(
            "relay over WebSocket/TLS",
            RelayClientOptions.of(URI.create("wss://127.0.0.1:" + wss.port() + "/relay"))
                .withPinnedSha256(wss.generatedCertificateFingerprint()));

    StringBuilder report = new StringBuilder();
    report.append(
        String.format(
            Locale.ROOT,
            "relay throughput, %d-byte datagrams echoed on loopback, %d in flight, %d s each"
                + " (warm-up: %.0f and %.0f/s)%n",
            SIZE,
            WINDOW,
            SECONDS,
            warmDirect.perSecond(),
            warmTcp.perSecond()));
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
