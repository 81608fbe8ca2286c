package dev.orbital.node.relay;

import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.relay.RelayFrameCodec;
import dev.orbital.protocol.relay.RelayFrameCodec.AddressedDatagram;
import dev.orbital.protocol.relay.RelayFrameException;
import dev.orbital.protocol.relay.RelayStreamDecoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The node's second transport: ZeroTier datagrams to and from physical UDP endpoints, carried
 * through a relay over TCP or WebSocket/TLS ({@link RelayClientOptions}). {@link #send} queues a
 * datagram for the relay to send by UDP to an endpoint; what the relay receives for this client
 * comes to the {@link Receiver} with the endpoint it came from. One thread keeps the connection up,
 * reconnecting with {@link ReconnectBackoff}; while it is down, {@link #send} drops (the protocol
 * retries as it does over lossy UDP).
 */
public final class RelayClient implements AutoCloseable {

  /** Gets each datagram the relay forwards to this client. */
  @FunctionalInterface
  public interface Receiver {

    /**
     * {@code from} is the UDP endpoint the relay received it from (null if the relay sent none);
     * {@code datagram} is valid only during the call. Called from the link's reader thread.
     */
    void onDatagram(InetSocketAddress from, ByteBuffer datagram);
  }

  private static final Logger LOG = Logger.getLogger(RelayClient.class.getName());
  private static final long POLL_MILLIS = 100;

  /**
   * Bytes of queued records sent in one write at most: within the relay's default WebSocket message
   * limit (its record limit, 16 KiB, plus framing).
   */
  private static final int MAX_BURST_BYTES = 16 * 1024;

  private final RelayClientOptions options;
  private final Receiver receiver;
  private final byte[] helloRecord;
  private final BlockingQueue<byte[]> outgoing;
  private final ReconnectBackoff backoff;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong connections = new AtomicLong();
  private final Object lock = new Object();
  private final Thread supervisor;
  private volatile boolean running = true;
  private volatile RelayLink link;
  private volatile boolean linkEnded;

  private RelayClient(RelayClientOptions options, Receiver receiver) {
    this.options = options;
    this.receiver = receiver;
    this.helloRecord = RelayFrameCodec.encodeHello(options.hello());
    this.outgoing = new ArrayBlockingQueue<>(options.sendQueue());
    this.backoff =
        new ReconnectBackoff(
            options.initialBackoff(),
            options.maxBackoff(),
            () -> ThreadLocalRandom.current().nextDouble());
    this.supervisor = new Thread(this::supervise, "relay-client");
    this.supervisor.setDaemon(true);
  }

  /** Starts connecting (and reconnecting) in the background. */
  public static RelayClient start(RelayClientOptions options, Receiver receiver) {
    RelayClient client = new RelayClient(options, receiver);
    client.supervisor.start();
    return client;
  }

  /**
   * Queues {@code datagram} for the relay to send by UDP to {@code to}. False (and counted as
   * dropped) when not connected or the queue is full.
   */
  public boolean send(InetSocketAddress to, byte[] datagram, int offset, int length) {
    if (!isConnected()
        || !outgoing.offer(RelayFrameCodec.encodeDatagram(to, datagram, offset, length))) {
      dropped.incrementAndGet();
      return false;
    }
    return true;
  }

  /** True while a connection to the relay is open (and said hello). */
  public boolean isConnected() {
    return link != null && !linkEnded;
  }

  /** Datagrams {@link #send} dropped. */
  public long dropped() {
    return dropped.get();
  }

  /** Connections opened so far (more than one: it reconnected). */
  public long connections() {
    return connections.get();
  }

  @Override
  public void close() {
    running = false;
    supervisor.interrupt();
    RelayLink current = link;
    if (current != null) {
      current.close();
    }
    try {
      supervisor.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void supervise() {
    while (running) {
      RelayLink opened = connect();
      if (opened != null) {
        backoff.reset();
        pump(opened);
        outgoing.clear();
      }
      if (!running) {
        break;
      }
      try {
        Thread.sleep(backoff.nextDelayMillis());
      } catch (InterruptedException e) {
        break;
      }
    }
  }

  private RelayLink connect() {
    Decoding decoding = new Decoding();
    linkEnded = false;
    try {
      RelayLink opened =
          options.webSocket()
              ? WebSocketRelayLink.open(options, helloRecord, decoding)
              : TcpRelayLink.open(options, helloRecord, decoding);
      decoding.link = opened;
      if (decoding.failed) {
        opened.close();
        return null;
      }
      synchronized (lock) {
        link = opened;
      }
      connections.incrementAndGet();
      LOG.fine(() -> "relay connected: " + options.relay());
      return opened;
    } catch (IOException e) {
      LOG.log(Level.FINE, "relay " + options.relay() + " unreachable", e);
      return null;
    }
  }

  /**
   * Writes queued records until the link ends or the client closes. Records queued meanwhile go out
   * together (the relay reads a stream, so a write or WebSocket message may hold several): one
   * system call or one message for a burst instead of one per datagram.
   */
  private void pump(RelayLink opened) {
    List<byte[]> burst = new ArrayList<>();
    try {
      while (running && !linkEnded) {
        byte[] record = outgoing.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (record == null) {
          continue;
        }
        burst.clear();
        burst.add(record);
        int bytes = record.length;
        byte[] next;
        while ((next = outgoing.peek()) != null && bytes + next.length <= MAX_BURST_BYTES) {
          burst.add(outgoing.poll());
          bytes += next.length;
        }
        opened.send(burst.size() == 1 ? record : concat(burst));
      }
    } catch (IOException e) {
      LOG.log(Level.FINE, "relay send failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      opened.close();
      synchronized (lock) {
        link = null;
      }
    }
  }

  private static byte[] concat(List<byte[]> records) {
    int total = 0;
    for (byte[] r : records) {
      total += r.length;
    }
    byte[] out = new byte[total];
    int at = 0;
    for (byte[] r : records) {
      System.arraycopy(r, 0, out, at, r.length);
      at += r.length;
    }
    return out;
  }

  /** Cuts the relay's stream into records and hands datagrams to the receiver. */
  private final class Decoding implements RelayLink.Listener {

    private final RelayStreamDecoder decoder =
        new RelayStreamDecoder(RelayFrameCodec.MAX_RECORD_PAYLOAD);
    private volatile RelayLink link;
    private volatile boolean failed;

    @Override
    public void onBytes(ByteBuffer chunk) {
      if (failed) {
        return;
      }
      try {
        List<byte[]> records = decoder.feed(chunk);
        for (byte[] payload : records) {
          // A 4-byte record from the relay is a hello, ignored as stock does (spec §13).
          if (payload.length == RelayFrameCodec.HELLO_PAYLOAD_BYTES) {
            continue;
          }
          AddressedDatagram datagram = RelayFrameCodec.decodeDatagram(payload);
          receiver.onDatagram(datagram.address(), datagram.datagram());
        }
      } catch (RelayFrameException | ProtocolException e) {
        LOG.log(Level.FINE, "relay sent bad framing; reconnecting", e);
        failed = true;
        RelayLink current = link;
        if (current != null) {
          current.close();
        }
      }
    }

    @Override
    public void onClosed(Throwable cause) {
      linkEnded = true;
    }
  }
}
