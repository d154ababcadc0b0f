package hca.localdss.search;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Elasticsearch's {@code minimum_should_match} specification: an integer ({@code 2}, {@code -1}),
 * a percentage ({@code 75%}, {@code -25%}) or conditional forms ({@code 3<90%}, {@code 2<-25%
 * 9<-3}), resolved against the number of optional clauses.
 */
final class MinimumShouldMatch {

  private final String spec;

  private MinimumShouldMatch(String spec) {
    this.spec = spec;
  }

  /** Parses the JSON value (number or string); throws if it is malformed. */
  static MinimumShouldMatch parse(JsonNode value, String clause, String path) {
    if (!value.isIntegralNumber() && !value.isTextual()) {
      throw UnsupportedQueryException.malformed(
          clause, path, "minimum_should_match must be an integer or a string");
    }
    MinimumShouldMatch m = new MinimumShouldMatch(value.asText().trim());
    try {
      for (int n = 0; n <= 10; n++) {
        m.required(n);
      }
    } catch (RuntimeException e) {
      throw UnsupportedQueryException.malformed(
          clause, path, "minimum_should_match '" + value.asText() + "' is not valid");
    }
    return m;
  }

  /** How many of {@code optional} clauses must match. */
  int required(int optional) {
    return calculate(optional, spec);
  }

  // Follows Elasticsearch's Queries.calculateMinShouldMatch.
  private static int calculate(int optional, String spec) {
    int result = optional;
    if (spec.indexOf('<') >= 0) {
      String normalized = spec.replaceAll("\\s*<\\s*", "<");
      for (String condition : normalized.split("\\s+")) {
        String[] parts = condition.split("<", 2);
        if (parts.length != 2) {
          throw new IllegalArgumentException(spec);
        }
        int upperBound = Integer.parseInt(parts[0]);
        if (optional <= upperBound) {
          return result;
        }
        result = calculate(optional, parts[1]);
      }
      return result;
    }
    if (spec.endsWith("%")) {
      int percent = Integer.parseInt(spec.substring(0, spec.length() - 1));
      float calc = (result * percent) * (1 / 100f);
      result = calc < 0 ? result + (int) calc : (int) calc;
    } else {
      int calc = Integer.parseInt(spec);
      result = calc < 0 ? result + calc : calc;
    }
    return optional < result ? optional : Math.max(result, 0);
  }
}
