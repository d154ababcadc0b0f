package hca.localdss.records;

import hca.localdss.api.DssException;

/**
 * File names inside bundles. Beyond the spec's pattern (no leading {@code /}, {@code ./},
 * {@code ~/}, no {@code \}, not {@code .} or {@code ..}), names with a {@code ..} segment
 * anywhere, empty segments or control characters are refused too: a client that lays a bundle
 * out on disk must never be led outside its folder.
 */
final class BundleNames {

  private BundleNames() {}

  static void check(String name, String where) {
    String problem = problem(name);
    if (problem != null) {
      throw DssException.illegalArguments("Invalid file name '" + printable(name) + "' at " + where + ": " + problem);
    }
  }

  static String problem(String name) {
    if (name == null || name.isEmpty()) {
      return "the name is empty";
    }
    if (name.startsWith("/")) {
      return "absolute paths are not allowed";
    }
    if (name.startsWith("~/")) {
      return "home-relative paths are not allowed";
    }
    if (name.indexOf('\\') >= 0) {
      return "backslashes are not allowed";
    }
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) < 0x20 || name.charAt(i) == 0x7f) {
        return "control characters are not allowed";
      }
    }
    for (String seg : name.split("/", -1)) {
      if (seg.equals("..") || seg.equals(".")) {
        return "'.' and '..' path segments are not allowed";
      }
      if (seg.isEmpty()) {
        return "empty path segments are not allowed";
      }
    }
    return null;
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return b.toString();
  }
}
