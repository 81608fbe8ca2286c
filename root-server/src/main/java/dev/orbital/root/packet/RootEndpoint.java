package dev.orbital.root.packet;

import dev.orbital.protocol.identity.Identity;
import dev.orbital.root.config.RootConfig;
import dev.orbital.root.multicast.MulticastDirectory;
import dev.orbital.root.peer.PeerDirectory;
import dev.orbital.root.peer.ValidationRateLimiter;
import dev.orbital.root.world.RootWorlds;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Owns the root's UDP socket (Vert.x): hands each datagram to the {@link RootPacketService} on the
 * socket's event loop and writes what it sends. Identity validation, the one slow step, runs on a
 * worker and comes back to the event loop; housekeeping runs on the event loop too, so the service
 * sees one thread.
 */
@ApplicationScoped
public class RootEndpoint {

  static final long HOUSEKEEPING_MILLIS = 5_000;
  static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

  private final Vertx vertx;
  private final RootConfig config;
  private final Identity identity;
  private final RootWorlds worlds;
  private final PeerDirectory peers;
  private final RootMetrics metrics;
  private final MeterRegistry registry;
  private volatile DatagramSocket socket;
  private volatile int boundPort = -1;
  private Context context;
  private RootPacketService service;
  private long timer = -1;

  public RootEndpoint(
      Vertx vertx,
      RootConfig config,
      Identity identity,
      RootWorlds worlds,
      PeerDirectory peers,
      RootMetrics metrics,
      MeterRegistry registry) {
    this.vertx = vertx;
    this.config = config;
    this.identity = identity;
    this.worlds = worlds;
    this.peers = peers;
    this.metrics = metrics;
    this.registry = registry;
  }

  void start(@Observes StartupEvent event) throws Exception {
    context = vertx.getOrCreateContext();
    MulticastDirectory multicast =
        new MulticastDirectory(config.limits().maxMulticastSubscriptions());
    metrics.gauges(registry, peers::size, multicast::size);
    service =
        new RootPacketService(
            identity,
            worlds,
            peers,
            multicast,
            new ValidationRateLimiter(config.limits().identityValidationInterval().toMillis()),
            config.limits().maxPendingValidations(),
            metrics,
            this::validate,
            this::send,
            System::currentTimeMillis);
    DatagramSocketOptions options =
        new DatagramSocketOptions()
            .setReceiveBufferSize(SOCKET_BUFFER_BYTES)
            .setSendBufferSize(SOCKET_BUFFER_BYTES)
            .setIpV6(config.bindAddress().contains(":"));
    io.vertx.core.Promise<DatagramSocket> bound = io.vertx.core.Promise.promise();
    context.runOnContext(
        v -> {
          DatagramSocket created = vertx.createDatagramSocket(options);
          created.handler(this::receive);
          created
              .listen(config.port(), config.bindAddress())
              .onComplete(
                  result -> {
                    if (result.succeeded()) {
                      timer = vertx.setPeriodic(HOUSEKEEPING_MILLIS, id -> service.housekeeping());
                    }
                    bound.handle(result);
                  });
        });
    socket = bound.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    boundPort = socket.localAddress().port();
    Log.infof(
        "root %s listening on udp %s:%d", identity.address(), config.bindAddress(), boundPort);
  }

  void stop(@Observes ShutdownEvent event) {
    DatagramSocket current = socket;
    if (current != null) {
      vertx.cancelTimer(timer);
      current.close();
      socket = null;
    }
  }

  /** Whether the UDP socket is bound (readiness). */
  public boolean isListening() {
    return socket != null;
  }

  public int port() {
    return boundPort;
  }

  private void receive(DatagramPacket packet) {
    byte[] data = packet.data().getBytes();
    InetSocketAddress from;
    try {
      from =
          new InetSocketAddress(
              InetAddress.getByName(packet.sender().hostAddress()), packet.sender().port());
    } catch (UnknownHostException e) {
      return;
    }
    try {
      service.receive(data, data.length, from);
    } catch (RuntimeException e) {
      // The service drops garbage itself; this is a bug, and must not take the socket down.
      metrics.drop(DropReason.MALFORMED);
      Log.debugf(e, "datagram from %s failed", from);
    }
  }

  private void send(byte[] bytes, int offset, int length, InetSocketAddress to) {
    DatagramSocket current = socket;
    if (current != null) {
      current.send(
          Buffer.buffer(Arrays.copyOfRange(bytes, offset, offset + length)),
          to.getPort(),
          to.getAddress().getHostAddress());
    }
  }

  private void validate(Identity candidate, Consumer<Boolean> onPacketThread) {
    if (!config.limits().validateIdentities()) {
      onPacketThread.accept(true);
      return;
    }
    context
        .executeBlocking(candidate::locallyValidate, false)
        .onComplete(result -> onPacketThread.accept(result.succeeded() && result.result()));
  }
}
