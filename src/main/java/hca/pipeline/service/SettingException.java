package hca.pipeline.service;

import hca.config.ConfigException;

/**
 * A pipeline setting that cannot be used, or a start-up the settings do not allow: one line that
 * names the key and where its value came from; exit code 3 like every configuration error.
 */
public final class SettingException extends ConfigException {

  private static final long serialVersionUID = 1L;

  private final String line;

  public SettingException(String line) {
    super("settings", line);
    this.line = line.replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }

  // the line stands alone: the key and its source are already in it
  @Override
  public String getMessage() {
    return line;
  }
}
