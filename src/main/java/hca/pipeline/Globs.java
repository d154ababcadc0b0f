package hca.pipeline;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Shell globs matched as Python's {@code fnmatchcase} matched them: case-sensitive, over the whole
 * name, with {@code *} also matching {@code /}.
 */
final class Globs {

  private final List<Pattern> patterns;

  Globs(List<String> globs) {
    this.patterns = globs.stream().map(Globs::compile).toList();
  }

  boolean matches(String name) {
    return patterns.stream().anyMatch(p -> p.matcher(name).matches());
  }

  static Pattern compile(String glob) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> re.append(".*");
        case '?' -> re.append('.');
        case '[' -> {
          int end = glob.indexOf(']', i + 2);
          if (end < 0) {
            re.append("\\[");
          } else {
            String set = glob.substring(i + 1, end);
            boolean negated = set.startsWith("!");
            re.append('[').append(negated ? "^" : "").append(classBody(negated ? set.substring(1) : set)).append(']');
            i = end;
          }
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  /** A glob's [set] as a regex class body: ranges kept, the regex-only specials escaped. */
  private static String classBody(String set) {
    return set.replace("\\", "\\\\").replace("[", "\\[").replace("&", "\\&").replace("^", "\\^");
  }
}
