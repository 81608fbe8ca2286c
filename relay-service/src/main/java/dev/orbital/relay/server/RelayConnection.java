package dev.orbital.relay.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.quarkus.logging.Log;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client, whatever carries its byte stream: its {@link RelaySession}, its UDP socket (a Netty
 * channel, opened on first use: Vert.x's {@code DatagramSocket} sends by host name string, a
 * resolver round per packet) and its hello and idle timers. Replies from UDP go back framed with
 * their source address through {@link Client#write}.
 */
final class RelayConnection implements RelaySession.Transport {

  /** Larger than any datagram a ZeroTier peer sends (ZT_MAX_PHYSMTU is 10324). */
  static final int RECEIVE_BUFFER_BYTES = 16 * 1024;

  /** Idle checks run this often relative to the idle timeout, and at least once a second. */
  static final long MAX_IDLE_CHECK_MILLIS = 1000;

  /** The transport side of a client: a TCP socket or a WebSocket. */
  interface Client {

    /** Sends one whole record (TCP: on the stream; WebSocket: as one binary message). */
    void write(byte[] record);

    /** True when replies are queued beyond {@code max-queued-reply-bytes}. */
    boolean writeQueueFull();

    /** Closes the transport; the transport's own close handler may then call {@link #closed}. */
    void close();

    /** The client's IP, which the per-IP limits count by. */
    InetAddress remoteIp();

    /** For logs: the remote address. */
    String describe();
  }

  private final RelayConnections shared;
  private final Client client;
  private final RelaySession session;
  private final SourceIps.Share sourceShare;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile ChannelFuture udp;
  private volatile long helloTimer = -1;
  private volatile long idleTimer = -1;

  /**
   * @param sourceShare what this client's source IP shares; null when that source is at {@code
   *     max-connections-per-ip} (the connection closes at {@link #start})
   */
  RelayConnection(RelayConnections shared, Client client, SourceIps.Share sourceShare) {
    this.shared = shared;
    this.client = client;
    this.sourceShare = sourceShare;
    long now = System.currentTimeMillis();
    this.session =
        new RelaySession(
            shared.limits(),
            shared.policy().connect(),
            shared.metrics(),
            this,
            sourceShare != null ? sourceShare.budget() : new TokenBucket(1, 1, now),
            now);
  }

  void start() {
    RelayMetrics metrics = shared.metrics();
    metrics.opened();
    if (metrics.openConnections() > shared.config().maxConnections()) {
      close(CloseReason.TOO_MANY_CONNECTIONS);
      return;
    }
    if (sourceShare == null) {
      close(CloseReason.TOO_MANY_FROM_IP);
      return;
    }
    Vertx vertx = shared.vertx();
    helloTimer =
        vertx.setTimer(
            Math.max(1, shared.config().helloTimeout().toMillis()),
            id -> {
              if (!session.helloReceived()) {
                close(CloseReason.NO_HELLO);
              }
            });
    long check = Math.max(1, Math.min(MAX_IDLE_CHECK_MILLIS, shared.limits().idleMillis() / 4));
    idleTimer =
        vertx.setPeriodic(
            check,
            id -> {
              if (session.isIdle(System.currentTimeMillis())) {
                close(CloseReason.IDLE);
              }
            });
  }

  /** Bytes of the client's stream, in order, however the transport cut them. */
  void onClientBytes(ByteBuffer chunk) {
    session.onTcp(chunk, System.currentTimeMillis());
  }

  /** The client closed or reset its transport. */
  void closed() {
    close(CloseReason.CLIENT_CLOSED);
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
      shared.metrics().refused(RefusalReason.UDP_QUEUE_FULL);
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
              .group(shared.udpGroup())
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
    if (client.writeQueueFull()) {
      shared.metrics().refused(RefusalReason.REPLY_QUEUE_FULL);
      return;
    }
    ByteBuf content = packet.content();
    int length = content.readableBytes();
    byte[] data = new byte[length];
    content.getBytes(content.readerIndex(), data);
    byte[] record =
        session.replyRecord(packet.sender(), data, 0, length, System.currentTimeMillis());
    shared.metrics().toClient(length);
    client.write(record);
  }

  @Override
  public void close(CloseReason reason) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    shared.metrics().closed(reason);
    if (sourceShare != null) {
      shared.sourceIps().release(sourceShare);
    }
    shared.vertx().cancelTimer(helloTimer);
    shared.vertx().cancelTimer(idleTimer);
    ChannelFuture current;
    synchronized (this) {
      current = udp;
    }
    if (current != null) {
      current.channel().close();
    }
    if (reason != CloseReason.CLIENT_CLOSED) {
      Log.debugf("closing relay connection %s: %s", client.describe(), reason.tag());
      client.close();
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
