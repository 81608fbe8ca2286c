package dev.orbital.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {

  @TempDir Path dataDir;

  private Path file() {
    return dataDir.resolve("authtoken.secret");
  }

  @Test
  void shouldGenerateAStockStyleTokenOnFirstStartReadableByTheOwnerOnly() throws IOException {
    AdminToken token = AdminToken.load(Optional.empty(), file(), true).orElseThrow();

    String text = Files.readString(file());
    assertThat(text).matches("[a-z0-9]{24}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file())))
        .isEqualTo("rw-------");
    assertThat(token.matches(text)).isTrue();
    assertThat(token.matches(text + "x")).isFalse();
    assertThat(token.matches(text.substring(1))).isFalse();
    assertThat(token.matches(null)).isFalse();
    assertThat(token).hasToString("[secret]");
  }

  @Test
  void shouldKeepTheTokenAcrossRestarts() throws IOException {
    AdminToken.load(Optional.empty(), file(), true);
    String first = Files.readString(file());

    assertThat(AdminToken.load(Optional.empty(), file(), true).orElseThrow().matches(first))
        .isTrue();
  }

  @Test
  void shouldPreferTheConfiguredTokenAndWriteNothing() {
    AdminToken token = AdminToken.load(Optional.of("configured\n"), file(), true).orElseThrow();

    assertThat(token.matches("configured")).isTrue();
    assertThat(file()).doesNotExist();
  }

  @Test
  void shouldSayThereIsNoTokenWhenNothingMayBeGenerated() {
    assertThat(AdminToken.load(Optional.empty(), file(), false)).isEmpty();
    assertThat(file()).doesNotExist();
  }

  @Test
  void shouldRefuseAnEmptyToken() {
    assertThatThrownBy(() -> AdminToken.of("  ")).hasMessageContaining("empty");
  }

  @Test
  void shouldMakeAnUnknownTokenThatMatchesNothingGuessable() {
    AdminToken unknown = AdminToken.unknown();

    assertThat(unknown.matches("")).isFalse();
    assertThat(unknown.matches("null")).isFalse();
    assertThat(unknown.matches(AdminToken.unknown().toString())).isFalse();
  }
}
