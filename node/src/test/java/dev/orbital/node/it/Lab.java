package dev.orbital.node.it;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A small test network: a hub namespace holding a bridge, a veth from the host onto it (so that
 * processes on the host, like the root, are reachable at {@link #hostAddress()}), and one namespace
 * per node on the same bridge, each with a thread that has entered it. Everything carries a random
 * prefix and is deleted by {@link #close()}.
 */
final class Lab implements AutoCloseable {

  private static final int CLONE_NEWNET = 0x40000000;

  static {
    Native.register(NativeLibrary.getInstance("c"));
  }

  private static native int setns(int fd, int nstype) throws LastErrorException;

  private static native int open(String path, int flags) throws LastErrorException;

  private static native int close(int fd) throws LastErrorException;

  private final String id = UUID.randomUUID().toString().substring(0, 6);
  private final String subnet;
  private final String hub = "ne-hub-" + id;
  private final String hostLink = "ne" + id + "h";
  private final List<Namespace> namespaces = new ArrayList<>();

  /** A node's namespace and the thread inside it. */
  final class Namespace {
    final String name;
    final String address;
    private final ExecutorService thread;

    Namespace(String name, String address) {
      this.name = name;
      this.address = address;
      this.thread =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "netns-" + name);
                t.setDaemon(true);
                return t;
              });
    }

    <T> T call(Callable<T> work) throws Exception {
      Future<T> future = thread.submit(work);
      try {
        return future.get(60, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Exception) {
          throw (Exception) e.getCause();
        }
        throw e;
      }
    }

    /** Runs a command inside the namespace; returns its exit status and output. */
    Result exec(String... command) throws IOException, InterruptedException {
      List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
      full.addAll(List.of(command));
      return Lab.exec(full.toArray(String[]::new));
    }
  }

  record Result(int status, String output) {}

  private Lab() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    subnet = "10." + (150 + random.nextInt(100)) + "." + random.nextInt(250) + ".";
  }

  static Lab create() throws IOException, InterruptedException {
    Lab lab = new Lab();
    try {
      run("ip", "netns", "add", lab.hub);
      run("ip", "-n", lab.hub, "link", "add", "br0", "type", "bridge");
      run("ip", "-n", lab.hub, "link", "set", "br0", "up");
      run(
          "ip",
          "link",
          "add",
          lab.hostLink,
          "type",
          "veth",
          "peer",
          "name",
          "h0",
          "netns",
          lab.hub);
      run("ip", "addr", "add", lab.subnet + "1/24", "dev", lab.hostLink);
      run("ip", "link", "set", lab.hostLink, "up");
      run("ip", "-n", lab.hub, "link", "set", "h0", "master", "br0", "up");
    } catch (IOException | InterruptedException e) {
      lab.close();
      throw e;
    }
    return lab;
  }

  String hostAddress() {
    return subnet + "1";
  }

  /** A new namespace on the bridge, at the next address. */
  Namespace namespace() throws Exception {
    int index = namespaces.size() + 2;
    String name = "ne-" + id + "-" + index;
    Namespace ns = new Namespace(name, subnet + index);
    namespaces.add(ns);
    run("ip", "netns", "add", name);
    run(
        "ip",
        "link",
        "add",
        "v0",
        "netns",
        name,
        "type",
        "veth",
        "peer",
        "name",
        "p" + index,
        "netns",
        hub);
    run("ip", "-n", name, "addr", "add", ns.address + "/24", "dev", "v0");
    run("ip", "-n", name, "link", "set", "v0", "up");
    run("ip", "-n", name, "link", "set", "lo", "up");
    run("ip", "-n", hub, "link", "set", "p" + index, "master", "br0", "up");
    ns.call(
        () -> {
          int fd = open("/run/netns/" + name, 0x80000);
          try {
            setns(fd, CLONE_NEWNET);
          } finally {
            close(fd);
          }
          return null;
        });
    return ns;
  }

  @Override
  public void close() {
    for (Namespace ns : namespaces) {
      ns.thread.shutdownNow();
      quietly("ip", "netns", "del", ns.name);
    }
    quietly("ip", "link", "del", hostLink);
    quietly("ip", "netns", "del", hub);
  }

  private static void quietly(String... command) {
    try {
      exec(command);
    } catch (IOException e) {
      // best effort: the rest must still go
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void run(String... command) throws IOException, InterruptedException {
    Result result = exec(command);
    if (result.status() != 0) {
      throw new IOException(
          String.join(" ", command) + " exited " + result.status() + ": " + result.output());
    }
  }

  static Result exec(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " timed out");
    }
    return new Result(process.exitValue(), out);
  }
}
