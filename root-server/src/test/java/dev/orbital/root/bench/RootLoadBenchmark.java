package dev.orbital.root.bench;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.crypto.C25519;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.packet.Armor;
import dev.orbital.protocol.packet.CipherSuite;
import dev.orbital.protocol.packet.PacketHeader;
import dev.orbital.protocol.verb.Hello;
import dev.orbital.protocol.verb.VerbCodec;
import dev.orbital.root.peer.PeerDirectory;
import dev.orbital.root.world.RootWorlds;
import dev.orbital.testing.kafka.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Load benchmark, outside the default test run ({@code ./mvnw -pl root-server -am verify
 * -Pbenchmark}): simulated nodes from 256 loopback /24s HELLO the root until it holds {@link
 * #PEERS} peers (HELLOs per second, heap per 10,000 peers), then one pair exchanges packets through
 * it (relayed packets per second), beside a plain Java UDP forwarder as the reference in the same
 * run. Prints the figures and writes them to {@code target/benchmark.txt}.
 *
 * <p>The simulated nodes share one key pair under different addresses, so the client side costs
 * almost nothing; the root still agrees a key and keeps the full state for each of them.
 */
@QuarkusTest
@TestProfile(BenchmarkProfile.class)
@WithTestResource(KafkaTestResource.class)
@Tag("benchmark")
class RootLoadBenchmark {

  static final int PEERS = Integer.getInteger("bench.peers", 100_000);
  static final int SOCKETS = 256;
  static final int WINDOW = 2_000;
  static final long RELAY_NANOS = 5_000_000_000L;
  static final int RELAY_PAYLOAD = 100;

  private static final InetSocketAddress ROOT = new InetSocketAddress("127.0.0.1", 39993);

  @Inject Identity rootIdentity;
  @Inject RootWorlds worlds;
  @Inject PeerDirectory peers;

  @Test
  void measure() throws Exception {
    SecureRandom random = new SecureRandom();
    byte[] privateKey = new byte[C25519.PRIVATE_KEY_LENGTH];
    random.nextBytes(privateKey);
    byte[] publicKey = C25519.publicFromPrivate(privateKey);
    Identity shared = Identity.of(new Address(1), publicKey, privateKey);
    Armor armor = new Armor(shared.agree(rootIdentity).orElseThrow());

    DatagramChannel[] channels = new DatagramChannel[SOCKETS];
    for (int i = 0; i < SOCKETS; i++) {
      channels[i] = DatagramChannel.open();
      channels[i].bind(new InetSocketAddress(InetAddress.getByName("127.1." + i + ".1"), 0));
      channels[i].configureBlocking(false);
    }
    long[] addresses = uniqueAddresses(random, PEERS + 2);
    byte[][] hellos = new byte[PEERS][];
    for (int i = 0; i < PEERS; i++) {
      hellos[i] = hello(Identity.of(new Address(addresses[i]), publicKey, privateKey), armor);
    }
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long heapBefore = usedHeapAfterGc(memory);
    int peersBefore = peers.size();

    // HELLO phase: windows of WINDOW HELLOs, each waiting until the root holds most of them; then
    // a second pass for any a full socket buffer dropped, as real nodes retry every few seconds.
    AtomicLong replies = new AtomicLong();
    Thread reader = drainer(channels, replies);
    reader.start();
    long start = System.nanoTime();
    for (int sent = 0; sent < PEERS; ) {
      int end = Math.min(PEERS, sent + WINDOW);
      for (int i = sent; i < end; i++) {
        channels[i % SOCKETS].send(ByteBuffer.wrap(hellos[i]), ROOT);
      }
      sent = end;
      long deadline = System.nanoTime() + 2_000_000_000L;
      while (peers.size() - peersBefore < sent - WINDOW / 4 && System.nanoTime() < deadline) {
        LockSupport.parkNanos(100_000);
      }
    }
    for (int i = 0; i < PEERS; i++) {
      if (peers.get(addresses[i]) == null) {
        channels[i % SOCKETS].send(ByteBuffer.wrap(hellos[i]), ROOT);
        if (i % 500 == 0) {
          LockSupport.parkNanos(1_000_000);
        }
      }
    }
    long waitUntil = System.nanoTime() + 5_000_000_000L;
    while (peers.size() - peersBefore < PEERS && System.nanoTime() < waitUntil) {
      LockSupport.parkNanos(1_000_000);
    }
    double helloSeconds = (System.nanoTime() - start) / 1e9;
    int held = peers.size() - peersBefore;
    reader.interrupt();
    reader.join();
    // Let the presence events drain to Kafka before weighing the heap.
    LockSupport.parkNanos(3_000_000_000L);
    long heapAfter = usedHeapAfterGc(memory);

    // Relay phase: node A sends to node B through the root; then the same through a plain
    // forwarder.
    Identity a = Identity.of(new Address(addresses[PEERS]), publicKey, privateKey);
    Identity b = Identity.of(new Address(addresses[PEERS + 1]), publicKey, privateKey);
    double rootRate;
    double referenceRate;
    try (DatagramChannel sa = open("127.2.0.1");
        DatagramChannel sb = open("127.2.1.1")) {
      sa.send(ByteBuffer.wrap(hello(a, armor)), ROOT);
      sb.send(ByteBuffer.wrap(hello(b, armor)), ROOT);
      waitUntil = System.nanoTime() + 5_000_000_000L;
      while ((peers.get(a.address().value()) == null || peers.get(b.address().value()) == null)
          && System.nanoTime() < waitUntil) {
        LockSupport.parkNanos(1_000_000);
      }
      rootRate = relay(sa, sb, ROOT, a.address().value(), b.address().value());
      try (Forwarder forwarder = new Forwarder((InetSocketAddress) sb.getLocalAddress())) {
        referenceRate =
            relay(sa, sb, forwarder.address(), a.address().value(), b.address().value());
      }
    }
    for (DatagramChannel channel : channels) {
      channel.close();
    }

    double heapMiB = (heapAfter - heapBefore) / (1024.0 * 1024.0);
    String report =
        String.format(
            Locale.ROOT,
            "root load benchmark (%d cores, max heap %d MiB)%n"
                + "  peers held            %d of %d%n"
                + "  HELLOs per second     %.0f (%.1f s for all)%n"
                + "  heap for the peers    %.1f MiB, %.1f MiB per 10,000 peers%n"
                + "  relayed packets/s     %.0f (%d-byte packets)%n"
                + "  reference forwarder   %.0f packets/s (plain Java UDP, same run)%n"
                + "  root / reference      %.2f%n",
            Runtime.getRuntime().availableProcessors(),
            Runtime.getRuntime().maxMemory() / (1024 * 1024),
            held,
            PEERS,
            held / helloSeconds,
            helloSeconds,
            heapMiB,
            heapMiB / Math.max(1, held / 10_000.0),
            rootRate,
            PacketHeader.PAYLOAD + RELAY_PAYLOAD,
            referenceRate,
            rootRate / referenceRate);
    System.out.println(report);
    Files.writeString(Path.of("target/benchmark.txt"), report);
  }

  /**
   * Sends from A to B through {@code via} for {@link #RELAY_NANOS}, flow-controlled by a window.
   */
  private static double relay(
      DatagramChannel from, DatagramChannel to, InetSocketAddress via, long source, long dest)
      throws IOException {
    byte[] packet = new byte[PacketHeader.PAYLOAD + RELAY_PAYLOAD];
    PacketHeader.setDestination(packet, dest);
    PacketHeader.setSource(packet, source);
    ByteBuffer out = ByteBuffer.wrap(packet);
    ByteBuffer in = ByteBuffer.allocate(2048);
    to.configureBlocking(false);
    while (to.receive(in) != null) {
      in.clear();
    }
    long sent = 0;
    long received = 0;
    long start = System.nanoTime();
    long end = start + RELAY_NANOS;
    while (System.nanoTime() < end) {
      if (sent - received < 256) {
        PacketHeader.setId(packet, sent);
        out.clear();
        from.send(out, via);
        sent++;
      }
      in.clear();
      while (to.receive(in) != null) {
        received++;
        in.clear();
      }
      if (sent - received >= 256) {
        // A packet lost on the way would stall the window: give up on it after a moment.
        long stall = System.nanoTime();
        while (to.receive(in) == null && System.nanoTime() - stall < 2_000_000) {
          Thread.onSpinWait();
        }
        if (in.position() > 0) {
          received++;
        } else {
          sent = received;
        }
      }
    }
    return received / ((System.nanoTime() - start) / 1e9);
  }

  private byte[] hello(Identity node, Armor armor) {
    Hello hello =
        new Hello(
            12,
            1,
            14,
            1,
            System.currentTimeMillis(),
            node,
            IpEndpoint.of(ROOT),
            worlds.world().id(),
            worlds.world().timestamp(),
            List.of());
    byte[] packet = new byte[PacketHeader.PAYLOAD + hello.encodedLength()];
    PacketHeader.setId(packet, new SecureRandom().nextLong());
    PacketHeader.setDestination(packet, rootIdentity.address().value());
    PacketHeader.setSource(packet, node.address().value());
    packet[PacketHeader.VERB] = (byte) hello.verbCode();
    VerbCodec.encode(hello, ByteBuffer.wrap(packet, PacketHeader.PAYLOAD, hello.encodedLength()));
    int crypt = PacketHeader.PAYLOAD + hello.cryptFieldOffset();
    armor.cryptHelloField(packet, crypt, packet.length - crypt);
    armor.armor(packet, packet.length, CipherSuite.POLY1305_NONE);
    return packet;
  }

  private static long[] uniqueAddresses(SecureRandom random, int count) {
    Set<Long> seen = new HashSet<>();
    long[] out = new long[count];
    for (int i = 0; i < count; ) {
      Address address = new Address(random.nextLong() & Address.MASK);
      if (!address.isReserved() && seen.add(address.value())) {
        out[i++] = address.value();
      }
    }
    return out;
  }

  private static DatagramChannel open(String ip) throws IOException {
    DatagramChannel channel = DatagramChannel.open();
    channel.bind(new InetSocketAddress(InetAddress.getByName(ip), 0));
    return channel;
  }

  /** Counts every datagram arriving on the simulated nodes' sockets until interrupted. */
  private static Thread drainer(DatagramChannel[] channels, AtomicLong count) {
    return new Thread(
        () -> {
          ByteBuffer buffer = ByteBuffer.allocate(2048);
          while (!Thread.currentThread().isInterrupted()) {
            boolean any = false;
            for (DatagramChannel channel : channels) {
              try {
                buffer.clear();
                while (channel.receive(buffer) != null) {
                  count.incrementAndGet();
                  buffer.clear();
                  any = true;
                }
              } catch (IOException e) {
                return;
              }
            }
            if (!any) {
              LockSupport.parkNanos(200_000);
            }
          }
        },
        "bench-drainer");
  }

  private static long usedHeapAfterGc(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  /** The reference: a plain Java UDP loop that forwards every datagram to one address. */
  static final class Forwarder implements AutoCloseable {
    private final DatagramChannel channel;
    private final Thread thread;

    Forwarder(InetSocketAddress target) throws IOException {
      channel = open("127.0.0.2");
      thread =
          new Thread(
              () -> {
                ByteBuffer buffer = ByteBuffer.allocate(2048);
                try {
                  while (true) {
                    buffer.clear();
                    channel.receive(buffer);
                    buffer.flip();
                    buffer.put(PacketHeader.FLAGS, (byte) (buffer.get(PacketHeader.FLAGS) + 1));
                    channel.send(buffer, target);
                  }
                } catch (IOException e) {
                  // closed: done
                }
              },
              "bench-forwarder");
      thread.start();
    }

    InetSocketAddress address() throws IOException {
      return (InetSocketAddress) channel.getLocalAddress();
    }

    @Override
    public void close() throws IOException {
      channel.close();
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
