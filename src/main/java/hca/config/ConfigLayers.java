package hca.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The configuration sources in priority order, lowest first: the built-in defaults, {@code
 * /etc/hca/config.json}, the user file, each {@code HCA_CONFIG_FILE} entry, the environment ({@code
 * HCA_DSS_URL}), the command line.
 */
final class ConfigLayers {

  static final String DEFAULTS_RESOURCE = "/hca/config/default_config.json";
  static final String DEFAULTS_SOURCE = "built-in defaults (hca/config/default_config.json)";
  static final String COMMAND_LINE_SOURCE = "command line";
  /** The variable naming the DSS's API base URL, e.g. {@code http://127.0.0.1:5000/v1}. */
  static final String DSS_URL_VARIABLE = "HCA_DSS_URL";
  static final String ENVIRONMENT_SOURCE = "environment (" + DSS_URL_VARIABLE + ")";

  /**
   * One source: its name for messages, its file (null for the defaults, the environment and the
   * command line), whether that file exists, and its content (empty for a missing file).
   */
  record Layer(String source, Path file, boolean present, ObjectNode tree) {

    /** Where a value of this layer came from, as {@code hca config show --origin} prints it. */
    String origin() {
      if (file != null) {
        return "file:" + file;
      }
      if (DEFAULTS_SOURCE.equals(source)) {
        return "default";
      }
      return ENVIRONMENT_SOURCE.equals(source) ? "env:" + DSS_URL_VARIABLE : source;
    }
  }

  private ConfigLayers() {}

  /** Reads every source. Missing files become empty layers so that the list shape is fixed. */
  static List<Layer> read(ConfigEnvironment env, Map<String, ? extends JsonNode> overrides) {
    List<Layer> layers = new ArrayList<>();
    layers.add(defaults());
    for (Path file : env.files()) {
      layers.add(fileLayer(file));
    }
    layers.add(environment(env));
    layers.add(commandLine(overrides));
    return layers;
  }

  static Layer fileLayer(Path file) {
    return ConfigFiles.read(file)
        .map(tree -> new Layer(file.toString(), file, true, tree))
        .orElseGet(
            () -> new Layer(file.toString(), file, false, ConfigFiles.JSON.createObjectNode()));
  }

  /** Checks each layer's known keys and merges them in order into a new object. */
  static ObjectNode merge(List<Layer> layers) {
    ObjectNode merged = ConfigFiles.JSON.createObjectNode();
    for (Layer layer : layers) {
      ConfigSchema.check(layer.tree(), layer.source());
      ConfigMerge.merge(merged, layer.tree(), layer.source());
    }
    return merged;
  }

  private static Layer defaults() {
    try (InputStream in = ConfigLayers.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the class path");
      }
      return new Layer(
          DEFAULTS_SOURCE, null, true, ConfigFiles.parse(in.readAllBytes(), DEFAULTS_SOURCE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The index of the writable file's layer: the last file, just before the environment. */
  static int writableIndex(List<Layer> layers) {
    return layers.size() - 3;
  }

  /** {@code HCA_DSS_URL}, a base URL, stands for {@code DSSClient.swagger_url}, as --dss-url does. */
  private static Layer environment(ConfigEnvironment env) {
    ObjectNode tree = ConfigFiles.JSON.createObjectNode();
    String url = env.env().get(DSS_URL_VARIABLE);
    if (url != null && !url.isBlank()) {
      String base = url.strip().replaceAll("/+$", "");
      tree.putObject(ConfigSchema.DSS_CLIENT).put(ConfigSchema.SWAGGER_URL, base + "/swagger.json");
      if (!ConfigSchema.isWebUrl(base)) {
        throw new ConfigException(
            DSS_URL_VARIABLE, "must be an http or https URL, not " + ConfigException.show(tree.textNode(url)));
      }
    }
    return new Layer(ENVIRONMENT_SOURCE, null, true, tree);
  }

  /**
   * Dotted keys become nested objects ({@code DSSClient.swagger_url} merges into {@code DSSClient}
   * rather than replacing it); entries apply in the map's order.
   */
  private static Layer commandLine(Map<String, ? extends JsonNode> overrides) {
    ObjectNode tree = ConfigFiles.JSON.createObjectNode();
    for (Map.Entry<String, ? extends JsonNode> e : overrides.entrySet()) {
      DottedKey key = DottedKey.parse(e.getKey(), COMMAND_LINE_SOURCE);
      ObjectNode parent = tree;
      for (String part : key.parent().parts()) {
        JsonNode child = parent.get(part);
        parent = child != null && child.isObject() ? (ObjectNode) child : parent.putObject(part);
      }
      parent.set(key.last(), e.getValue() == null ? parent.nullNode() : e.getValue().deepCopy());
    }
    return new Layer(COMMAND_LINE_SOURCE, null, true, tree);
  }
}
