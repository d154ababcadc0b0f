package hca.dss.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The name the original client gave each (method, path) pair, kept so commands are spelled the
 * same: the lowercase verb and every non-templated path segment joined by {@code _}, with
 * {@code /.well-known} dropped, {@code -} turned into {@code _}, and a trailing {@code s} removed
 * when the verb is POST or PUT or the path ends in {@code /{uuid}}.
 */
final class OperationName {

  private OperationName() {}

  /** The python-style name, for example {@code get_bundle}. */
  static String of(String httpMethod, String path) {
    String verb = httpMethod.toLowerCase(Locale.ROOT);
    List<String> parts = new ArrayList<>();
    parts.add(verb);
    for (String segment : path.replace("/.well-known", "").replace('-', '_').split("/")) {
      if (!segment.isEmpty() && !(segment.startsWith("{") && segment.endsWith("}"))) {
        parts.add(segment);
      }
    }
    String name = String.join("_", parts);
    boolean strip = verb.equals("post") || verb.equals("put") || path.endsWith("/{uuid}");
    return strip && name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
  }

  /** The command-line spelling of a name, for example {@code get-bundle}. */
  static String command(String name) {
    return name.replace('_', '-');
  }
}
