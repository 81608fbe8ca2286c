package dev.orbital.protocol.packet;

import java.util.Arrays;

/**
 * Puts fragmented packets back together from their head (a packet with FRAGMENTED set) and their
 * {@link Fragment}s, which may arrive in any order, the head last included.
 *
 * <p>Bounded like stock's RX queue: at most {@link #QUEUE_SIZE} packets in progress, each of at
 * most {@link #MAX_FRAGMENTS} pieces and {@link #MAX_LENGTH} bytes, forgotten {@link
 * #TIMEOUT_MILLIS} after their first piece; when the queue is full the oldest packet is evicted.
 * Packets are keyed by packet ID and destination. Memory is one {@code MAX_LENGTH} buffer per queue
 * slot, allocated on first use and then reused; only a completed packet is a new array.
 *
 * <p>Garbage never throws: every datagram gets an {@link Outcome}, and every outcome is counted.
 * The assembled packet is not authenticated yet. Not thread-safe: one per receive loop.
 */
public final class Reassembler {

  /** ZT_RX_QUEUE_SIZE: packets being reassembled at once. */
  public static final int QUEUE_SIZE = 32;

  /** ZT_RECEIVE_QUEUE_TIMEOUT: how long a packet may take to arrive whole, from its first piece. */
  public static final long TIMEOUT_MILLIS = 5_000;

  /** ZT_MAX_PACKET_FRAGMENTS: pieces per packet, head included. */
  public static final int MAX_FRAGMENTS = Fragment.MAX_FRAGMENTS;

  /** ZT_PROTO_MAX_PACKET_LENGTH: the longest assembled packet. */
  public static final int MAX_LENGTH = PacketHeader.MAX_LENGTH;

  /** What became of an offered datagram; {@link #EXPIRED} and {@link #EVICTED} are only counted. */
  public enum Outcome {
    /** The datagram completed its packet, which {@link Result#packet()} holds. */
    COMPLETE,
    /** Kept: its packet still misses pieces. */
    PENDING,
    /** An ordinary unfragmented packet: not for the reassembler, process it directly. */
    NOT_FRAGMENTED,
    /**
     * Dropped: too short to be a fragment (17+ bytes) or a packet (28+ bytes). A 13-byte legacy
     * beacon lands here too: a caller that answers beacons looks for them first.
     */
    TOO_SHORT,
    /** Dropped: a fragment numbered 0 or at/after its own total, or a total under 2. */
    BAD_FRAGMENT_NUMBER,
    /** Dropped: a fragment announcing more than {@link #MAX_FRAGMENTS} pieces. */
    TOO_MANY_FRAGMENTS,
    /** Dropped: a fragment whose total differs from the earlier fragments of its packet. */
    INCONSISTENT_TOTAL,
    /** Dropped: that piece of that packet was already here. */
    DUPLICATE,
    /** Dropped with its whole packet: the pieces add up to more than {@link #MAX_LENGTH}. */
    OVERSIZED,
    /** Counted only: a packet still incomplete {@link #TIMEOUT_MILLIS} after its first piece. */
    EXPIRED,
    /** Counted only: an incomplete packet pushed out of the full queue by a newer one. */
    EVICTED;

    public boolean isDrop() {
      return this != COMPLETE && this != PENDING && this != NOT_FRAGMENTED;
    }
  }

  /** An outcome, with the assembled packet when it is {@link Outcome#COMPLETE}. */
  public static final class Result {

    private static final Result[] CONSTANT = new Result[Outcome.values().length];

    static {
      for (Outcome outcome : Outcome.values()) {
        CONSTANT[outcome.ordinal()] = new Result(outcome, null);
      }
    }

    private final Outcome outcome;
    private final byte[] packet;

    private Result(Outcome outcome, byte[] packet) {
      this.outcome = outcome;
      this.packet = packet;
    }

    public Outcome outcome() {
      return outcome;
    }

    /** The assembled packet (a new array the caller owns), or null unless COMPLETE. */
    public byte[] packet() {
      return packet;
    }

    @Override
    public String toString() {
      return packet == null ? outcome.name() : outcome + "(" + packet.length + " bytes)";
    }
  }

  private final Entry[] queue = new Entry[QUEUE_SIZE];
  private final long[] counts = new long[Outcome.values().length];

  public Reassembler() {
    for (int i = 0; i < QUEUE_SIZE; i++) {
      queue[i] = new Entry();
    }
  }

  /**
   * Takes one received datagram, {@code datagram[0 .. length)}, which is copied as needed: the
   * caller may reuse its buffer. {@code now} is the receive time in ms. Only a {@code length}
   * outside the array throws.
   */
  public Result offer(byte[] datagram, int length, long now) {
    if (length < 0 || length > datagram.length) {
      throw new IllegalArgumentException("length " + length + " outside a " + datagram.length);
    }
    expire(now);
    Result result;
    if (Fragment.isFragment(datagram, length)) {
      result = offerFragment(datagram, length, now);
    } else if (length < PacketHeader.MIN_LENGTH) {
      result = constant(Outcome.TOO_SHORT);
    } else if (PacketHeader.isFragmented(datagram)) {
      result = offerHead(datagram, length, now);
    } else {
      result = constant(Outcome.NOT_FRAGMENTED);
    }
    counts[result.outcome.ordinal()]++;
    return result;
  }

