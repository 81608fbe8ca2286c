package dev.orbital.node.tap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A fresh network namespace ({@code ip netns add}) and one thread that has entered it with {@code
 * setns}: TAP devices opened and {@code ip} commands run from that thread live in the namespace, so
 * tests never touch the host's interfaces, addresses or routes. {@link #close()} deletes the
 * namespace and everything in it.
 */
final class NetworkNamespace implements AutoCloseable {

  private static final int CLONE_NEWNET = 0x40000000;
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    Native.register(NativeLibrary.getInstance("c"));
  }

  private static native int setns(int fd, int nstype) throws LastErrorException;

  private static native int geteuid();

  private static native int open(String path, int flags) throws LastErrorException;

  private static native int close(int fd) throws LastErrorException;

  private final String name;
  private final ExecutorService thread;

  private NetworkNamespace(String name) {
    this.name = name;
    this.thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "netns-" + name);
              t.setDaemon(true);
              return t;
            });
  }

  /** Fails (never skips) when the machine cannot run TAP tests: they need root and /dev/net/tun. */
  static void requireTapSupport() {
    assertThat(geteuid())
        .as("TAP tests create interfaces and namespaces: run them as root (CI does)")
        .isZero();
    assertThat(Path.of("/dev/net/tun"))
        .as("TAP tests need /dev/net/tun (modprobe tun; in a container: --device /dev/net/tun)")
        .exists();
  }

  static NetworkNamespace create() throws Exception {
    NetworkNamespace ns =
        new NetworkNamespace("orbt-" + UUID.randomUUID().toString().substring(0, 8));
    run("ip", "netns", "add", ns.name);
    try {
      ns.call(
          () -> {
            int fd = open("/run/netns/" + ns.name, 0x80000);
            try {
              setns(fd, CLONE_NEWNET);
            } finally {
              close(fd);
            }
            return null;
          });
    } catch (Exception e) {
      ns.close();
      throw e;
    }
    return ns;
  }

  String name() {
    return name;
  }

  /** Runs the work on the thread inside the namespace. */
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

  /** {@code ip -n <ns> -j args...}, parsed. */
  JsonNode ipJson(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ip", "-n", name, "-j"));
    command.addAll(List.of(args));
    String out = run(command.toArray(String[]::new));
    return out.isBlank() ? JSON.createArrayNode() : JSON.readTree(out);
  }

  /** Whether an interface of that name exists in the namespace. */
  boolean hasLink(String ifname) throws IOException, InterruptedException {
    for (JsonNode link : ipJson("link", "show")) {
      if (link.path("ifname").asText().equals(ifname)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() throws IOException {
    thread.shutdownNow();
    try {
      thread.awaitTermination(10, TimeUnit.SECONDS);
      if (Files.exists(Path.of("/run/netns/" + name))) {
        run("ip", "netns", "del", name);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while deleting network namespace " + name, e);
    }
  }

  static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " timed out");
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          String.join(" ", command) + " exited " + process.exitValue() + ": " + out);
    }
    return out;
  }
}
