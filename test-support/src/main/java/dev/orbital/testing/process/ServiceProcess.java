package dev.orbital.testing.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of this repository's programs run as a separate JVM for a test: a Quarkus application from
 * its module's {@code target/quarkus-app}, or any main class on a classpath. Output goes to a log
 * file; {@link #close()} stops the process it started (by its handle, never by name) and waits for
 * it to end.
 */
public final class ServiceProcess implements AutoCloseable {

  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final String name;
  private final Process process;
  private final Path log;

  private ServiceProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** A Quarkus application built by the module of that name in this repository. */
  public static Builder quarkusApp(String module) {
    Path jar = repositoryRoot().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: package " + module + " first (the build's package phase does)");
    }
    return new Builder(module, List.of("-jar", jar.toString()));
  }

  /** A main class on an explicit classpath (for example this test JVM's own). */
  public static Builder mainClass(String name, String classpath, String mainClass) {
    return new Builder(name, List.of("-cp", classpath, mainClass));
  }

  /** The directory holding {@code mvnw}, found from the working directory upwards. */
  public static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "not inside the Orbital repository: " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** Ends the process at once, as a crash or {@code kill -9} would. */
  public void kill() {
    process.destroyForcibly();
    awaitExit();
  }

  /** Asks the process to stop (SIGTERM), and kills it if it has not ended after a grace period. */
  @Override
  public void close() {
    process.destroy();
    if (!awaitExit()) {
      kill();
    }
  }

  private boolean awaitExit() {
    try {
      return process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return false;
    }
  }

  /** The last lines the process wrote, for failure messages. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Waits until {@code url} answers 200, failing early with the log's tail if the process ends. */
  public ServiceProcess awaitHttpOk(URI url, Duration timeout)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name
                + " exited with "
                + process.exitValue()
                + " before "
                + url
                + " answered:\n"
                + logTail(40));
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return this;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            name + " did not answer 200 on " + url + " within " + timeout + ":\n" + logTail(40));
      }
      Thread.sleep(100);
    }
  }

  @Override
  public String toString() {
    return name + "[pid " + process.pid() + "]";
  }

  /** How to start one process. */
  public static final class Builder {
    private final String name;
    private final List<String> target;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> arguments = new ArrayList<>();
    private List<String> prefix = List.of();
    private Path log;

    private Builder(String name, List<String> target) {
      this.name = name;
      this.target = target;
    }

    /** A system property ({@code -Dkey=value}); Quarkus reads its configuration from these. */
    public Builder property(String key, Object value) {
      properties.put(key, String.valueOf(value));
      return this;
    }

    public Builder environment(String key, String value) {
      environment.put(key, value);
      return this;
    }

    public Builder jvmOption(String option) {
      jvmOptions.add(option);
      return this;
    }

    public Builder argument(String argument) {
      arguments.add(argument);
      return this;
    }

    /** Runs the JVM through a wrapper command, e.g. {@code ip netns exec <ns>}. */
    public Builder wrappedIn(String... command) {
      prefix = List.of(command);
      return this;
    }

    /** Where output goes; by default {@code target/<name>-<pid>.log} of the calling module. */
    public Builder log(Path file) {
      this.log = file;
      return this;
    }

    public ServiceProcess start() throws IOException {
      List<String> command = new ArrayList<>(prefix);
      command.add(ProcessHandle.current().info().command().orElse("java"));
      command.addAll(jvmOptions);
      properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
      command.addAll(target);
      command.addAll(arguments);
      Path file = log;
      if (file == null) {
        Files.createDirectories(Path.of("target"));
        file = Files.createTempFile(Path.of("target"), name + "-", ".log");
      } else if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(file.toFile()));
      builder.environment().putAll(environment);
      return new ServiceProcess(name, builder.start(), file);
    }
  }
}
