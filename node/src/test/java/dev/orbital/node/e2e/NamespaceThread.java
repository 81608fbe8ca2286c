package dev.orbital.node.e2e;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One thread of the test JVM that has entered a network namespace with {@code setns}: sockets it
 * opens (e.g. a blocking HTTP call to a node's 127.0.0.1 API) live in that namespace.
 */
final class NamespaceThread implements AutoCloseable {

  private static final int CLONE_NEWNET = 0x40000000;
  private static final int O_RDONLY_CLOEXEC = 0x80000;

  static {
    Native.register(NativeLibrary.getInstance("c"));
  }

  private static native int setns(int fd, int nstype) throws LastErrorException;

  private static native int open(String path, int flags) throws LastErrorException;

  private static native int close(int fd) throws LastErrorException;

  private final ExecutorService thread;

  NamespaceThread(String namespace) throws Exception {
    thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "netns-" + namespace);
              t.setDaemon(true);
              return t;
            });
    try {
      call(
          () -> {
            int fd = open("/run/netns/" + namespace, O_RDONLY_CLOEXEC);
            try {
              setns(fd, CLONE_NEWNET);
            } finally {
              close(fd);
            }
            return null;
          });
    } catch (Exception e) {
      thread.shutdownNow();
      throw e;
    }
  }

  <T> T call(Callable<T> work) throws Exception {
    Future<T> future = thread.submit(work);
    try {
      return future.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
