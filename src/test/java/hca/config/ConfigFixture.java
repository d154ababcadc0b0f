package hca.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A home folder, an /etc folder and environment variables, all under one temporary folder. */
final class ConfigFixture {

  static final ObjectMapper JSON = new ObjectMapper();

  final Path root;
  final Path home;
  final Path etc;
  final Map<String, String> env = new HashMap<>();

  ConfigFixture(Path root) {
    this.root = root;
    this.home = root.resolve("home");
    this.etc = root.resolve("etc");
  }

  ConfigEnvironment environment() {
    return new ConfigEnvironment(env, home, etc);
  }

  HcaConfig load() {
    return HcaConfig.load(environment(), Map.of());
  }

  HcaConfig load(Map<String, JsonNode> overrides) {
    return HcaConfig.load(environment(), overrides);
  }

  Path siteFile() {
    return etc.resolve("hca/config.json");
  }

  Path defaultUserFile() {
    return home.resolve(".config/hca/config.json");
  }

  /** Points HCA_CONFIG_FILE at the given files, in order. */
  void extraFiles(Path... files) {
    env.put(
        "HCA_CONFIG_FILE",
        List.of(files).stream().map(Path::toString).collect(Collectors.joining(":")));
  }

  static Path write(Path file, String json) {
    try {
      Files.createDirectories(file.getParent());
      return Files.writeString(file, json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
