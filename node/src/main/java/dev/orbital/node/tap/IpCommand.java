package dev.orbital.node.tap;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs iproute2's {@code ip} for one interface. The child process inherits the calling thread's
 * network namespace, like the TAP device itself.
 */
final class IpCommand {

  private static final long TIMEOUT_SECONDS = 10;
  private static final ProcessBuilder.Redirect NULL_DEVICE =
      ProcessBuilder.Redirect.from(new File("/dev/null"));

  private final String executable;
  private final String interfaceName;

  IpCommand(String executable, String interfaceName) {
    this.executable = executable;
    this.interfaceName = interfaceName;
  }

  /** Runs {@code ip args...} and returns its standard output; any failure names the operation. */
  String run(String operation, String... args) throws TapException {
    List<String> command = new ArrayList<>(args.length + 1);
    command.add(executable);
    command.addAll(List.of(args));
    Process process;
    try {
      process = new ProcessBuilder(command).redirectInput(NULL_DEVICE).start();
    } catch (IOException e) {
      throw new TapException(
          interfaceName, operation, "cannot run " + executable + ": " + e.getMessage(), e);
    }
    try {
      CompletableFuture<String> stderr =
          CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
      String stdout = drain(process.getInputStream());
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new TapException(interfaceName, operation, String.join(" ", command) + " timed out");
      }
      String errors = stderr.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).strip();
      if (process.exitValue() != 0) {
        throw new TapException(
            interfaceName,
            operation,
            String.join(" ", command) + " exited " + process.exitValue() + ": " + errors);
      }
      return stdout;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TapException(interfaceName, operation, "interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new TapException(interfaceName, operation, "reading stderr: " + e.getMessage(), e);
    } finally {
      process.destroyForcibly();
    }
  }

  private static String drain(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
