package dev.orbital.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.world.World;
import dev.orbital.protocol.world.WorldCodec;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's first command: {@code ./orbital up} from nothing (a fresh state directory, its own
 * ports) brings up Kafka, a root, the controller and the relay; the controller API answers with the
 * printed token and the root serves its planet; every other HTTP endpoint of the three services
 * asks for that token ({@link EndpointProbe}); {@code ./orbital down} then stops every process it
 * started.
 */
class LauncherIT {

  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern TOKEN = Pattern.compile("token:\\s+([a-z0-9]{24})");

  private final Path home = Path.of("target", "orbital-it").toAbsolutePath();
  private final int base = freePortBase();
  private final HttpClient http = HttpClient.newHttpClient();
  // The root's endpoint in its planet: loopback, unless a test needs namespaces to reach it.
  private String endpoint = "127.0.0.1";

  @AfterEach
  void stopEverything() throws Exception {
    run("down");
  }

  @Test
  void shouldStartEverythingAnswerAndStopEveryProcessItStarted() throws Exception {
    deleteRecursively(home);

    Run up = run("up");

    assertThat(up.exitCode()).as(up.output()).isZero();
    assertThat(up.output())
        .contains("kafka healthy", "root healthy", "controller healthy", "relay healthy");
    Matcher token = TOKEN.matcher(up.output());
    assertThat(token.find()).as(up.output()).isTrue();

    HttpResponse<String> controller =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (base + 3) + "/controller"))
                .header("X-ZT1-Auth", token.group(1))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(controller.statusCode()).isEqualTo(200);
    assertThat(controller.body()).contains("\"controller\":true");
    // The chart's probes: the packaged controller serves SmallRye Health.
    for (String probe : List.of("started", "ready", "live")) {
      HttpResponse<String> health =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + (base + 3) + "/q/health/" + probe))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).as(probe).isEqualTo(200);
      assertThat(health.body()).contains("\"status\": \"UP\"");
    }

    HttpResponse<byte[]> planet =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (base + 1) + "/world/planet"))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(planet.statusCode()).isEqualTo(200);
    World world = WorldCodec.decode(planet.body());
    assertThat(world.roots()).hasSize(1);
    assertThat(up.output()).contains("world " + world.id());

    new EndpointProbe(http, base, token.group(1)).assertOnlyHealthPlanetAndPageAreOpen();

    List<Long> pids = recordedPids();
    assertThat(pids).hasSize(4).allMatch(LauncherIT::running);
    Run status = run("status");
    assertThat(status.exitCode()).as(status.output()).isZero();
    for (long pid : pids) {
      assertThat(status.output()).containsPattern("\\s" + pid + "\\s+healthy\\s");
    }

    Run down = run("down");

    assertThat(down.exitCode()).as(down.output()).isZero();
    assertThat(pids).noneMatch(LauncherIT::running);
    assertThat(allFree(base)).as("every port of the range free again").isTrue();
    assertThat(recordedPids()).isEmpty();
    Run after = run("status");
    assertThat(after.exitCode()).isNotZero();
    assertThat(after.output())
        .contains("kafka", "root", "controller", "relay")
        .doesNotContain("healthy");
  }

  /**
   * {@code ./orbital demo} (as root): two packaged nodes in two fresh namespaces join a network the
   * demo creates through the REST API, get authorized and addresses from its pool, and ping each
   * other over their TAPs; afterwards no namespace, link or node process of the demo remains.
   */
  @Test
  void shouldShowTwoNodesPingingOverTheirNetworkAndLeaveNothingBehind() throws Exception {
    deleteRecursively(home);
    // The namespaces reach the root at this host's own address (the script's default), never
    // beyond this machine.
    endpoint = null;

    Run demo = run("demo");

    assertThat(demo.exitCode()).as(demo.output()).isZero();
    assertThat(demo.output())
        .contains("3 packets transmitted, 3 received, 0% packet loss")
        .containsPattern(
            "orbital demo: OK: [0-9a-f]{10} \\(10\\.[0-9.]+\\) and [0-9a-f]{10} \\(10\\.[0-9.]+\\)"
                + " talk over network [0-9a-f]{16}");
    Matcher prefix = Pattern.compile("namespaces (orbdemo-[0-9a-f]{4})-a ").matcher(demo.output());
    assertThat(prefix.find()).as(demo.output()).isTrue();
    Matcher nodePids = Pattern.compile("\\(PID (\\d+), namespace").matcher(demo.output());
    List<Long> pids = new ArrayList<>();
    while (nodePids.find()) {
      pids.add(Long.parseLong(nodePids.group(1)));
    }
    assertThat(pids).hasSize(2).noneMatch(LauncherIT::running);
    assertThat(command("ip", "netns", "list")).doesNotContain(prefix.group(1));
    assertThat(command("ip", "-o", "link", "show")).doesNotContain(prefix.group(1));
    assertThat(ProcessHandle.allProcesses())
        .noneMatch(
            p ->
                p.info().arguments().stream()
                    .flatMap(Stream::of)
                    .anyMatch(a -> a.equals("-Dorbital.demo=" + prefix.group(1) + "-a")));
    assertThat(home.resolve("demo")).doesNotExist();
    // The services stay up for more; the demo's network is gone from the controller.
    Run status = run("status");
    assertThat(status.exitCode()).as(status.output()).isZero();
    Matcher token = TOKEN.matcher(demo.output());
    Matcher network = Pattern.compile("network ([0-9a-f]{16}) created").matcher(demo.output());
    assertThat(token.find() && network.find()).as(demo.output()).isTrue();
    HttpResponse<String> networks =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + (base + 3) + "/controller/network"))
                .header("X-ZT1-Auth", token.group(1))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(networks.statusCode()).isEqualTo(200);
    assertThat(networks.body()).doesNotContain(network.group(1));
  }

  @Test
  void shouldPrintTheControllerSecretKubernetesAccepts() throws Exception {
    Run secrets = run("secrets", "secret", "orbital-controller");

    assertThat(secrets.exitCode()).as(secrets.output()).isZero();
    Secret secret = (Secret) StrictManifests.parse(secrets.output()).get(0);
    assertThat(Identity.parse(secret.getStringData().get("identity")).locallyValidate()).isTrue();
  }

  private List<Long> recordedPids() throws IOException {
    Path run = home.resolve("run");
    if (!Files.isDirectory(run)) {
      return List.of();
    }
    List<Long> pids = new ArrayList<>();
    try (Stream<Path> files = Files.list(run)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
        pids.add(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim()));
      }
    }
    return pids;
  }

  private Run run(String command, String... arguments) throws IOException, InterruptedException {
    List<String> commandLine = new ArrayList<>();
    commandLine.add(REPOSITORY.resolve("orbital").toString());
    commandLine.add(command);
    commandLine.addAll(List.of(arguments));
    ProcessBuilder builder =
        new ProcessBuilder(commandLine).directory(REPOSITORY.toFile()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("ORBITAL_HOME", home.toString());
    env.put("ORBITAL_PORT_BASE", String.valueOf(base));
    if (endpoint != null) {
      env.put("ORBITAL_ENDPOINT", endpoint);
    } else {
      env.remove("ORBITAL_ENDPOINT");
    }
    // The reactor packaged every program before this module; never start a nested build.
    env.put("ORBITAL_BUILD", "never");
    Path log =
        home.resolveSibling(
            "orbital-it-" + String.join("-", commandLine.subList(1, commandLine.size())) + ".log");
    Files.createDirectories(log.getParent());
    builder.redirectOutput(log.toFile());
    Process process = builder.start();
    if (!process.waitFor(150, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  private record Run(int exitCode, String output) {}

  private static String command(String... commandLine) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(commandLine).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  /** A base whose nine ports (TCP and UDP) are free now, away from the ephemeral range. */
  private static int freePortBase() {
    for (int attempt = 0; attempt < 50; attempt++) {
      int candidate = ThreadLocalRandom.current().nextInt(20_000, 30_000);
      if (allFree(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("no free range of 9 ports found");
  }

  /**
   * Whether a process still runs: a zombie has ended (its ports and memory are released) and only
   * waits for the process that adopted it to reap it, which ProcessHandle.isAlive does not tell.
   */
  private static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean allFree(int base) {
    InetAddress any = InetAddress.getLoopbackAddress();
    for (int port = base; port <= base + 8; port++) {
      try (ServerSocket tcp = new ServerSocket(port, 1, any);
          DatagramSocket udp = new DatagramSocket(port)) {
        assertThat(udp.getLocalPort()).isEqualTo(tcp.getLocalPort());
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
