package hca.localdss.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Map;
import java.util.Set;

/**
 * An Elasticsearch 5 search body ({@code es_query}) compiled for matching DSS index documents
 * without Elasticsearch, with the semantics of the DSS mapping: every dynamic string is a
 * lower-cased {@code keyword} with an analyzed {@code .text} sub-field, numbers and booleans keep
 * their type, date-like strings are dates.
 *
 * <p>Supported: {@code match_all}, {@code match_none}, {@code match}, {@code match_phrase}, {@code
 * term}, {@code terms}, {@code range}, {@code exists}, {@code prefix}, {@code wildcard}, {@code
 * ids}, {@code bool}, {@code constant_score} and {@code dis_max}. Anything else, and any
 * parameter that would change which documents match, raises {@link UnsupportedQueryException}
 * rather than give a wrong answer. Of the body, only {@code query} is evaluated; {@code sort},
 * {@code _source}, {@code size} and {@code from} are ignored (the DSS imposed its own sort and
 * page size).
 *
 * <p>Each value is typed on its own, where Elasticsearch fixed a field's type from the first
 * document it indexed (and then refused documents that disagreed); for the documents the DSS
 * could index the two agree. The standard analyzer is re-implemented for the common scripts (see
 * {@link StandardAnalyzer}).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class EsQuery {

  private static final Set<String> IGNORED_BODY_KEYS = Set.of("sort", "_source", "size", "from");

  private final JsonNode body;
  private final Clause root;

  private EsQuery(JsonNode body, Clause root) {
    this.body = body;
    this.root = root;
  }

  /** Compiles a search body; {@code {}} matches every document. */
  public static EsQuery compile(JsonNode esQueryBody) {
    if (esQueryBody == null || !esQueryBody.isObject()) {
      throw new UnsupportedQueryException("malformed search body: expected a JSON object");
    }
    Clause root = Clause.ALL;
    for (Map.Entry<String, JsonNode> e : esQueryBody.properties()) {
      String key = e.getKey();
      if (key.equals("query")) {
        Clause c = QueryCompiler.compile(e.getValue(), "query", false);
        root = c == null ? Clause.ALL : c;
      } else if (!IGNORED_BODY_KEYS.contains(key)) {
        throw new UnsupportedQueryException("unsupported search body key '" + key + "' at " + key);
      }
    }
    return new EsQuery(esQueryBody.deepCopy(), root);
  }

  /** A query matching every document. */
  public static EsQuery matchAll() {
    return new EsQuery(JsonNodeFactory.instance.objectNode(), Clause.ALL);
  }

  /** The search body this query was compiled from (a copy). */
  public JsonNode body() {
    return body.deepCopy();
  }

  /**
   * Whether the document matches. Its id, needed only by {@code ids} and {@code _id} clauses, is
   * taken to be {@code <uuid>.<manifest.version>}.
   *
   * @throws UnsupportedQueryException when the query compares a field with a value of another
   *     type (a word with a number field), which Elasticsearch rejects as a bad request
   */
  public boolean matches(JsonNode document) {
    return matches(idOf(document), document);
  }

  /** Whether the document with this id ({@code <uuid>.<version>}) matches. */
  public boolean matches(String fqid, JsonNode document) {
    return matches(fqid, document, System.currentTimeMillis());
  }

  boolean matches(String fqid, JsonNode document, long nowMillis) {
    return root.matches(new Candidate(fqid, document, nowMillis));
  }

  private static String idOf(JsonNode document) {
    JsonNode uuid = document.path("uuid");
    JsonNode version = document.path("manifest").path("version");
    return uuid.isTextual() && version.isTextual()
        ? uuid.textValue() + "." + version.textValue()
        : null;
  }

  @Override
  public String toString() {
    return body.toString();
  }
}
