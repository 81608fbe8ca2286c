package dev.orbital.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code k8s/orbital.yaml} is the chart rendered with its default values (release "orbital"), for
 * those who do not use Helm. This test fails when the two drift apart; {@code -Dk8s.update=true}
 * rewrites the file from the chart.
 */
class PlainManifestsTest {

  static final Path MANIFESTS = Path.of("..", "k8s", "orbital.yaml");

  static final String HEADER =
      "# Orbital, rendered from helm/orbital with its default values (release \"orbital\").\n"
          + "# Do not edit: change the chart, then ./mvnw -pl helm verify -Dk8s.update=true.\n"
          + "# Create the controller's Secret first: ./orbital secrets secret orbital-controller | kubectl apply -f -\n";

  @Test
  void shouldMatchTheChartRenderedWithDefaultValues() throws IOException {
    String rendered = HEADER + ChartTest.template().call().strip() + "\n";
    if (Boolean.getBoolean("k8s.update")) {
      Files.writeString(MANIFESTS, rendered, StandardCharsets.UTF_8);
    }

    String committed = Files.readString(MANIFESTS, StandardCharsets.UTF_8);

    assertThat(committed)
        .as("k8s/orbital.yaml drifted from the chart; run ./mvnw -pl helm verify -Dk8s.update=true")
        .isEqualTo(rendered);
    assertThat(StrictManifests.parse(committed)).isNotEmpty();
  }
}