  /** Forgets packets older than {@link #TIMEOUT_MILLIS}; returns how many. */
  public int expire(long now) {
    int expired = 0;
    for (Entry entry : queue) {
      if (entry.used && now - entry.created > TIMEOUT_MILLIS) {
        entry.clear();
        expired++;
      }
    }
    counts[Outcome.EXPIRED.ordinal()] += expired;
    return expired;
  }

  /** Packets waiting for pieces. */
  public int pending() {
    int pending = 0;
    for (Entry entry : queue) {
      if (entry.used) {
        pending++;
      }
    }
    return pending;
  }

  /** How many datagrams had this outcome (for EXPIRED and EVICTED: how many packets). */
  public long count(Outcome outcome) {
    return counts[outcome.ordinal()];
  }

  private Result offerFragment(byte[] datagram, int length, long now) {
    int total = Fragment.total(datagram);
    if (total > MAX_FRAGMENTS) {
      return constant(Outcome.TOO_MANY_FRAGMENTS);
    }
    if (!Fragment.hasValidNumbering(datagram)) {
      return constant(Outcome.BAD_FRAGMENT_NUMBER);
    }
    int number = Fragment.number(datagram);
    long packetId = Fragment.packetId(datagram);
    long destination = Fragment.destination(datagram);
    int dataLength = length - Fragment.HEADER_LENGTH;
    if (dataLength > MAX_LENGTH - PacketHeader.MIN_LENGTH) {
      return constant(Outcome.OVERSIZED);
    }
    Entry entry = find(packetId, destination);
    if (entry == null) {
      entry = allocate(packetId, destination, now);
    } else if (entry.total != 0 && entry.total != total) {
      return constant(Outcome.INCONSISTENT_TOTAL);
    } else if (entry.has(number)) {
      return constant(Outcome.DUPLICATE);
    } else if (entry.stored + dataLength > MAX_LENGTH) {
      entry.clear();
      return constant(Outcome.OVERSIZED);
    }
    entry.total = total;
    entry.store(number, datagram, Fragment.HEADER_LENGTH, dataLength);
    return completeOrPending(entry);
  }

  private Result offerHead(byte[] datagram, int length, long now) {
    if (length > MAX_LENGTH) {
      return constant(Outcome.OVERSIZED);
    }
    long packetId = PacketHeader.id(datagram);
    long destination = PacketHeader.destination(datagram);
    Entry entry = find(packetId, destination);
    if (entry == null) {
      entry = allocate(packetId, destination, now);
    } else if (entry.has(0)) {
      return constant(Outcome.DUPLICATE);
    } else if (entry.stored + length > MAX_LENGTH) {
      entry.clear();
      return constant(Outcome.OVERSIZED);
    }
    entry.store(0, datagram, 0, length);
    return completeOrPending(entry);
  }

  private Result completeOrPending(Entry entry) {
    if (entry.total == 0 || Integer.bitCount(entry.have) != entry.total) {
      return constant(Outcome.PENDING);
    }
    byte[] packet = new byte[entry.stored];
    int position = 0;
    for (int piece = 0; piece < entry.total; piece++) {
      System.arraycopy(entry.buffer, entry.offsets[piece], packet, position, entry.lengths[piece]);
      position += entry.lengths[piece];
    }
    entry.clear();
    return new Result(Outcome.COMPLETE, packet);
  }

  private Entry find(long packetId, long destination) {
    for (Entry entry : queue) {
      if (entry.used && entry.packetId == packetId && entry.destination == destination) {
        return entry;
      }
    }
    return null;
  }

  private Entry allocate(long packetId, long destination, long now) {
    Entry chosen = null;
    for (Entry entry : queue) {
      if (!entry.used) {
        chosen = entry;
        break;
      }
      if (chosen == null || entry.created < chosen.created) {
        chosen = entry;
      }
    }
    if (chosen.used) {
      counts[Outcome.EVICTED.ordinal()]++;
      chosen.clear();
    }
    chosen.used = true;
    chosen.packetId = packetId;
    chosen.destination = destination;
    chosen.created = now;
    return chosen;
  }

  private static Result constant(Outcome outcome) {
    return Result.CONSTANT[outcome.ordinal()];
  }

  /** One packet in progress: its pieces side by side in {@code buffer}, in arrival order. */
  private static final class Entry {
    boolean used;
    long packetId;
    long destination;
    long created;
    int total; // 0 until a fragment says
    int have; // bit n: piece n is here (0 = head)
    int stored;
    byte[] buffer;
    final int[] offsets = new int[MAX_FRAGMENTS];
    final int[] lengths = new int[MAX_FRAGMENTS];

    boolean has(int piece) {
      return (have & (1 << piece)) != 0;
    }

    void store(int piece, byte[] source, int offset, int length) {
      if (buffer == null) {
        buffer = new byte[MAX_LENGTH];
      }
      System.arraycopy(source, offset, buffer, stored, length);
      offsets[piece] = stored;
      lengths[piece] = length;
      stored += length;
      have |= 1 << piece;
    }

    void clear() {
      used = false;
      total = 0;
      have = 0;
      stored = 0;
      Arrays.fill(lengths, 0);
    }
  }
}
