package hca.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * A configuration source that cannot be used: a file that is not valid JSON or whose top level is
 * not an object, a known key with a value of the wrong type, a misused array merge operator, or an
 * existing file that cannot be read. The message is one line that names the source (a file path,
 * the built-in defaults or the command line), the key where there is one, and what is wrong.
 *
 * <p>The CLI reports it as that one line and exits with {@link #EXIT_CODE}.
 */
public class ConfigException extends RuntimeException {

  /** The process exit code the CLI uses for a configuration error. */
  public static final int EXIT_CODE = 3;

  private static final long serialVersionUID = 1L;

  /** An error in a whole source, e.g. {@code /etc/hca/config.json: invalid JSON at line 2 ...}. */
  public ConfigException(String source, String problem) {
    super(oneLine(source + ": " + problem));
  }

  /** The same, keeping the underlying cause for debugging. */
  public ConfigException(String source, String problem, Throwable cause) {
    super(oneLine(source + ": " + problem), cause);
  }

  /** An error at one key: {@code SOURCE: key 'a.b' PROBLEM}. */
  public static ConfigException atKey(String source, String dottedKey, String problem) {
    return new ConfigException(source, "key '" + dottedKey + "' " + problem);
  }

  /** A value as compact JSON, shortened so that a message stays readable. */
  static String show(JsonNode value) {
    String json = value == null ? "nothing" : value.toString();
    return json.length() <= 60 ? json : json.substring(0, 57) + "...";
  }

  /** What kind of value this is, for messages about credentials, whose values must not be shown. */
  static String kind(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "nothing";
    }
    return switch (value.getNodeType()) {
      case OBJECT -> "an object";
      case ARRAY -> "a list";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> "a " + value.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  // Parser messages and odd file names may carry line breaks; the contract is one line.
  private static String oneLine(String s) {
    return s.replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}
