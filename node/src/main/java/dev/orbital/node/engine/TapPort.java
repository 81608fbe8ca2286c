package dev.orbital.node.engine;

import dev.orbital.node.tap.TapConfigurator;
import dev.orbital.node.tap.TapDevice;
import dev.orbital.node.tap.TapException;
import dev.orbital.node.tap.TapState;
import java.lang.System.Logger.Level;

/**
 * A network's TAP device, the configurator that keeps it in its config's state, and the thread that
 * reads frames from it. The reader reuses one buffer and hands each frame to a {@link FrameSink}.
 */
public final class TapPort implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(TapPort.class.getName());

  /** Receives a frame read from the TAP; {@code frame[0 .. length)} is valid during the call. */
  @FunctionalInterface
  interface FrameSink {
    void frame(byte[] frame, int length);
  }

  private final TapDevice device;
  private final TapConfigurator configurator;
  private final Thread reader;

  private TapPort(TapDevice device, FrameSink sink) {
    this.device = device;
    this.configurator = new TapConfigurator(device);
    this.reader = new Thread(() -> readLoop(sink), "tap-" + device.name());
    reader.setDaemon(true);
  }

  /** Creates the device; the reader starts with {@link #start}. */
  static TapPort open(String name, FrameSink sink) throws TapException {
    return new TapPort(TapDevice.open(name), sink);
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

  private void readLoop(FrameSink sink) {
    byte[] buffer = new byte[TapDevice.MAX_FRAME_LENGTH];
    while (true) {
      int length;
      try {
        length = device.read(buffer, 0, buffer.length);
      } catch (TapException e) {
        if (!device.isClosed()) {
          LOG.log(Level.WARNING, "reading {0} failed: {1}", device.name(), e.getMessage());
        }
        return;
      }
      if (length < 0) {
        return;
      }
      sink.frame(buffer, length);
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
