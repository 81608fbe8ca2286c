package dev.orbital.root.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbital.protocol.identity.Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootIdentityStoreTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dataDir;

  @Test
  void shouldGenerateAnIdentityOnFirstStartAndKeepItAfterwards() throws Exception {
    Identity first = RootIdentityStore.load(Optional.empty(), dataDir, RANDOM);
    Identity second = RootIdentityStore.load(Optional.empty(), dataDir, RANDOM);

    assertThat(second.toSecretString()).isEqualTo(first.toSecretString());
    Path secret = dataDir.resolve(RootIdentityStore.SECRET_FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(dataDir.resolve(RootIdentityStore.PUBLIC_FILE)))
        .isEqualTo(first.toString());
  }

  @Test
  void shouldUseTheConfiguredSecretIdentityAndWriteNothing() {
    Identity configured = Identity.generate(RANDOM);

    Identity loaded =
        RootIdentityStore.load(Optional.of(configured.toSecretString()), dataDir, RANDOM);

    assertThat(loaded.address()).isEqualTo(configured.address());
    assertThat(dataDir.resolve(RootIdentityStore.SECRET_FILE)).doesNotExist();
  }

  @Test
  void shouldRefuseAPublicOnlyOrMalformedIdentityNamingWhereItCameFrom() throws Exception {
    Identity identity = Identity.generate(RANDOM);

    assertThatThrownBy(
            () -> RootIdentityStore.load(Optional.of(identity.toString()), dataDir, RANDOM))
        .hasMessageContaining("orbital.root.identity")
        .hasMessageContaining("no private key");
    Files.writeString(dataDir.resolve(RootIdentityStore.SECRET_FILE), "garbage");
    assertThatThrownBy(() -> RootIdentityStore.load(Optional.empty(), dataDir, RANDOM))
        .hasMessageContaining(RootIdentityStore.SECRET_FILE);
  }
}
