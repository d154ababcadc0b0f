package hca.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where {@code hca pipeline} takes its YAML routes from: a relative {@code file:} pattern is looked
 * for beside the settings file, then in the current folder, then (for {@code routes/}) in the jar.
 */
final class RouteFiles {

  /** The jar's copy of {@code routes/*.camel.yaml}. */
  static final String JAR_ROUTES = "classpath:hca/pipeline/routes/*.camel.yaml";

  /** A Camel resource pattern and the line that says where it points. */
  record Found(String pattern, String line) {}

  private RouteFiles() {}

  /**
   * @param pattern {@code camel.main.routes-include-pattern}
   * @param settingsDir the settings file's folder
   * @param settings the settings file, for the message (null: the jar's settings)
   * @param cwd the current folder
   */
  static Found find(String pattern, Path settingsDir, Path settings, Path cwd) {
    String p = pattern.trim();
    if (p.contains(",") || !p.startsWith("file:") || Path.of(p.substring(5)).isAbsolute()) {
      return new Found(p, "routes: " + p + " (camel.main.routes-include-pattern)");
    }
    Path glob = Path.of(p.substring(5));
    Path dir = glob.getParent() == null ? Path.of("") : glob.getParent();
    String beside = settings == null ? "the jar's settings" : settings.toAbsolutePath().toString();
    if (settings != null && Files.isDirectory(settingsDir.resolve(dir))) {
      Path at = settingsDir.resolve(glob).toAbsolutePath().normalize();
      return new Found("file:" + at, "routes: " + at + " (beside " + beside + ")");
    }
    if (Files.isDirectory(cwd.resolve(dir))) {
      Path at = cwd.resolve(glob).toAbsolutePath().normalize();
      return new Found("file:" + at, "routes: " + at + (settings == null ? " (from the current folder)"
          : " (none beside " + beside + "; from the current folder)"));
    }
    if (glob.normalize().equals(Path.of("routes", "*.camel.yaml"))) {
      return new Found(JAR_ROUTES, "routes: the jar's routes/*.camel.yaml (no " + dir + "/ "
          + (settings == null ? "" : "beside " + beside + " or ") + "in the current folder)");
    }
    throw new hca.pipeline.service.SettingException("camel.main.routes-include-pattern " + p + ": no folder "
        + dir + " beside " + beside + " or in the current folder");
  }
}
