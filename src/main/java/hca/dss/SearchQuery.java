package hca.dss;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A search's {@code es_query}, given inline ({@code {"query": ...}}) or as a file, holding either
 * {@code {"es_query": {...}}} (the body of {@code POST /search}) or the query itself.
 */
public final class SearchQuery {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_BYTES = 1 << 20;

  private SearchQuery() {}

  /**
   * The es_query of {@code text}: inline JSON when it starts with '{', else a file's path.
   *
   * @param where names the input in a message (a flag, an endpoint's option)
   * @throws IllegalArgumentException in one line naming {@code where}, the file and the place
   */
  public static JsonNode parse(String text, String where) {
    String t = text.strip();
    if (t.startsWith("{")) {
      return of(t, where);
    }
    Path file = Path.of(t);
    try {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(where + ": " + file + " is not a file (nor inline JSON)");
      }
      if (Files.size(file) > MAX_BYTES) {
        throw new IllegalArgumentException(where + ": " + file + " is over 1 MiB");
      }
      return of(Files.readString(file), where + ": " + file);
    } catch (IOException e) {
      throw new IllegalArgumentException(where + ": cannot read " + file + ": " + e.getMessage());
    }
  }

  private static JsonNode of(String json, String where) {
    JsonNode n;
    try {
      n = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(where + ": not JSON at line " + e.getLocation().getLineNr()
          + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException(where + ": a query is a JSON object");
    }
    JsonNode q = n.has("es_query") ? n.get("es_query") : n;
    if (!q.isObject()) {
      throw new IllegalArgumentException(where + ": es_query is a JSON object");
    }
    return q;
  }
}
