package dev.orbital.controller.wire;

import dev.orbital.controller.ControllerConfig;
import dev.orbital.controller.ControllerIdentity;
import dev.orbital.controller.ipam.IpAssignmentService;
import dev.orbital.controller.netconf.ConfigRequestService;
import dev.orbital.controller.netconf.NetworkConfigService;
import dev.orbital.controller.netconf.RevocationService;
import dev.orbital.controller.network.AuthorizationService;
import dev.orbital.controller.network.Member;
import dev.orbital.controller.store.ConflictException;
import dev.orbital.controller.store.NetworkStore;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.verb.Message;
import dev.orbital.protocol.verb.NetworkConfigRequest;
import dev.orbital.protocol.world.World;
import dev.orbital.protocol.world.WorldCodec;
import dev.orbital.protocol.world.WorldType;
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
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Owns the controller's UDP socket: a Netty datagram channel with one event loop (the packet thread
 * of {@link ControllerPacketService}). Config requests and pushes are built and signed on a small
 * worker pool and come back to the event loop to be sealed and sent; member records go to the store
 * on a writer thread of their own, so Kafka never stalls the loop.
 */
@ApplicationScoped
public class WireEndpoint {

  private static final Logger LOG = Logger.getLogger(WireEndpoint.class);

  static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

  /** Larger than any datagram a ZeroTier peer sends (ZT_MAX_PHYSMTU is 10324). */
  static final int RECEIVE_BUFFER_BYTES = 16 * 1024;

  /** Requests waiting for a worker beyond this are dropped (the member asks again). */
  static final int MAX_QUEUED_REQUESTS = 16_384;

  static final int MAX_QUEUED_WRITES = 65_536;

  private final ControllerConfig config;
  private final ControllerIdentity identity;
  private final NetworkStore store;
  private final WireMetrics metrics;
  private EventLoopGroup group;
  private ThreadPoolExecutor workers;
  private ThreadPoolExecutor writer;
  private ScheduledExecutorService scheduler;
  private volatile Channel channel;
  private ControllerPacketService service;
  private ConfigServer server;

  public WireEndpoint(
      ControllerConfig config,
      ControllerIdentity identity,
      NetworkStore store,
      MeterRegistry registry) {
    this.config = config;
    this.identity = identity;
    this.store = store;
    this.metrics = new WireMetrics(registry);
  }

