package dev.orbital.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Parses rendered manifests as their Kubernetes kinds with the fabric8 model, strictly: a kind the
 * model does not know, or any field the kind does not have (fabric8 keeps those aside as
 * "additional properties"), is an error naming the object and the field's path.
 */
final class StrictManifests {

  private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private StrictManifests() {}

  /** Every object in a multi-document YAML stream, parsed strictly. */
  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
      for (JsonNode node : YAML.readValues(parser, JsonNode.class).readAll()) {
        if (node == null || node.isNull() || node.isEmpty()) {
          continue;
        }
        objects.add(parseOne(node));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("rendered YAML does not parse", e);
    }
    return objects;
  }

  private static HasMetadata parseOne(JsonNode node) {
    String name = node.path("kind").asText() + " " + node.path("metadata").path("name").asText();
    Object parsed = KUBERNETES.unmarshal(node.toString());
    if (!(parsed instanceof HasMetadata object) || parsed instanceof GenericKubernetesResource) {
      throw new AssertionError(name + ": not a kind the Kubernetes model knows");
    }
    List<String> unknown = new ArrayList<>();
    collectUnknown(object, node.path("kind").asText(), unknown);
    if (!unknown.isEmpty()) {
      throw new AssertionError(name + ": fields the kind does not have: " + unknown);
    }
    return object;
  }

  private static void collectUnknown(Object value, String path, List<String> unknown) {
    if (value == null) {
      return;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        collectUnknown(item, path + "[" + i++ + "]", unknown);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> collectUnknown(v, path + "." + k, unknown));
      return;
    }
    if (!value.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object child;
      try {
        child = getter.invoke(value);
      } catch (IllegalAccessException | InvocationTargetException e) {
        continue;
      }
      String field = path + "." + decapitalize(getter.getName().substring(3));
      if (getter.getName().equals("getAdditionalProperties")) {
        if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
          extra.keySet().forEach(k -> unknown.add(path + "." + k));
        }
        continue;
      }
      collectUnknown(child, field, unknown);
    }
  }

  private static String decapitalize(String name) {
    return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }
}
