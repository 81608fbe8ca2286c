package dev.orbital.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.TemplateCommand;
import dev.orbital.protocol.identity.Identity;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code ./orbital secrets} prints is accepted by Kubernetes and by the chart. */
class ClusterSecretsTest {

  private final ClusterSecrets secrets = new ClusterSecrets(new SecureRandom());

  @Test
  void shouldPrintTheControllerSecretWithAValidIdentityAndToken() {
    List<HasMetadata> objects =
        StrictManifests.parse(secrets.controllerSecret("orbital-controller"));

    assertThat(objects).hasSize(1);
    Secret secret = (Secret) objects.get(0);
    assertThat(secret.getMetadata().getName()).isEqualTo("orbital-controller");
    Identity identity = Identity.parse(secret.getStringData().get("identity"));
    assertThat(identity.hasPrivateKey()).isTrue();
    assertThat(identity.locallyValidate()).isTrue();
    assertThat(secret.getStringData().get("authtoken")).matches("[a-z0-9]{24}");
  }

  @Test
  void shouldPrintValuesTheChartTurnsIntoAWorldOfThreeRoots(@TempDir Path dir) throws IOException {
    Path values = dir.resolve("secrets.yaml");
    Files.writeString(values, secrets.values(3), StandardCharsets.UTF_8);

    TemplateCommand template =
        ChartTest.template()
            .withValuesFile(values)
            .set("root.endpoints[0]", "198.51.100.1/9993")
            .set("root.endpoints[1]", "198.51.100.2/9993")
            .set("root.endpoints[2]", "198.51.100.3/9993");
    List<HasMetadata> objects = StrictManifests.parse(template.call());

    assertThat(objects)
        .filteredOn(o -> o instanceof Secret)
        .extracting(o -> o.getMetadata().getName())
        .containsExactlyInAnyOrder("orbital-root", "orbital-controller");
    String properties =
        objects.stream()
            .filter(ConfigMap.class::isInstance)
            .map(ConfigMap.class::cast)
            .filter(c -> c.getMetadata().getName().equals("orbital-root"))
            .findFirst()
            .orElseThrow()
            .getData()
            .get("root.properties");
    assertThat(properties).contains("orbital.root.world.roots[2].identity=");
    Secret controller =
        objects.stream()
            .filter(Secret.class::isInstance)
            .map(Secret.class::cast)
            .filter(s -> s.getMetadata().getName().equals("orbital-controller"))
            .findFirst()
            .orElseThrow();
    assertThat(controller.getStringData().get("authtoken")).matches("[a-z0-9]{24}");
    assertThat(Identity.parse(controller.getStringData().get("identity")).locallyValidate())
        .isTrue();
  }

  @Test
  void shouldRefuseAnUnknownCommandWithUsage() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        secrets.run(
            new String[] {"values", "9"},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage:");
  }
}
