package dev.orbital.relay.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
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
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Owns the relay's TCP server (Vert.x) and, per client connection, one UDP socket (a Netty channel:
 * Vert.x's {@code DatagramSocket} sends by host name string, a resolver round per packet). Bytes
 * from the client go to that connection's {@link RelaySession}; UDP answers come back framed with
 * their source address over the same TCP connection.
 */
@ApplicationScoped
public class RelayEndpoint {

  static final int START_TIMEOUT_SECONDS = 30;

  /** Larger than any datagram a ZeroTier peer sends (ZT_MAX_PHYSMTU is 10324). */
  static final int RECEIVE_BUFFER_BYTES = 16 * 1024;

  /** Idle checks run this often relative to the idle timeout, and at least once a second. */
  static final long MAX_IDLE_CHECK_MILLIS = 1000;

  private final Vertx vertx;
  private final RelayConfig config;
  private final RelayPolicy policy;
  private final RelayMetrics metrics;
  private final RelayLimits limits;
  private EventLoopGroup udpGroup;
  private volatile NetServer server;

  public RelayEndpoint(Vertx vertx, RelayConfig config, RelayPolicy policy, RelayMetrics metrics) {
    this.vertx = vertx;
    this.config = config;
    this.policy = policy;
    this.metrics = metrics;
    this.limits = RelayLimits.of(config);
  }

  void start(@Observes StartupEvent event) throws Exception {
    udpGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("relay-udp", true));
    NetServer created =
        vertx.createNetServer(
            new NetServerOptions()
                .setHost(config.bindAddress())
                .setPort(config.port())
                .setTcpNoDelay(true));
    created.connectHandler(this::accept);
    server =
        created
            .listen()
            .toCompletionStage()
            .toCompletableFuture()
            .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Log.infof("relay listening on tcp %s:%d", config.bindAddress(), server.actualPort());
  }

  void stop(@Observes ShutdownEvent event) {
    NetServer current = server;
    if (current != null) {
      server = null;
      current.close();
    }
    if (udpGroup != null) {
      udpGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  public boolean isListening() {
    return server != null;
  }

  /** The bound TCP port (the configured one, or the one picked for port 0). */
  public int port() {
    NetServer current = server;
    return current == null ? -1 : current.actualPort();
  }

  private void accept(NetSocket socket) {
    new Connection(socket).start();
  }

  /** One client: its TCP socket, its UDP channel (opened at the hello) and its timers. */
  private final class Connection implements RelaySession.Transport {

    private final NetSocket socket;
    private final RelaySession session;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ChannelFuture udp;
    private volatile long helloTimer = -1;
    private volatile long idleTimer = -1;

    Connection(NetSocket socket) {
      this.socket = socket;
      this.session = new RelaySession(limits, policy, metrics, this, System.currentTimeMillis());
    }

    void start() {
      metrics.opened();
      if (metrics.openConnections() > config.maxConnections()) {
        close(CloseReason.TOO_MANY_CONNECTIONS);
        return;
      }
      socket.setWriteQueueMaxSize(config.maxQueuedReplyBytes());
      socket.handler(this::onTcp);
      socket.closeHandler(v -> close(CloseReason.CLIENT_CLOSED));
      socket.exceptionHandler(e -> Log.tracef(e, "relay connection %s", socket.remoteAddress()));
      helloTimer =
          vertx.setTimer(
              Math.max(1, config.helloTimeout().toMillis()),
              id -> {
                if (!session.helloReceived()) {
                  close(CloseReason.NO_HELLO);
                }
              });
      long check = Math.max(1, Math.min(MAX_IDLE_CHECK_MILLIS, limits.idleMillis() / 4));
      idleTimer =
          vertx.setPeriodic(
              check,
              id -> {
                if (session.isIdle(System.currentTimeMillis())) {
                  close(CloseReason.IDLE);
                }
              });
    }

    private void onTcp(Buffer buffer) {
      session.onTcp(ByteBuffer.wrap(buffer.getBytes()), System.currentTimeMillis());
    }

    @Override
    public boolean sendUdp(InetSocketAddress to, ByteBuffer datagram) {
      ChannelFuture bound = udp();
      if (bound == null) {
        return false;
      }
      ByteBuf copy = Unpooled.copiedBuffer(datagram);
      if (bound.isDone()) {
        return write(bound, copy, to);
      }
      bound.addListener(f -> write(bound, copy, to));
      return true;
    }

    private boolean write(ChannelFuture bound, ByteBuf datagram, InetSocketAddress to) {
      Channel channel = bound.channel();
      if (!bound.isSuccess()) {
        datagram.release();
        close(CloseReason.UDP_FAILED);
        return false;
      }
      if (!channel.isWritable()) {
        datagram.release();
        metrics.refused(RefusalReason.UDP_QUEUE_FULL);
        return false;
      }
      channel.writeAndFlush(new DatagramPacket(datagram, to), channel.voidPromise());
      return true;
    }

    /** The UDP channel, opened on first use; null once the connection is closed. */
    private synchronized ChannelFuture udp() {
      if (closed.get()) {
        return null;
      }
      if (udp == null) {
        udp =
            new Bootstrap()
                .group(udpGroup)
                .channel(NioDatagramChannel.class)
                .option(
                    ChannelOption.RCVBUF_ALLOCATOR,
                    new FixedRecvByteBufAllocator(RECEIVE_BUFFER_BYTES))
                .handler(new Replies())
                .bind(0);
      }
      return udp;
    }

    private void onUdp(DatagramPacket packet) {
      if (closed.get()) {
        return;
      }
      if (socket.writeQueueFull()) {
        metrics.refused(RefusalReason.REPLY_QUEUE_FULL);
        return;
      }
      ByteBuf content = packet.content();
      int length = content.readableBytes();
      byte[] data = new byte[length];
      content.getBytes(content.readerIndex(), data);
      byte[] record =
          session.replyRecord(packet.sender(), data, 0, length, System.currentTimeMillis());
      metrics.toClient(length);
      socket.write(Buffer.buffer(record));
    }

    @Override
    public void close(CloseReason reason) {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      metrics.closed(reason);
      vertx.cancelTimer(helloTimer);
      vertx.cancelTimer(idleTimer);
      ChannelFuture current;
      synchronized (this) {
        current = udp;
      }
      if (current != null) {
        current.channel().close();
      }
      if (reason != CloseReason.CLIENT_CLOSED) {
        Log.debugf("closing relay connection %s: %s", socket.remoteAddress(), reason.tag());
        socket.close();
      }
    }

    private final class Replies extends SimpleChannelInboundHandler<DatagramPacket> {

      @Override
      protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        onUdp(packet);
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP port unreachable and the like: a UDP socket carries on.
        Log.tracef(cause, "relay udp socket error");
      }
    }
  }
}
