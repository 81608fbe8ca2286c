package dev.orbital.controller.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.controller.ControllerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokenTest {

  @TempDir Path dataDir;

  private ApiToken load(Optional<String> configured) {
    ApiToken token = new ApiToken();
    token.config = config(dataDir, configured);
    token.load();
    return token;
  }

  @Test
  void shouldGenerateAStockStyleTokenOnFirstStartReadableByTheOwnerOnly() throws IOException {
    ApiToken token = load(Optional.empty());

    Path file = dataDir.resolve("authtoken.secret");
    String text = Files.readString(file);
    assertThat(text).matches("[a-z0-9]{24}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(token.matches(text)).isTrue();
    assertThat(token.matches(text + "x")).isFalse();
    assertThat(token.matches(null)).isFalse();
  }

  @Test
  void shouldKeepTheTokenAcrossRestarts() throws IOException {
    load(Optional.empty());
    String first = Files.readString(dataDir.resolve("authtoken.secret"));

    assertThat(load(Optional.empty()).matches(first)).isTrue();
  }

  @Test
  void shouldPreferTheConfiguredTokenAndWriteNothing() {
    ApiToken token = load(Optional.of("configured"));

    assertThat(token.matches("configured")).isTrue();
    assertThat(dataDir.resolve("authtoken.secret")).doesNotExist();
  }

  private static ControllerConfig config(Path dataDir, Optional<String> token) {
    return new ControllerConfig() {
      @Override
      public String dataDir() {
        return dataDir.toString();
      }

      @Override
      public Optional<String> authToken() {
        return token;
      }

      @Override
      public Optional<String> identity() {
        return Optional.empty();
      }

      @Override
      public String topicPrefix() {
        return "orbital";
      }

      @Override
      public int topicPartitions() {
        return 1;
      }

      @Override
      public short topicReplicationFactor() {
        return 1;
      }

      @Override
      public Duration writeTimeout() {
        return Duration.ofSeconds(1);
      }

      @Override
      public Duration appendTimeout() {
        return Duration.ofSeconds(1);
      }

      @Override
      public int maxWaitingWrites() {
        return 1;
      }

      @Override
      public Duration retryAfter() {
        return Duration.ofSeconds(1);
      }

      @Override
      public Duration healthInterval() {
        return Duration.ofSeconds(1);
      }

      @Override
      public Duration maxViewLag() {
        return Duration.ofSeconds(1);
      }

      @Override
      public Duration groupSessionTimeout() {
        return Duration.ofSeconds(6);
      }

      @Override
      public Duration transactionTimeout() {
        return Duration.ofSeconds(10);
      }

      @Override
      public Wire wire() {
        return null;
      }
    };
  }
}
