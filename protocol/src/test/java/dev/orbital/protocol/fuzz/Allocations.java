package dev.orbital.protocol.fuzz;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated on the heap by the current thread, from HotSpot's per-thread counter (TLAB usage
 * included, so it is exact enough to bound a single call).
 */
final class Allocations {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private Allocations() {}

  static boolean supported() {
    return THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled();
  }

  /** A running total: subtract two readings to get what the thread allocated in between. */
  static long current() {
    return THREADS.getCurrentThreadAllocatedBytes();
  }
}
