package hca.dss.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The pieces of DSS pagination that need no HTTP: finding the next page in {@code Link} headers and
 * joining the paginated arrays of several pages.
 */
public final class Pagination {

  /** The content key a 206 response uses when it sends no {@code X-OpenAPI-Paginated-Content-Key}. */
  public static final String DEFAULT_CONTENT_KEY = "results";

  private Pagination() {}

  /**
   * The URL of the link with relation {@code next}, from any number of {@code Link} header values each
   * holding any number of links. The relation may be double-quoted, single-quoted (as some DSS routes
   * send it) or bare, and may list several relation types.
   */
  public static Optional<String> nextLink(List<String> linkHeaderValues) {
    if (linkHeaderValues == null) {
      return Optional.empty();
    }
    for (String header : linkHeaderValues) {
      Optional<String> found = nextLink(header == null ? "" : header);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> nextLink(String header) {
    int i = 0;
    while (true) {
      int open = header.indexOf('<', i);
      int close = open < 0 ? -1 : header.indexOf('>', open);
      if (close < 0) {
        return Optional.empty();
      }
      String url = header.substring(open + 1, close).trim();
      int end = endOfLink(header, close + 1);
      if (hasNextRelation(header.substring(close + 1, end))) {
        return Optional.of(url);
      }
      i = end;
    }
  }

  /** The index of the comma ending the parameters that start at {@code from}, ignoring quoted commas. */
  private static int endOfLink(String header, int from) {
    char quote = 0;
    for (int i = from; i < header.length(); i++) {
      char c = header.charAt(i);
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == ',') {
        return i;
      }
    }
    return header.length();
  }

  private static boolean hasNextRelation(String params) {
    for (String param : params.split(";")) {
      int eq = param.indexOf('=');
      if (eq < 0 || !param.substring(0, eq).trim().equalsIgnoreCase("rel")) {
        continue;
      }
      String value = param.substring(eq + 1).trim();
      if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
          && value.charAt(value.length() - 1) == value.charAt(0)) {
        value = value.substring(1, value.length() - 1);
      }
      for (String rel : value.toLowerCase(Locale.ROOT).split("\\s+")) {
        if (rel.equals("next")) {
          return true;
        }
      }
    }
    return false;
  }

  /** The node at a dotted key such as {@code bundle.files}, or a missing node when there is none. */
  public static JsonNode contentAt(JsonNode page, String dottedKey) {
    JsonNode node = page == null ? MissingNode.getInstance() : page;
    for (String part : dottedKey.split("\\.")) {
      node = node.path(part);
    }
    return node;
  }

  /**
   * The first page with the array at {@code dottedKey} replaced by the arrays of all pages, in order.
   * No other key is added or changed.
   *
   * @throws IllegalArgumentException when there are no pages or the first is not a JSON object
   */
  public static ObjectNode concatenate(List<JsonNode> pages, String dottedKey) {
    if (pages == null || pages.isEmpty() || !pages.get(0).isObject()) {
      throw new IllegalArgumentException("pages to join must start with a JSON object");
    }
    ObjectNode result = pages.get(0).deepCopy();
    ArrayNode all = JsonNodeFactory.instance.arrayNode();
    boolean found = false;
    for (JsonNode page : pages) {
      JsonNode content = contentAt(page, dottedKey);
      if (content.isArray()) {
        all.addAll((ArrayNode) content);
        found = true;
      }
    }
    if (!found) {
      return result;
    }
    String[] parts = dottedKey.split("\\.");
    ObjectNode parent = result;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = parent.get(parts[i]);
      if (child != null && !child.isObject()) {
        throw new IllegalArgumentException(
            "'" + dottedKey + "' does not lead to an array: " + parts[i] + " is not an object");
      }
      parent = child == null ? parent.putObject(parts[i]) : (ObjectNode) child;
    }
    parent.set(parts[parts.length - 1], all);
    return result;
  }
}
