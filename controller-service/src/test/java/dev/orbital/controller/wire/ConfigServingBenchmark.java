package dev.orbital.controller.wire;

import dev.orbital.controller.Corpus;
import dev.orbital.controller.ipam.IpAssignmentService;
import dev.orbital.controller.netconf.ConfigRequestService;
import dev.orbital.controller.netconf.NetworkConfigService;
import dev.orbital.controller.netconf.RevocationService;
import dev.orbital.controller.network.AuthorizationService;
import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.Network;
import dev.orbital.controller.network.NetworkService;
import dev.orbital.controller.store.StoreView;
import dev.orbital.controller.store.TestViews;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.crypto.C25519;
import dev.orbital.protocol.dictionary.Dictionary;
import dev.orbital.protocol.dictionary.DictionaryCodec;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.verb.Message;
import dev.orbital.protocol.verb.NetworkConfigRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Config requests served per second with 10,000 members in one network, end to end in process:
 * members' sealed NETWORK_CONFIG_REQUEST packets go into the packet service on one loop thread, are
 * built and signed by the config workers, and come back sealed (and fragmented) to the sender. Only
 * the socket is left out. Reference, same run: bare C25519 signatures per second on one thread (a
 * served config costs three: COM, COO, chunk). Run with {@code -Pbenchmark}.
 *
 * <p>The config server's clock ticks 1 ms per request fed, whatever the real pace: a member's
 * requests stay ~10 s apart, as polling members' are, so the 1 s per-member rate limit never bites,
 * however fast the machine.
 */
@Tag("benchmark")
class ConfigServingBenchmark {

  private static final int MEMBERS = 10_000;
  private static final int WORKERS = 2;
  private static final int WARMUP_REQUESTS = 10_000;
  private static final int REQUESTS = 40_000;
  private static final int IN_FLIGHT = 512;
  private static final InetSocketAddress PATH = new InetSocketAddress("127.0.0.1", 9993);

