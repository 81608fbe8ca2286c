package dev.orbital.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbital.protocol.identity.Identity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeHomeTest {

  @TempDir Path dir;

  @Test
  void shouldGenerateTheIdentityOnceAndKeepItSecret() throws IOException {
    NodeHome home = NodeHome.open(dir);
    Identity first = home.identity();

    assertThat(first.hasPrivateKey()).isTrue();
    assertThat(NodeHome.open(dir).identity().toSecretString()).isEqualTo(first.toSecretString());
    assertThat(Files.readString(dir.resolve("identity.public"))).isEqualTo(first.toString());
    assertThat(Files.getPosixFilePermissions(dir.resolve("identity.secret")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void shouldRefuseAnIdentityFileWithoutPrivateKey() throws IOException {
    NodeHome home = NodeHome.open(dir);
    Identity identity = home.identity();
    Files.writeString(dir.resolve("identity.secret"), identity.toString());

    assertThatThrownBy(() -> NodeHome.open(dir).identity())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no private key");
  }

  @Test
  void shouldMakeAStableOwnerOnlyAuthToken() throws IOException {
    String token = NodeHome.open(dir).authToken();

    assertThat(token).matches("[a-z0-9]{24}");
    assertThat(NodeHome.open(dir).authToken()).isEqualTo(token);
    assertThat(Files.getPosixFilePermissions(dir.resolve("authtoken.secret")))
        .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
  }

  @Test
  void shouldRememberJoinedNetworksAndForgetThemWithTheirConfig() throws IOException {
    NodeHome home = NodeHome.open(dir);
    home.rememberJoined(0x8056c2e21c000001L);
    home.rememberJoined(0x1c33c1ced015c144L);
    home.saveConfig(0x8056c2e21c000001L, new byte[] {1, 2, 3});
    Files.writeString(dir.resolve("networks.d").resolve("junk.conf"), "");

    assertThat(NodeHome.open(dir).joinedNetworks())
        .containsExactlyInAnyOrder(0x8056c2e21c000001L, 0x1c33c1ced015c144L);
    assertThat(home.cachedConfig(0x8056c2e21c000001L))
        .hasValueSatisfying(c -> assertThat(c).containsExactly(1, 2, 3));

    home.forgetJoined(0x8056c2e21c000001L);
    assertThat(home.joinedNetworks()).containsExactly(0x1c33c1ced015c144L);
    assertThat(home.cachedConfig(0x8056c2e21c000001L)).isEmpty();
  }

  @Test
  void shouldReadNoPlanetWhenThereIsNoneAndRefuseGarbage() throws IOException {
    assertThat(NodeHome.readWorld(dir.resolve("planet"))).isEmpty();
    Files.write(dir.resolve("planet"), new byte[] {7, 7, 7});
    assertThatThrownBy(() -> NodeHome.readWorld(dir.resolve("planet")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a world");
  }
}
