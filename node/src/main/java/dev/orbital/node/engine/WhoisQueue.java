package dev.orbital.node.engine;

import dev.orbital.node.peer.Peer;
import dev.orbital.node.transport.Transport;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Addresses we asked a root about, with the packets from them and the sends to them that wait for
 * the answer. Bounded: so many addresses, so many waiting items each; a full queue drops.
 */
final class WhoisQueue {

  static final int MAX_ADDRESSES = 256;
  static final int MAX_WAITING = 16;

  /** Ask again this often (stock: no sooner than every 500 ms). */
  static final long RETRY_MILLIS = 1_000;

  /** Give up after this long. */
  static final long GIVE_UP_MILLIS = 10_000;

  /** A packet received from the address, kept as it arrived. */
  record HeldPacket(Transport via, InetSocketAddress from, byte[] packet, int length) {}

  static final class Entry {
    final long address;
    final long firstAsked;
    long lastAsked;
    final List<HeldPacket> packets = new ArrayList<>();
    final List<Consumer<Peer>> actions = new ArrayList<>();

    Entry(long address, long now) {
      this.address = address;
      this.firstAsked = now;
    }

    int waiting() {
      return packets.size() + actions.size();
    }
  }

  private final Map<Long, Entry> entries = new LinkedHashMap<>();

  /** The entry for {@code address}, created if there is room; null if the queue is full. */
  Entry entry(long address, long now) {
    Entry entry = entries.get(address);
    if (entry == null && entries.size() < MAX_ADDRESSES) {
      entry = new Entry(address, now);
      entries.put(address, entry);
    }
    return entry;
  }

  boolean hold(Entry entry, HeldPacket packet) {
    if (entry.waiting() >= MAX_WAITING) {
      return false;
    }
    entry.packets.add(packet);
    return true;
  }

  boolean hold(Entry entry, Consumer<Peer> action) {
    if (entry.waiting() >= MAX_WAITING) {
      return false;
    }
    entry.actions.add(action);
    return true;
  }

  Entry remove(long address) {
    return entries.remove(address);
  }

  boolean isPending(long address) {
    return entries.containsKey(address);
  }

  /** Entries to ask about again; gives up (and returns through {@code expired}) on stale ones. */
  List<Entry> due(long now, Consumer<Entry> expired) {
    List<Entry> due = new ArrayList<>();
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
      Entry entry = it.next();
      if (now - entry.firstAsked > GIVE_UP_MILLIS) {
        it.remove();
        expired.accept(entry);
      } else if (now - entry.lastAsked >= RETRY_MILLIS) {
        due.add(entry);
      }
    }
    return due;
  }

  int size() {
    return entries.size();
  }
}