  @Test
  void configRequestsServedPerSecond() throws Exception {
    Identity controller = Corpus.identity("A");
    long now = System.currentTimeMillis();
    SecureRandom random = new SecureRandom();
    NetworkService networks = new NetworkService();
    StoreView view = new StoreView();
    Network network =
        networks.create(
            Corpus.NETWORK_ID,
            Map.of(
                "name", "bench",
                "v4AssignMode", Map.of("zt", true),
                "ipAssignmentPools",
                    List.of(Map.of("ipRangeStart", "10.0.0.1", "ipRangeEnd", "10.0.255.254")),
                "routes", List.of(Map.of("target", "10.0.0.0/16"))),
            now);
    TestViews.put(view, network);

    List<TestPeer> members = new ArrayList<>();
    for (int i = 0; i < MEMBERS; i++) {
      Identity identity = syntheticIdentity(random, i);
      Member member =
          networks.updateMember(
              Corpus.NETWORK_ID,
              identity.address(),
              null,
              Map.of(
                  "authorized",
                  true,
                  "ipAssignments",
                  List.of("10.0." + (i / 250) + "." + (i % 250 + 1))),
              now,
              Set.of());
      TestViews.put(view, member);
      TestPeer peer = new TestPeer(identity);
      peer.know(controller);
      members.add(peer);
    }

    ExecutorService loop = Executors.newSingleThreadExecutor();
    ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
    AtomicLong datagramsOut = new AtomicLong();
    AtomicLong fed = new AtomicLong();
    WireMetrics metrics = new WireMetrics(new SimpleMeterRegistry());
    ControllerPacketService[] service = new ControllerPacketService[1];
    ConfigServer server =
        new ConfigServer(
            view,
            new ConfigRequestService(
                new AuthorizationService(),
                new NetworkConfigService(controller, new IpAssignmentService(random)),
                random),
            new RevocationService(controller, random),
            metrics,
            new ConfigServer.Outbox() {
              @Override
              public void reply(Address member, InetSocketAddress path, List<? extends Message> m) {
                loop.execute(() -> service[0].reply(member, path, m));
              }

              @Override
              public void push(Address member, List<? extends Message> m) {
                loop.execute(() -> service[0].push(member, m));
              }
            },
            m -> {},
            () -> now + fed.get());
    service[0] =
        new ControllerPacketService(
            controller,
            List.of(),
            0,
            0,
            metrics,
            (identity, callback) -> callback.accept(true),
            (member, id, request, path) ->
                workers.execute(() -> server.answer(member, id, request, path)),
            (bytes, offset, length, to) -> datagramsOut.incrementAndGet(),
            System::currentTimeMillis);

    List<byte[]> hellos = new ArrayList<>();
    List<byte[]> requests = new ArrayList<>();
    byte[] metadata =
        DictionaryCodec.encode(
            new Dictionary().putU64("v", 7).putU64("revr", 1).putU64("majv", 1).putU64("minv", 14));
    for (TestPeer peer : members) {
      hellos.add(peer.hello(controller, PATH, now).get(0));
      requests.add(
          peer.seal(controller, new NetworkConfigRequest(Corpus.NETWORK_ID, metadata, 0, 0))
              .get(0));
    }
    for (byte[] hello : hellos) {
      loop.execute(() -> service[0].receive(hello.clone(), hello.length, PATH));
    }

    run(loop, service[0], metrics, requests, WARMUP_REQUESTS, fed);
    long started = System.nanoTime();
    run(loop, service[0], metrics, requests, REQUESTS, fed);
    double seconds = (System.nanoTime() - started) / 1e9;
    double served = REQUESTS / seconds;

    double signatures = signaturesPerSecond(controller);
    loop.shutdownNow();
    workers.shutdownNow();
    loop.awaitTermination(5, TimeUnit.SECONDS);
    workers.awaitTermination(5, TimeUnit.SECONDS);

    System.out.printf(
        "%nconfig serving, %d members in one network, %d workers, %d cores:%n"
            + "  served            %,10.0f configs/s (%d requests in %.2f s, %d datagrams out)%n"
            + "  reference         %,10.0f C25519 signatures/s on one thread%n"
            + "  ratio             %10.3f configs per signature-time (3 signatures per config)%n",
        MEMBERS,
        WORKERS,
        Runtime.getRuntime().availableProcessors(),
        served,
        REQUESTS,
        seconds,
        datagramsOut.get(),
        signatures,
        served / signatures);
  }

  /** Feeds {@code count} requests round-robin, at most {@link #IN_FLIGHT} unanswered. */
  private static void run(
      ExecutorService loop,
      ControllerPacketService service,
      WireMetrics metrics,
      List<byte[]> requests,
      int count,
      AtomicLong fed)
      throws InterruptedException {
    long base = (long) metrics.servedCount();
    for (int i = 0; i < count; i++) {
      while (i - ((long) metrics.servedCount() - base) >= IN_FLIGHT) {
        Thread.onSpinWait();
      }
      byte[] request = requests.get(i % requests.size());
      fed.incrementAndGet();
      loop.execute(() -> service.receive(request.clone(), request.length, PATH));
    }
    while ((long) metrics.servedCount() - base < count) {
      Thread.sleep(1);
    }
  }

  private static double signaturesPerSecond(Identity signer) {
    byte[] message = new byte[200];
    for (int i = 0; i < 500; i++) {
      signer.sign(message);
    }
    int n = 3_000;
    long started = System.nanoTime();
    for (int i = 0; i < n; i++) {
      message[0] = (byte) i;
      signer.sign(message);
    }
    return n / ((System.nanoTime() - started) / 1e9);
  }

  /** A key pair with an arbitrary address: no memory-hard derivation (validation is off). */
  private static Identity syntheticIdentity(SecureRandom random, int i) {
    byte[] secret = new byte[C25519.PRIVATE_KEY_LENGTH];
    random.nextBytes(secret);
    return Identity.of(new Address(0x0100000000L + i), C25519.publicFromPrivate(secret), secret);
  }
}
