package dev.orbital.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.world.WorldSigningKey;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart through Helm's own library (helm-java): lint, every documented option rendered and
 * parsed strictly as Kubernetes objects, bad values refused with a message naming the key.
 */
class ChartTest {

  static final Path CHART = Path.of("orbital");

  private static final List<String> ROOT_IDENTITIES = new ArrayList<>();
  private static String signingKey;
  private static String controllerIdentity;

  @BeforeAll
  static void generateSecrets() {
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 3; i++) {
      ROOT_IDENTITIES.add(Identity.generate(random).toSecretString());
    }
    controllerIdentity = Identity.generate(random).toSecretString();
    WorldSigningKey key = WorldSigningKey.generate(random);
    signingKey =
        HexFormat.of().formatHex(key.publicKey()) + HexFormat.of().formatHex(key.privateKey());
  }

  /** helm template as for a cluster of the oldest Kubernetes version the chart supports. */
  static TemplateCommand template() {
    return new Helm(CHART).template().withName("orbital").withKubeVersion("1.25.0");
  }

  static String render(Map<String, Object> values) {
    TemplateCommand template = template();
    values.forEach(template::set);
    return template.call();
  }

  @Test
  void shouldLintWithoutWarnings() {
    LintResult result = new Helm(CHART).lint().strict().call();

    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    assertThat(result.getMessages())
        .noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  @Test
  void shouldRenderDefaultsAsValidKubernetesObjects() {
    List<HasMetadata> objects = StrictManifests.parse(render(Map.of()));

    assertThat(objects)
        .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .contains(
            "StatefulSet/orbital-root",
            "Deployment/orbital-controller",
            "Deployment/orbital-relay",
            "StatefulSet/orbital-kafka",
            "Service/orbital-root-0",
            "PodDisruptionBudget/orbital-controller",
            "NetworkPolicy/orbital-controller")
        .doesNotContain("DaemonSet/orbital-node");
    Deployment controller = find(objects, Deployment.class, "orbital-controller");
    assertThat(controller.getSpec().getReplicas()).isEqualTo(2);
    assertThat(controller.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.getLabelSelector().getMatchLabels())
                    .isEqualTo(controller.getSpec().getSelector().getMatchLabels()));
    assertThat(objects).noneMatch(o -> o instanceof Secret);
  }

  @Test
  void shouldRunEveryOrbitalPodUnderTheRestrictedProfile() {
    List<HasMetadata> objects =
        StrictManifests.parse(render(Map.of("serviceMonitor.enabled", true)));

    for (HasMetadata object : objects) {
      PodSpec pod = podSpec(object);
      if (pod == null) {
        continue;
      }
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(object.getKind()).isTrue();
      assertThat(pod.getSecurityContext().getSeccompProfile().getType())
          .isEqualTo("RuntimeDefault");
      assertThat(pod.getHostNetwork()).as(object.getMetadata().getName()).isNotEqualTo(true);
      List<Container> containers = new ArrayList<>(pod.getContainers());
      containers.addAll(pod.getInitContainers());
      for (Container c : containers) {
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(c.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(c.getResources().getRequests()).as(c.getName()).isNotEmpty();
      }
    }
  }

  static Stream<Arguments> options() {
    return Stream.of(
        Arguments.of("roots on host networking", Map.of("root.expose", "hostNetwork")),
        Arguments.of("a moon", Map.of("world.type", "moon", "world.id", 0)),
        Arguments.of(
            "an existing Kafka", Map.of("kafka.bootstrapServers", "kafka-0:9092,kafka-1:9092")),
        Arguments.of("no relay", Map.of("relay.enabled", false)),
        Arguments.of("no network policies", Map.of("networkPolicy.enabled", false)),
        Arguments.of(
            "API clients selected by label",
            Map.of("networkPolicy.apiClientSelector.app", "ztnet")),
        Arguments.of("service monitors", Map.of("serviceMonitor.enabled", true)),
        Arguments.of(
            "the node DaemonSet",
            Map.of("node.enabled", true, "node.networks[0]", "8056c2e21c000001")),
        Arguments.of("an existing controller Secret", Map.of("controller.existingSecret", "mine")),
        Arguments.of(
            "pinned images",
            Map.of("image.repository", "registry.example.com/orbital", "image.tag", "1.2.3")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("options")
  void shouldRenderEachDocumentedOption(String option, Map<String, Object> values) {
    List<HasMetadata> objects = StrictManifests.parse(render(values));

    assertThat(objects).as(option).isNotEmpty();
  }

  @Test
  void shouldBuildOneWorldFromEveryRootsIdentityAndEndpoint() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("root.replicas", 3);
    values.put("world.signingKey", signingKey);
    for (int i = 0; i < 3; i++) {
      values.put("root.identities[" + i + "]", ROOT_IDENTITIES.get(i));
      values.put("root.endpoints[" + i + "]", "198.51.100." + (i + 1) + "/9993");
    }
    List<HasMetadata> objects = StrictManifests.parse(render(values));

    String properties =
        find(objects, ConfigMap.class, "orbital-root").getData().get("root.properties");
    for (int i = 0; i < 3; i++) {
      String secret = ROOT_IDENTITIES.get(i);
      String publicIdentity = secret.substring(0, secret.lastIndexOf(':'));
      assertThat(properties)
          .contains("orbital.root.world.roots[" + i + "].identity=" + publicIdentity)
          .contains("orbital.root.world.roots[" + i + "].endpoints=198.51.100." + (i + 1) + "/9993")
          .doesNotContain(secret);
      Service lb = find(objects, Service.class, "orbital-root-" + i);
      assertThat(lb.getSpec().getLoadBalancerIP()).isEqualTo("198.51.100." + (i + 1));
      assertThat(lb.getSpec().getSelector())
          .containsEntry("statefulset.kubernetes.io/pod-name", "orbital-root-" + i);
    }
    Secret secret = find(objects, Secret.class, "orbital-root");
    assertThat(secret.getStringData())
        .containsEntry("identity-2", ROOT_IDENTITIES.get(2))
        .containsEntry("world-signing-key", signingKey);
    assertThat(find(objects, StatefulSet.class, "orbital-root").getSpec().getReplicas())
        .isEqualTo(3);
  }

  @Test
  void shouldHandControllerAndRelayTheRootsWorldBeforeTheyStart() {
    List<HasMetadata> objects = StrictManifests.parse(render(Map.of()));

    Map<String, String> worldFileSettings =
        Map.of(
            "orbital-controller", "ORBITAL_CONTROLLER_WIRE_WORLD_FILES",
            "orbital-relay", "ORBITAL_RELAY_MEMBERSHIP_WORLD_FILES");
    worldFileSettings.forEach(
        (name, variable) -> {
          PodSpec pod = find(objects, Deployment.class, name).getSpec().getTemplate().getSpec();
          Container fetch = pod.getInitContainers().get(0);
          assertThat(fetch.getCommand())
              .as(name)
              .startsWith("curl")
              .containsSequence("-o", "/world/planet", "http://orbital-root:8080/world/planet");
          assertThat(fetch.getVolumeMounts())
              .anyMatch(m -> m.getName().equals("world") && m.getMountPath().equals("/world"));
          Container program = pod.getContainers().get(0);
          assertThat(env(program)).as(name).containsEntry(variable, "/world/planet");
          assertThat(program.getVolumeMounts())
              .anyMatch(m -> m.getName().equals("world") && m.getMountPath().equals("/world"));
          assertThat(pod.getVolumes())
              .anyMatch(v -> v.getName().equals("world") && v.getEmptyDir() != null);
        });
    // The roots' headless Service is what the fetch names, and it serves HTTP on 8080.
    assertThat(find(objects, Service.class, "orbital-root").getSpec().getPorts())
        .anyMatch(p -> p.getPort() == 8080 && "TCP".equals(p.getProtocol()));
  }

  @Test
  void shouldOpenTheControllersUdpEndpointAndProbeItsHealth() {
    List<HasMetadata> objects =
        StrictManifests.parse(render(Map.of("controller.wire.port", 19993)));

    Container controller =
        find(objects, Deployment.class, "orbital-controller")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(env(controller)).containsEntry("ORBITAL_CONTROLLER_WIRE_PORT", "19993");
    assertThat(controller.getPorts())
        .anyMatch(p -> p.getContainerPort() == 19993 && "UDP".equals(p.getProtocol()));
    assertThat(controller.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
    assertThat(controller.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
    assertThat(controller.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
    Service wire = find(objects, Service.class, "orbital-controller-wire");
    assertThat(wire.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPort()).isEqualTo(19993);
              assertThat(p.getProtocol()).isEqualTo("UDP");
            });
    NetworkPolicy policy = find(objects, NetworkPolicy.class, "orbital-controller");
    assertThat(policy.getSpec().getIngress())
        .anyMatch(
            rule ->
                (rule.getFrom() == null || rule.getFrom().isEmpty())
                    && rule.getPorts().stream()
                        .anyMatch(
                            p ->
                                "UDP".equals(p.getProtocol()) && p.getPort().getIntVal() == 19993));
  }

  @Test
  void shouldPutTheSharedControllerIdentityInASecret() {
    List<HasMetadata> objects =
        StrictManifests.parse(
            render(
                Map.of(
                    "controller.identity",
                    controllerIdentity,
                    "controller.apiToken",
                    "0123456789abcdefghij")));

    Secret secret = find(objects, Secret.class, "orbital-controller");
    assertThat(secret.getStringData())
        .containsEntry("identity", controllerIdentity)
        .containsEntry("authtoken", "0123456789abcdefghij");
  }

  @Test
  void shouldGiveTheNodeOnlyTheCapabilitiesItNeeds() {
    List<HasMetadata> objects =
        StrictManifests.parse(
            render(Map.of("node.enabled", true, "node.networks[0]", "8056c2e21c000001")));

    PodSpec pod = find(objects, DaemonSet.class, "orbital-node").getSpec().getTemplate().getSpec();
    assertThat(pod.getHostNetwork()).isTrue();
    Container node = pod.getContainers().get(0);
    assertThat(node.getSecurityContext().getCapabilities().getAdd()).containsExactly("NET_ADMIN");
    assertThat(node.getSecurityContext().getPrivileged()).isNotEqualTo(true);
    assertThat(pod.getVolumes())
        .anyMatch(
            v -> "/dev/net/tun".equals(v.getHostPath() == null ? null : v.getHostPath().getPath()));
    assertThat(node.getImage()).isEqualTo("orbital/node:0.1.0-SNAPSHOT");
  }

  @Test
  void shouldStartTheNodeWithItsOwnOptionsAndJoinExactlyTheListedNetworks() {
    List<HasMetadata> objects =
        StrictManifests.parse(
            render(
                Map.of(
                    "node.enabled",
                    true,
                    "node.networks[0]",
                    "8056c2e21c000001",
                    "node.networks[1]",
                    "8056c2e21c000002",
                    "node.port",
                    9994,
                    "node.apiPort",
                    9995)));

    PodSpec pod = find(objects, DaemonSet.class, "orbital-node").getSpec().getTemplate().getSpec();
    Container node = pod.getContainers().get(0);
    // Main.DaemonArguments: daemon --home DIR --port N --planet FILE --api-port N; nothing else.
    assertThat(node.getArgs())
        .containsExactly(
            "daemon",
            "--home",
            "/var/lib/orbital-node",
            "--port",
            "9994",
            "--planet",
            "/world/planet",
            "--api-port",
            "9995");
    assertThat(node.getEnv()).isNullOrEmpty();
    assertThat(node.getVolumeMounts())
        .anyMatch(m -> m.getName().equals("world") && m.getMountPath().equals("/world"))
        .anyMatch(
            m -> m.getName().equals("state") && m.getMountPath().equals("/var/lib/orbital-node"));
    Container world = pod.getInitContainers().get(0);
    assertThat(world.getCommand())
        .containsSequence("-o", "/world/planet", "http://orbital-root:8080/world/planet");
    // NodeHome: the networks joined are networks.d/<nwid>.conf in the home.
    Container networks = pod.getInitContainers().get(1);
    assertThat(networks.getCommand().get(2))
        .contains("cd /var/lib/orbital-node/networks.d")
        .contains("rm -f -- *.conf")
        .contains(": > \"$nwid.conf\"");
    assertThat(networks.getCommand().subList(3, networks.getCommand().size()))
        .containsExactly("networks", "8056c2e21c000001", "8056c2e21c000002");
  }

  @Test
  void shouldGiveTheNodeItsRelay() {
    List<HasMetadata> objects =
        StrictManifests.parse(
            render(
                Map.of(
                    "node.enabled",
                    true,
                    "node.networks[0]",
                    "8056c2e21c000001",
                    "node.relay",
                    "wss://relay.example.org:443/relay",
                    "node.forceTcpRelay",
                    true)));

    Container node =
        find(objects, DaemonSet.class, "orbital-node")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(node.getArgs())
        .endsWith("--relay", "wss://relay.example.org:443/relay", "--force-tcp-relay");
  }

  @Test
  void shouldServiceMonitorEachComponent() {
    List<HasMetadata> objects =
        StrictManifests.parse(render(Map.of("serviceMonitor.enabled", true)));

    assertThat(objects)
        .filteredOn(o -> o instanceof ServiceMonitor)
        .hasSize(3)
        .allSatisfy(
            o -> {
              var authorization =
                  ((ServiceMonitor) o).getSpec().getEndpoints().get(0).getAuthorization();
              assertThat(authorization.getType()).isEqualTo("Bearer");
              assertThat(authorization.getCredentials().getName()).isEqualTo("orbital-controller");
              assertThat(authorization.getCredentials().getKey()).isEqualTo("authtoken");
            });
  }

  @Test
  void shouldGiveRootAndRelayTheApiTokenForTheirAdminEndpoints() {
    List<HasMetadata> objects =
        StrictManifests.parse(render(Map.of("controller.existingSecret", "mine")));

    List<Container> containers =
        List.of(
            find(objects, StatefulSet.class, "orbital-root")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0),
            find(objects, Deployment.class, "orbital-relay")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0));
    assertThat(containers)
        .allSatisfy(
            c ->
                assertThat(c.getEnv())
                    .anySatisfy(
                        e -> {
                          assertThat(e.getName()).endsWith("_AUTH_TOKEN");
                          assertThat(e.getValueFrom().getSecretKeyRef().getName())
                              .isEqualTo("mine");
                          assertThat(e.getValueFrom().getSecretKeyRef().getKey())
                              .isEqualTo("authtoken");
                        }));
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of(Map.of("root.replicas", 5), "root.replicas"),
        Arguments.of(Map.of("root.expose", "nodePort"), "root.expose"),
        Arguments.of(Map.of("root.endpoints[0]", "not-an-endpoint"), "root.endpoints"),
        Arguments.of(Map.of("world.type", "galaxy"), "world.type"),
        Arguments.of(Map.of("world.id", 149604618), "world.id"),
        Arguments.of(Map.of("world.signingKey", "abcd"), "world.signingKey"),
        Arguments.of(Map.of("controller.identity", "1234567890:0:beef"), "controller.identity"),
        Arguments.of(Map.of("node.networks[0]", "xyz"), "node.networks"),
        Arguments.of(Map.of("image.pullPolicy", "Sometimes"), "image.pullPolicy"),
        Arguments.of(Map.of("relay.replicaCount", 3), "replicaCount"),
        Arguments.of(Map.of("kafka.bootstrapServers", "kafka"), "kafka.bootstrapServers"),
        Arguments.of(
            Map.of(
                "root.replicas",
                2,
                "root.endpoints[0]",
                "198.51.100.1/9993",
                "root.endpoints[1]",
                "198.51.100.2/9993"),
            "root.identities"),
        Arguments.of(Map.of("root.replicas", 2), "root.endpoints"),
        Arguments.of(Map.of("node.enabled", true), "node.networks"),
        Arguments.of(Map.of("node.relay", "http://relay:80"), "node.relay"),
        Arguments.of(
            Map.of(
                "node.enabled",
                true,
                "node.networks[0]",
                "8056c2e21c000001",
                "node.forceTcpRelay",
                true),
            "node.relay"),
        Arguments.of(
            Map.of(
                "controller.identity", "0123456789:0:" + "a".repeat(128) + ":" + "b".repeat(128)),
            "controller.apiToken"));
  }

  @ParameterizedTest(name = "{0} refused naming {1}")
  @MethodSource("badValues")
  void shouldRefuseBadValuesNamingTheKey(Map<String, Object> values, String key) {
    // The schema names a key as a JSON pointer (/root/replicas), the chart's own checks as
    // root.replicas.
    String pointer = "/" + key.replace('.', '/');
    assertThatThrownBy(() -> render(values))
        .satisfiesAnyOf(
            e -> assertThat(e).hasMessageContaining(key),
            e -> assertThat(e).hasMessageContaining(pointer));
  }

  private static <T extends HasMetadata> T find(
      List<HasMetadata> objects, Class<T> kind, String name) {
    return objects.stream()
        .filter(kind::isInstance)
        .map(kind::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name));
  }

  static Map<String, String> env(Container container) {
    Map<String, String> env = new LinkedHashMap<>();
    container.getEnv().stream()
        .filter(e -> e.getValue() != null)
        .forEach(e -> env.put(e.getName(), e.getValue()));
    return env;
  }

  private static PodSpec podSpec(HasMetadata object) {
    if (object instanceof Deployment d) {
      return d.getSpec().getTemplate().getSpec();
    }
    if (object instanceof StatefulSet s) {
      return s.getSpec().getTemplate().getSpec();
    }
    return null;
  }
}
