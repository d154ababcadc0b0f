package hca.transfer;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Keeps untrusted file names (from a bundle listing or a manifest) inside their destination
 * folder. A name is a relative path with {@code /} between its segments; refused are empty names,
 * absolute paths, {@code .} and {@code ..} segments, empty segments ({@code a//b}, a trailing
 * {@code /}), backslashes, and NUL or other control characters.
 */
public final class SafeNames {

  private SafeNames() {}

  /**
   * The path of {@code name} under {@code root}.
   *
   * @throws UnsafeNameException naming the name and what is wrong with it
   */
  public static Path resolveInside(Path root, String name) {
    String problem = problem(name);
    if (problem != null) {
      throw new UnsafeNameException(message(name, problem));
    }
    Path base = root.toAbsolutePath().normalize();
    Path p;
    try {
      p = base.resolve(name).normalize();
    } catch (InvalidPathException e) {
      throw new UnsafeNameException(message(name, "is not a valid path here"));
    }
    if (!p.startsWith(base) || p.equals(base)) {
      throw new UnsafeNameException(message(name, "resolves outside " + base));
    }
    return p;
  }

  /** Checks a name without a folder; throws {@link UnsafeNameException} when it is refused. */
  public static String check(String name) {
    String problem = problem(name);
    if (problem != null) {
      throw new UnsafeNameException(message(name, problem));
    }
    return name;
  }

  /** What is wrong with a name, or null when nothing is. */
  static String problem(String name) {
    if (name == null || name.isEmpty()) {
      return "is empty";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == 0) {
        return "contains a NUL character";
      }
      if (c < 0x20 || c == 0x7f) {
        return "contains a control character";
      }
      if (c == '\\') {
        return "contains a backslash";
      }
    }
    if (name.startsWith("/")) {
      return "is an absolute path";
    }
    for (String segment : name.split("/", -1)) {
      if (segment.isEmpty()) {
        return "has an empty path segment";
      }
      if (segment.equals("..")) {
        return "has a '..' segment";
      }
      if (segment.equals(".")) {
        return "has a '.' segment";
      }
    }
    return null;
  }

  private static String message(String name, String problem) {
    return "unsafe file name " + quote(name) + ": " + problem;
  }

  /** A value for a one-line message: quoted, control characters escaped, long ones cut. */
  static String quote(String s) {
    if (s == null) {
      return "(none)";
    }
    StringBuilder b = new StringBuilder("'");
    int limit = Math.min(s.length(), 200);
    for (int i = 0; i < limit; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (s.length() > limit) {
      b.append("...");
    }
    return b.append('\'').toString();
  }
}
