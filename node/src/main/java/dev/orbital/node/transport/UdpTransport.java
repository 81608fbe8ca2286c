package dev.orbital.node.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The node's UDP socket: a Netty datagram channel on the engine's event loop. Received datagrams
 * are copied into one reused array and handed over on that loop; sends are pooled buffers written
 * and flushed at once.
 */
public final class UdpTransport implements Transport, AutoCloseable {

  /** Larger than any datagram a ZeroTier peer sends (ZT_MAX_PHYSMTU is 10324). */
  static final int RECEIVE_BUFFER_BYTES = 16 * 1024;

  static final int SOCKET_BUFFER_BYTES = 2 * 1024 * 1024;

  private final Channel channel;
  private final byte[] receiveBuffer = new byte[RECEIVE_BUFFER_BYTES];

  private UdpTransport(EventLoop loop, InetSocketAddress bind, DatagramReceiver receiver)
      throws IOException {
    Bootstrap bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(NioDatagramChannel.class)
            .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
            .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES)
            .option(
                ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECEIVE_BUFFER_BYTES))
            .handler(
                new SimpleChannelInboundHandler<DatagramPacket>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                    ByteBuf content = packet.content();
                    int length = Math.min(content.readableBytes(), receiveBuffer.length);
                    content.getBytes(content.readerIndex(), receiveBuffer, 0, length);
                    receiver.receive(UdpTransport.this, packet.sender(), receiveBuffer, length);
                  }
                });
    try {
      channel = bootstrap.bind(bind).sync().channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted binding UDP " + bind, e);
    } catch (RuntimeException e) {
      throw new IOException("cannot bind UDP " + bind + ": " + e.getMessage(), e);
    }
  }

  /** Binds {@code bind} on {@code loop}; received datagrams go to {@code receiver} on that loop. */
  public static UdpTransport bind(EventLoop loop, InetSocketAddress bind, DatagramReceiver receiver)
      throws IOException {
    return new UdpTransport(loop, bind, receiver);
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public boolean send(InetSocketAddress to, byte[] data, int offset, int length) {
    if (!channel.isActive() || to.isUnresolved()) {
      return false;
    }
    ByteBuf buf = channel.alloc().directBuffer(length);
    buf.writeBytes(data, offset, length);
    channel.writeAndFlush(new DatagramPacket(buf, to), channel.voidPromise());
    return true;
  }

  @Override
  public boolean relayed() {
    return false;
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }
}
