package dev.orbital.node.engine;

import dev.orbital.node.tap.TapConfigurator;
import dev.orbital.node.tap.TapDevice;
import dev.orbital.node.tap.TapException;
import dev.orbital.node.tap.TapState;
import dev.orbital.protocol.netconf.NetworkConfig;
import java.lang.System.Logger.Level;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A network's TAP device, the configurator that keeps it in its config's state, and the thread that
 * reads frames from it. The reader reads each frame straight into a slot of a single-producer,
 * single-consumer ring and wakes the engine thread, which hands the slots to a {@link FrameSink}:
 * nothing is allocated per frame. When the engine falls behind and the ring is full, frames are
 * dropped (and counted), as a full NIC queue would.
 */
public final class TapPort implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(TapPort.class.getName());

  static final int SLOTS = 256;

  /** A slot holds the largest frame a network allows, plus one byte to detect longer ones. */
  static final int SLOT_BYTES = NetworkPlane.ETHERNET_HEADER + NetworkConfig.MAX_MTU + 1;

  /** Receives a frame read from the TAP, on the engine thread; valid only during the call. */
  @FunctionalInterface
  interface FrameSink {
    void frame(byte[] frame, int length);
  }

  private final TapDevice device;
  private final TapConfigurator configurator;
  private final Thread reader;
  private final byte[][] slots = new byte[SLOTS][SLOT_BYTES];
  private final int[] lengths = new int[SLOTS];
  private final AtomicLong head = new AtomicLong();
  private final AtomicLong tail = new AtomicLong();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final Runnable drain;
  private final Executor engineThread;
  private final Counters counters;

  private TapPort(TapDevice device, Executor engineThread, Counters counters, FrameSink sink) {
    this.device = device;
    this.configurator = new TapConfigurator(device);
    this.engineThread = engineThread;
    this.counters = counters;
    this.drain = () -> drain(sink);
    this.reader = new Thread(this::readLoop, "tap-" + device.name());
    reader.setDaemon(true);
  }

  /** Creates the device; the reader starts with {@link #start}. */
  static TapPort open(String name, Executor engineThread, Counters counters, FrameSink sink)
      throws TapException {
    return new TapPort(TapDevice.open(name), engineThread, counters, sink);
  }

  void start() {
    reader.start();
  }

  String name() {
    return device.name();
  }

  void apply(TapState state) throws TapException {
    configurator.apply(state);
  }

  void write(byte[] frame, int offset, int length) {
    try {
      device.write(frame, offset, length);
    } catch (TapException e) {
      if (!device.isClosed()) {
        LOG.log(Level.DEBUG, "write to {0} failed: {1}", device.name(), e.getMessage());
      }
    }
  }

  private void readLoop() {
    byte[] overflow = new byte[SLOT_BYTES];
    while (true) {
      long next = tail.get();
      boolean full = next - head.get() >= SLOTS;
      byte[] buffer = full ? overflow : slots[(int) (next % SLOTS)];
      int length;
      try {
        length = device.read(buffer, 0, SLOT_BYTES);
      } catch (TapException e) {
        if (!device.isClosed()) {
          LOG.log(Level.WARNING, "reading {0} failed: {1}", device.name(), e.getMessage());
        }
        return;
      }
      if (length < 0) {
        return;
      }
      if (full || length >= SLOT_BYTES) {
        counters.drop(full ? Drop.NO_ROUTE : Drop.BAD_FRAME);
        continue;
      }
      lengths[(int) (next % SLOTS)] = length;
      tail.set(next + 1);
      if (drainScheduled.compareAndSet(false, true)) {
        engineThread.execute(drain);
      }
    }
  }

  /** On the engine thread: hands over every frame published so far. */
  private void drain(FrameSink sink) {
    drainScheduled.set(false);
    long end = tail.get();
    for (long at = head.get(); at < end; at++) {
      int slot = (int) (at % SLOTS);
      try {
        sink.frame(slots[slot], lengths[slot]);
      } finally {
        head.set(at + 1);
      }
    }
  }

  /** Closes the device (the kernel removes the interface) and waits for the reader to end. */
  @Override
  public void close() {
    device.close();
    try {
      reader.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
