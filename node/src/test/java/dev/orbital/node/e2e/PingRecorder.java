package dev.orbital.node.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ping -D -i 0.1} running in a namespace, recording when each answer arrived (ping's own
 * timestamps, wall clock), to tell when traffic stopped. {@link #close()} stops it by its handle.
 */
final class PingRecorder implements AutoCloseable {

  private static final Pattern ANSWER = Pattern.compile("^\\[(\\d+)\\.(\\d{6})\\] \\d+ bytes from");

  private final Process process;
  private final List<Long> answers = new CopyOnWriteArrayList<>();
  private final Thread reader;

  PingRecorder(String namespace, String address) throws IOException {
    process =
        new ProcessBuilder(
                "ip", "netns", "exec", namespace, "ping", "-n", "-D", "-i", "0.1", "-W", "1",
                address)
            .redirectErrorStream(true)
            .start();
    reader = new Thread(this::read, "ping-" + address);
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        Matcher m = ANSWER.matcher(line);
        if (m.find()) {
          answers.add(Long.parseLong(m.group(1)) * 1000 + Long.parseLong(m.group(2)) / 1000);
        }
      }
    } catch (IOException ended) {
      // The process was stopped.
    }
  }

  /** When answers arrived, milliseconds since the epoch. */
  List<Long> answers() {
    return List.copyOf(answers);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
      reader.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
