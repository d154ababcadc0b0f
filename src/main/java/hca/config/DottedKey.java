package hca.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A configuration key written with dots between levels, e.g. {@code DSSClient.swagger_url}. Keys
 * that themselves contain a dot cannot be addressed this way.
 */
record DottedKey(List<String> parts) {

  private static final Pattern DOT = Pattern.compile(".", Pattern.LITERAL);

  DottedKey {
    parts = List.copyOf(parts);
  }

  /** Splits a key given through the API; a malformed one is an {@link IllegalArgumentException}. */
  static DottedKey parse(String text) {
    List<String> parts = split(text);
    if (parts == null) {
      throw new IllegalArgumentException(problem(text));
    }
    return new DottedKey(parts);
  }

  /**
   * Splits a key given by the user; a malformed one is a {@link ConfigException} on {@code source}.
   */
  static DottedKey parse(String text, String source) {
    List<String> parts = split(text);
    if (parts == null) {
      throw new ConfigException(source, problem(text));
    }
    return new DottedKey(parts);
  }

  /** The key of the containing object; empty for a top-level key. */
  DottedKey parent() {
    return new DottedKey(parts.subList(0, parts.size() - 1));
  }

  String last() {
    return parts.get(parts.size() - 1);
  }

  @Override
  public String toString() {
    return String.join(".", parts);
  }

  private static List<String> split(String text) {
    if (text == null) {
      return null;
    }
    List<String> parts = List.of(DOT.split(text, -1));
    return parts.contains("") ? null : parts;
  }

  private static String problem(String text) {
    return "'" + text + "' is not a config key: it needs names separated by single dots";
  }
}
