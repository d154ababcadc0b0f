package hca.cli;

import com.fasterxml.jackson.databind.JsonNode;
import hca.dss.SearchQuery;
import java.nio.file.Path;

/**
 * The value of {@code --query}: a search body ({@code {"es_query": {...}}} or the query itself),
 * given inline when it starts with {@code {}, else the path of a file holding it ({@link SearchQuery}).
 */
final class QueryArgument {

  private QueryArgument() {}

  /** The name of the run's report: the file's name without .json, or "query" for an inline query. */
  static String name(String value) {
    if (SearchQuery.inline(value)) {
      return "query";
    }
    Path file = Path.of(value).getFileName();
    return file == null ? "query" : file.toString().replaceFirst("\\.json$", "");
  }

  /** The Elasticsearch query the value holds; a bad one is bad input (exit code 7). */
  static JsonNode read(String value) {
    try {
      return SearchQuery.read(value, "--query");
    } catch (SearchQuery.BadQueryException e) {
      throw new BadInputException(e.getMessage(), e);
    }
  }
}
