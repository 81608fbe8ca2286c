package dev.orbital.root.packet;

import dev.orbital.protocol.identity.Identity;
import dev.orbital.root.config.RootConfig;
import dev.orbital.root.multicast.MulticastDirectory;
import dev.orbital.root.peer.PeerDirectory;
import dev.orbital.root.peer.ValidationRateLimiter;
import dev.orbital.root.world.RootWorlds;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Owns the root's UDP socket: a Netty datagram channel on one of Vert.x's event loops (Vert.x's own
 * {@code DatagramSocket} sends by host name string, which costs a resolver round per packet). Hands
 * each datagram to the {@link RootPacketService} on that event loop, writes what it sends and
 * flushes once per read batch. Identity validation, the one slow step, runs on a Vert.x worker and
 * comes back to the event loop; housekeeping runs there too, so the service sees one thread.
 */
@ApplicationScoped
public class RootEndpoint {

  static final long HOUSEKEEPING_SECONDS = 5;

  /** How often a moon root checks whether a HELLO to its planet's roots is due. */
  static final long UPLINK_SECONDS = 1;

  static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

  /** Larger than any datagram a ZeroTier peer sends (ZT_MAX_PHYSMTU is 10324). */
  static final int RECEIVE_BUFFER_BYTES = 16 * 1024;

  private final Vertx vertx;
  private final RootConfig config;
  private final Identity identity;
  private final RootWorlds worlds;
  private final PeerDirectory peers;
  private final RootMetrics metrics;
  private final MeterRegistry registry;
  private EventLoopGroup group;
  private volatile Channel channel;
  private RootPacketService service;
  private int planetRootsAnswering;

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

  void start(@Observes StartupEvent event) throws InterruptedException {
    MulticastDirectory multicast =
        new MulticastDirectory(config.limits().maxMulticastSubscriptions());
    metrics.gauges(registry, peers::size, multicast::size);
    service =
        new RootPacketService(
            identity,
            worlds,
            peers,
            multicast,
            new ValidationRateLimiter(
                config.limits().identityValidationInterval().toMillis(),
                config.limits().identityValidationBurst()),
            config.limits().maxPendingValidations(),
            metrics,
            this::validate,
            this::send,
            System::currentTimeMillis);
    group = new NioEventLoopGroup(1, new DefaultThreadFactory("root-udp", true));
    Channel bound =
        new Bootstrap()
            .group(group)
            .channel(NioDatagramChannel.class)
            .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
            .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES)
            .option(
                ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECEIVE_BUFFER_BYTES))
            .handler(new Handler())
            .bind(config.bindAddress(), config.port())
            .sync()
            .channel();
    bound
        .eventLoop()
        .scheduleAtFixedRate(
            service::housekeeping, HOUSEKEEPING_SECONDS, HOUSEKEEPING_SECONDS, TimeUnit.SECONDS);
    channel = bound;
    worlds
        .planet()
        .ifPresent(
            planet -> {
              Log.infof("moon root: registering with the roots of %s", planet);
              bound
                  .eventLoop()
                  .scheduleAtFixedRate(this::keepUplink, 0, UPLINK_SECONDS, TimeUnit.SECONDS);
            });
    Log.infof("root %s listening on udp %s", identity.address(), bound.localAddress());
  }

  void stop(@Observes ShutdownEvent event) {
    Channel current = channel;
    if (current != null) {
      channel = null;
      current.close().syncUninterruptibly();
    }
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  /** Whether the UDP socket is bound (readiness). */
  public boolean isListening() {
    Channel current = channel;
    return current != null && current.isActive();
  }

  public int port() {
    Channel current = channel;
    return current == null ? -1 : ((InetSocketAddress) current.localAddress()).getPort();
  }

  private final class Handler extends SimpleChannelInboundHandler<DatagramPacket> {

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      ByteBuf content = packet.content();
      int length = content.readableBytes();
      byte[] data = new byte[length];
      content.getBytes(content.readerIndex(), data);
      try {
        service.receive(data, length, packet.sender());
      } catch (RuntimeException e) {
        // The service drops garbage itself; this is a bug, and must not take the socket down.
        metrics.drop(DropReason.MALFORMED);
        Log.tracef(e, "datagram from %s failed", packet.sender());
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // ICMP errors and the like surface here; a UDP socket carries on.
      Log.tracef(cause, "udp socket error");
    }
  }

  /** On the event loop: HELLOs the planet's roots when due, logs when their answers change. */
  private void keepUplink() {
    service.keepUplink();
    Channel current = channel;
    if (current != null) {
      current.flush();
    }
    int answering = service.planetRootsAnswering();
    if (answering != planetRootsAnswering) {
      Log.infof("moon root: %d of the planet's roots answer", answering);
      planetRootsAnswering = answering;
    }
  }

  /** Called on the event loop; flushed at the end of the read batch (or by the caller). */
  private void send(byte[] bytes, int offset, int length, InetSocketAddress to) {
    Channel current = channel;
    if (current == null) {
      return;
    }
    if (!current.isWritable()) {
      metrics.drop(DropReason.SEND_QUEUE_FULL);
      return;
    }
    current.write(
        new DatagramPacket(Unpooled.copiedBuffer(bytes, offset, length), to),
        current.voidPromise());
  }

  private void validate(Identity candidate, Consumer<Boolean> onPacketThread) {
    Channel current = channel;
    if (!config.limits().validateIdentities()) {
      onPacketThread.accept(true);
      return;
    }
    vertx
        .executeBlocking(candidate::locallyValidate, false)
        .onComplete(
            result ->
                current
                    .eventLoop()
                    .execute(
                        () -> {
                          onPacketThread.accept(result.succeeded() && result.result());
                          current.flush();
                        }));
  }
}
