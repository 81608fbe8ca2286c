package dev.orbital.relay.server;

import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.relay.RelayFrameCodec;
import dev.orbital.protocol.relay.RelayFrameCodec.AddressedDatagram;
import dev.orbital.protocol.relay.RelayFrameException;
import dev.orbital.protocol.relay.RelayStreamDecoder;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * One client connection's state, without I/O types: requires the version hello as the first record,
 * then turns each addressed record into a UDP send, after the flood limit, the stock checks
 * (destination port above 1024, at least 16 bytes), the connection's {@link ConnectionPolicy} and,
 * for what the policy relays only as a newcomer's, the newcomer rates of the connection and of its
 * source IP. TCP input is fed from one thread; {@link #replyRecord} and {@link #isIdle} may be
 * called from others.
 */
public final class RelaySession {

  /** What the session asks of its endpoint. */
  public interface Transport {

    /** Sends one datagram from this connection's UDP socket; false if it was dropped. */
    boolean sendUdp(InetSocketAddress to, ByteBuffer datagram);

    /** Closes the connection (and its UDP socket), counting {@code reason}. */
    void close(CloseReason reason);
  }

  private static final long WINDOW_MILLIS = 1000;

  private final RelayLimits limits;
  private final ConnectionPolicy policy;
  private final RelayMetrics metrics;
  private final Transport transport;
  private final TokenBucket newcomerRate;
  private final TokenBucket sourceIpRate;
  private final RelayStreamDecoder decoder;
  private volatile long lastActivity;
  private volatile RelayFrameCodec.Hello hello;
  private boolean closed;
  private long windowStart;
  private int windowPackets;

  /**
   * @param sourceIpRate the newcomer budget shared with the other connections of the client's
   *     source IP
   */
  RelaySession(
      RelayLimits limits,
      ConnectionPolicy policy,
      RelayMetrics metrics,
      Transport transport,
      TokenBucket sourceIpRate,
      long nowMillis) {
    this.limits = limits;
    this.policy = policy;
    this.metrics = metrics;
    this.transport = transport;
    this.newcomerRate =
        new TokenBucket(limits.newcomerPacketsPerSecond(), limits.newcomerBurst(), nowMillis);
    this.sourceIpRate = sourceIpRate;
    this.decoder = new RelayStreamDecoder(limits.maxRecordBytes());
    this.lastActivity = nowMillis;
    this.windowStart = nowMillis;
  }

  /** Consumes bytes read from the client's TCP stream. */
  public void onTcp(ByteBuffer chunk, long nowMillis) {
    if (closed) {
      return;
    }
    List<byte[]> records;
    try {
      records = decoder.feed(chunk);
    } catch (RelayFrameException e) {
      close(
          e.kind() == RelayFrameException.Kind.OVERSIZE
              ? CloseReason.OVERSIZE
              : CloseReason.BAD_HEADER);
      return;
    }
    lastActivity = nowMillis;
    for (byte[] payload : records) {
      if (closed) {
        return;
      }
      onRecord(payload, nowMillis);
    }
  }

  /**
   * The record carrying a UDP answer {@code from} back to the client; the policy sees the answer
   * first (it may tell who the client is).
   */
  public byte[] replyRecord(
      InetSocketAddress from, byte[] datagram, int offset, int length, long nowMillis) {
    lastActivity = nowMillis;
    policy.answered(from, datagram, offset, length);
    return RelayFrameCodec.encodeDatagram(from, datagram, offset, length);
  }

  public boolean helloReceived() {
    return hello != null;
  }

  /** The client's version, once it said hello. */
  public RelayFrameCodec.Hello hello() {
    return hello;
  }

  public boolean isIdle(long nowMillis) {
    return nowMillis - lastActivity >= limits.idleMillis();
  }

  private void onRecord(byte[] payload, long nowMillis) {
    if (hello == null) {
      try {
        hello = RelayFrameCodec.decodeHello(payload);
      } catch (ProtocolException e) {
        close(CloseReason.BAD_HELLO);
      }
      return;
    }
    if (payload.length == RelayFrameCodec.HELLO_PAYLOAD_BYTES) {
      // A repeated hello; too short to be a datagram anyway.
      return;
    }
    if (!withinRate(nowMillis)) {
      close(CloseReason.FLOOD);
      return;
    }
    AddressedDatagram datagram;
    try {
      datagram = RelayFrameCodec.decodeDatagram(payload);
    } catch (ProtocolException e) {
      close(CloseReason.BAD_DATAGRAM);
      return;
    }
    RefusalReason refusal = check(datagram, nowMillis);
    if (refusal != null) {
      metrics.refused(refusal);
      return;
    }
    int length = datagram.datagram().remaining();
    if (transport.sendUdp(datagram.address(), datagram.datagram())) {
      metrics.toUdp(length);
    }
  }

  private RefusalReason check(AddressedDatagram datagram, long nowMillis) {
    if (!datagram.hasAddress()) {
      return RefusalReason.NO_ADDRESS;
    }
    if (datagram.address().getPort() < limits.minDestinationPort()) {
      return RefusalReason.LOW_PORT;
    }
    if (datagram.datagram().remaining() < limits.minDatagramBytes()) {
      return RefusalReason.TOO_SHORT;
    }
    Verdict verdict = policy.check(datagram.address(), datagram.datagram().asReadOnlyBuffer());
    if (verdict != Verdict.RELAY_NEWCOMER) {
      return verdict.refusal();
    }
    // The connection's own bucket first: one connection over its rate does not drain its IP's.
    if (!newcomerRate.tryTake(nowMillis)) {
      return RefusalReason.NEWCOMER_RATE;
    }
    if (!sourceIpRate.tryTake(nowMillis)) {
      return RefusalReason.IP_RATE;
    }
    return null;
  }

  private boolean withinRate(long nowMillis) {
    if (nowMillis - windowStart >= WINDOW_MILLIS) {
      windowStart = nowMillis;
      windowPackets = 0;
    }
    return ++windowPackets <= limits.maxPacketsPerSecond();
  }

  private void close(CloseReason reason) {
    closed = true;
    transport.close(reason);
  }
}
