package dev.orbital.node.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command to its end and gives its exit status and output (stdout and stderr). */
final class Shell {

  private Shell() {}

  record Result(int exitCode, String output) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  static Result run(List<String> command, String stdin, long timeoutSeconds)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (stdin != null) {
      process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not end in " + timeoutSeconds + " s");
    }
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** Runs the command and fails with its output if it does not exit 0. */
  static String check(String... command) throws IOException, InterruptedException {
    return checkWithInput(null, command);
  }

  static String checkWithInput(String stdin, String... command)
      throws IOException, InterruptedException {
    Result result = run(List.of(command), stdin, 30);
    if (!result.ok()) {
      throw new IOException(
          String.join(" ", command) + " exited " + result.exitCode() + ": " + result.output());
    }
    return result.output();
  }
}
