package hca.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where configuration files live, from the process environment: the site file under {@code /etc},
 * the user file under {@code $XDG_CONFIG_HOME} (or {@code ~/.config}), and the files listed in
 * {@code HCA_CONFIG_FILE}. Tests build one over temporary folders so that nothing touches the real
 * home.
 *
 * @param env environment variables ({@code XDG_CONFIG_HOME}, {@code HCA_CONFIG_FILE} are read)
 * @param home the user's home folder
 * @param etc the folder that stands for {@code /etc}
 */
public record ConfigEnvironment(Map<String, String> env, Path home, Path etc) {

  /** The variable with a colon-separated list of extra config files, later ones winning. */
  public static final String CONFIG_FILE_VARIABLE = "HCA_CONFIG_FILE";

  public ConfigEnvironment {
    env = Map.copyOf(env);
  }

  /** The environment of this process. */
  public static ConfigEnvironment system() {
    return new ConfigEnvironment(
        System.getenv(), Path.of(System.getProperty("user.home")), Path.of("/etc"));
  }

  /** {@code /etc/hca/config.json}. */
  public Path siteFile() {
    return etc.resolve("hca").resolve("config.json");
  }

  /**
   * {@code $XDG_CONFIG_HOME/hca}, or {@code ~/.config/hca} when the variable is unset or empty (as
   * the XDG base directory specification says). The DSS client keeps its spec cache here too.
   */
  public Path userConfigDir() {
    String xdg = env.get("XDG_CONFIG_HOME");
    Path base = xdg == null || xdg.isEmpty() ? home.resolve(".config") : Path.of(xdg);
    return base.resolve("hca");
  }

  /** {@code $XDG_CONFIG_HOME/hca/config.json}. */
  public Path userFile() {
    return userConfigDir().resolve("config.json");
  }

  /** The entries of {@code HCA_CONFIG_FILE} in order; empty entries are ignored. */
  public List<Path> extraFiles() {
    String list = env.get(CONFIG_FILE_VARIABLE);
    List<Path> files = new ArrayList<>();
    if (list != null) {
      for (String entry : list.split(":")) {
        if (!entry.isEmpty()) {
          files.add(Path.of(entry));
        }
      }
    }
    return files;
  }

  /** Every config file, lowest priority first: site, user, then each extra file. */
  public List<Path> files() {
    List<Path> files = new ArrayList<>();
    files.add(siteFile());
    files.add(userFile());
    files.addAll(extraFiles());
    return files;
  }

  /**
   * The one file that writes go to: the last {@code HCA_CONFIG_FILE} entry if there is one, else
   * the user file. Like the original, so that a test or a service can redirect all state.
   */
  public Path writableFile() {
    List<Path> files = files();
    return files.get(files.size() - 1);
  }
}