  void start(@Observes StartupEvent event) throws InterruptedException {
    ControllerConfig.Wire wire = config.wire();
    if (!wire.enabled()) {
      return;
    }
    Identity self = identity.identity();
    List<Upstream> upstreams = new ArrayList<>();
    long planetId = 0;
    long planetTimestamp = 0;
    for (String file : wire.worldFiles().orElse(List.of())) {
      World world = readWorld(Path.of(file));
      upstreams.addAll(Upstream.of(world));
      if (planetId == 0 && world.type() == WorldType.PLANET) {
        planetId = world.id();
        planetTimestamp = world.timestamp();
      }
    }
    for (String root : wire.roots().orElse(List.of())) {
      upstreams.add(Upstream.parse(root));
    }
    workers =
        new ThreadPoolExecutor(
            wire.workers(),
            wire.workers(),
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(MAX_QUEUED_REQUESTS),
            new DefaultThreadFactory("controller-config", true));
    writer =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(MAX_QUEUED_WRITES),
            new DefaultThreadFactory("controller-wire-writer", true));
    scheduler =
        new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("controller-push", true));
    SecureRandom random = new SecureRandom();
    server =
        new ConfigServer(
            store.view(),
            new ConfigRequestService(
                new AuthorizationService(),
                new NetworkConfigService(self, new IpAssignmentService(random)),
                random),
            new RevocationService(self, random),
            metrics,
            new LoopOutbox(),
            this::writeMember,
            System::currentTimeMillis);
    service =
        new ControllerPacketService(
            self,
            upstreams,
            planetId,
            planetTimestamp,
            metrics,
            this::validate,
            new ControllerPacketService.ConfigRequests() {
              @Override
              public void requested(
                  Identity member,
                  long packetId,
                  NetworkConfigRequest request,
                  InetSocketAddress path) {
                WireEndpoint.this.requested(member, packetId, request, path);
              }

              @Override
              public void acknowledged(Address member, long networkId) {
                server.acknowledged(networkId, member);
              }
            },
            this::send,
            System::currentTimeMillis);
    store
        .view()
        .addListener(new ConfigPusher(server, scheduler, workers, wire.pushDelay().toMillis()));
    group = new NioEventLoopGroup(1, new DefaultThreadFactory("controller-udp", true));
    Channel bound =
        new Bootstrap()
            .group(group)
            .channel(NioDatagramChannel.class)
            .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
            .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES)
            .option(
                ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECEIVE_BUFFER_BYTES))
            .handler(new Handler())
            .bind(wire.bindAddress(), wire.port())
            .sync()
            .channel();
    channel = bound;
    bound.eventLoop().execute(this::housekeeping);
    bound
        .eventLoop()
        .scheduleAtFixedRate(
            this::housekeeping,
            ControllerPacketService.PING_CHECK_MILLIS,
            ControllerPacketService.PING_CHECK_MILLIS,
            TimeUnit.MILLISECONDS);
    LOG.infof(
        "controller %s on udp %s, %d root(s)",
        self.address(), bound.localAddress(), upstreams.size());
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
    for (ExecutorService executor : new ExecutorService[] {scheduler, workers, writer}) {
      if (executor != null) {
        executor.shutdownNow();
      }
    }
  }

  /** The bound UDP port, or -1 when the wire is off. */
  public int port() {
    Channel current = channel;
    return current == null ? -1 : ((InetSocketAddress) current.localAddress()).getPort();
  }

  public WireMetrics metrics() {
    return metrics;
  }

  private static World readWorld(Path file) {
    try {
      return WorldCodec.decode(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ProtocolException e) {
      throw new IllegalArgumentException(
          "orbital.controller.wire.world-files: " + file + " is not a world: " + e.getMessage(), e);
    }
  }

  private void housekeeping() {
    service.housekeeping();
    server.expire();
    flush();
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
        LOG.debugf(e, "datagram from %s failed", packet.sender());
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // ICMP errors and the like surface here; a UDP socket carries on.
      LOG.tracef(cause, "udp socket error");
    }
  }

  /** Called on the event loop. */
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

  private void flush() {
    Channel current = channel;
    if (current != null) {
      current.flush();
    }
  }

  private void onLoop(Runnable task) {
    Channel current = channel;
    if (current == null) {
      return;
    }
    current
        .eventLoop()
        .execute(
            () -> {
              task.run();
              current.flush();
            });
  }

  private void requested(
      Identity member, long packetId, NetworkConfigRequest request, InetSocketAddress path) {
    try {
      workers.execute(() -> server.answer(member, packetId, request, path));
    } catch (RejectedExecutionException e) {
      metrics.drop(DropReason.WORKERS_BUSY);
    }
  }

  private void validate(Identity candidate, Consumer<Boolean> onPacketThread) {
    try {
      workers.execute(
          () -> {
            boolean valid = candidate.locallyValidate();
            onLoop(() -> onPacketThread.accept(valid));
          });
    } catch (RejectedExecutionException e) {
      metrics.drop(DropReason.WORKERS_BUSY);
      onPacketThread.accept(false);
    }
  }

  private void writeMember(Member member) {
    try {
      writer.execute(
          () -> {
            try {
              store.saveMember(member, System.currentTimeMillis());
            } catch (ConflictException e) {
              server.writeFailed(member);
            } catch (RuntimeException e) {
              server.writeFailed(member);
              LOG.warnf(
                  e, "storing member %s of %016x failed", member.address(), member.networkId());
            }
          });
    } catch (RejectedExecutionException e) {
      server.writeFailed(member);
      LOG.warnf(
          "member writes queue full: %s of %016x not stored", member.address(), member.networkId());
    }
  }

  private final class LoopOutbox implements ConfigServer.Outbox {

    @Override
    public void reply(Address member, InetSocketAddress path, List<? extends Message> messages) {
      onLoop(() -> service.reply(member, path, messages));
    }

    @Override
    public void push(Address member, List<? extends Message> messages) {
      onLoop(() -> service.push(member, messages));
    }
  }
}
