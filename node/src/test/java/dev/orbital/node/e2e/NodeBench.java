package dev.orbital.node.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Not a test: the node's benchmark, run only by {@code node/bench/bench.sh} (its name matches no
 * test pattern, so the default build never runs it). Two nodes on public addresses in one lab;
 * every number over the nodes' TAP is printed beside the same measurement over the plain veths
 * between the two namespaces (the path the nodes' UDP takes), measured in the same run, and their
 * ratio. Results go to {@code node/target/bench/results.txt}.
 */
class NodeBench {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern RTT =
      Pattern.compile("rtt min/avg/max/mdev = ([\\d.]+)/([\\d.]+)/([\\d.]+)/([\\d.]+) ms");
  private static final int IPERF_SECONDS = Integer.getInteger("bench.iperf.seconds", 10);
  private static final int PINGS = Integer.getInteger("bench.pings", 50);
  private static final String PING_INTERVAL = System.getProperty("bench.ping.interval", "0.1");
  private static final int JOINS = Integer.getInteger("bench.joins", 3);

  private final List<String> lines = new ArrayList<>();

  @Test
  void measure() throws Exception {
    try (OrbitalLab lab = OrbitalLab.startDirect("nb", "a", "b")) {
      NodeProcess a = lab.startNode("a");
      NodeProcess b = lab.startNode("b");
      List<Long> joinMillis = new ArrayList<>();
      String nwid = null;
      for (int i = 0; i < JOINS; i++) {
        String id =
            lab.controller()
                .createNetwork(
                    "bench" + i,
                    "10.148." + i + ".10",
                    "10.148." + i + ".200",
                    "10.148." + i + ".0/24",
                    2800);
        lab.controller().authorize(id, a.address());
        lab.controller().authorize(id, b.address());
        joinMillis.add(joinTime(lab, b, id));
        joinTime(lab, a, id);
        nwid = id;
      }
      String ipB = b.assignedIpv4(nwid).orElseThrow();
      String veth = lab.network().publicAddress("b");
      await("a reaches b over the TAP")
          .atMost(Duration.ofSeconds(60))
          .until(() -> lab.ping("a", ipB));
      await("a direct path")
          .atMost(Duration.ofSeconds(120))
          .until(() -> a.directPathTo(b.address()).isPresent());

      line("join (join command -> address on the TAP), ms: %s", joinMillis);
      double[] rttVeth = rtt(lab, veth);
      double[] rttTap = rtt(lab, ipB);
      line(
          "ping RTT avg/mdev, ms: veth %.3f/%.3f  TAP %.3f/%.3f  ratio TAP/veth %.2f",
          rttVeth[0], rttVeth[1], rttTap[0], rttTap[1], rttTap[0] / rttVeth[0]);
      for (boolean reverse : new boolean[] {false, true}) {
        double vethMbps = iperf(lab, veth, reverse);
        double tapMbps = iperf(lab, ipB, reverse);
        line(
            "iperf3 TCP %ds %s, Mbit/s: veth %.0f  TAP %.0f  ratio TAP/veth %.3f",
            IPERF_SECONDS, reverse ? "b->a" : "a->b", vethMbps, tapMbps, tapMbps / vethMbps);
      }
      // Again once the iperf3 runs pushed millions of frames through both nodes: the first pings
      // run the per-packet path before the JIT compiled it, these after.
      double[] rttWarm = rtt(lab, ipB);
      line(
          "ping RTT avg/mdev after iperf3 (JIT-compiled path), ms: TAP %.3f/%.3f  ratio TAP/veth %.2f",
          rttWarm[0], rttWarm[1], rttWarm[0] / rttVeth[0]);
    }
    Path out = Path.of("target/bench/results.txt").toAbsolutePath();
    Files.createDirectories(out.getParent());
    Files.write(out, lines, StandardCharsets.UTF_8);
  }

  /** Milliseconds from the CLI's join to the assigned address on the node's TAP. */
  private static long joinTime(OrbitalLab lab, NodeProcess node, String nwid) throws Exception {
    long start = System.nanoTime();
    Shell.Result joined = node.cli("join", nwid);
    if (!joined.ok()) {
      throw new IllegalStateException("join failed: " + joined.output());
    }
    long deadline = start + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<String> ip = node.assignedIpv4(nwid);
      if (ip.isPresent()
          && lab.network()
              .exec(node.namespace(), "ip", "-4", "-o", "addr", "show")
              .output()
              .contains(" " + ip.get() + "/")) {
        return (System.nanoTime() - start) / 1_000_000;
      }
      Thread.onSpinWait();
    }
    throw new IllegalStateException("no address on the TAP of " + node.name() + " in 60 s");
  }

  private static double[] rtt(OrbitalLab lab, String address) throws Exception {
    Shell.Result ping =
        lab.network()
            .exec(
                lab.network().namespace("a"),
                "ping",
                "-n",
                "-q",
                "-i",
                PING_INTERVAL,
                "-c",
                String.valueOf(PINGS),
                address);
    Matcher m = RTT.matcher(ping.output());
    if (!m.find()) {
      throw new IllegalStateException("ping " + address + ": " + ping.output());
    }
    return new double[] {Double.parseDouble(m.group(2)), Double.parseDouble(m.group(4))};
  }

  /** One iperf3 TCP run from a to an address in b, reverse = b sends; Mbit/s received. */
  private static double iperf(OrbitalLab lab, String address, boolean reverse) throws Exception {
    String nsB = lab.network().namespace("b");
    Process server =
        new ProcessBuilder("ip", "netns", "exec", nsB, "iperf3", "-s", "-B", address)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      List<String> client =
          new ArrayList<>(
              List.of("iperf3", "-c", address, "-t", String.valueOf(IPERF_SECONDS), "-J"));
      if (reverse) {
        client.add("-R");
      }
      String last = "";
      for (int attempt = 0; attempt < 50; attempt++) {
        Shell.Result result =
            lab.network().exec(lab.network().namespace("a"), client.toArray(String[]::new));
        last = result.output();
        if (result.ok()) {
          double mbps =
              JSON.readTree(last)
                      .path("end")
                      .path("sum_received")
                      .path("bits_per_second")
                      .asDouble()
                  / 1e6;
          if (mbps > 0) {
            return mbps;
          }
        }
        Thread.sleep(100); // the server is still binding, or the run measured nothing: again
      }
      throw new IOException("iperf3 to " + address + ": " + last);
    } finally {
      server.destroy();
      server.waitFor();
    }
  }

  private void line(String format, Object... args) {
    String line = String.format(format, args);
    lines.add(line);
    System.out.println("BENCH " + line);
  }
}
