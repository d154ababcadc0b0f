package hca.localdss.search;

/**
 * An Elasticsearch query this evaluator cannot answer faithfully: a clause or parameter it does
 * not implement, or one that is malformed (Elasticsearch itself would reject it). The message
 * names the clause and its JSON path, e.g. {@code unsupported query clause 'fuzzy' at
 * query.bool.must[1]}; the server answers it with 400 {@code elasticsearch_bad_request}.
 */
public class UnsupportedQueryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public UnsupportedQueryException(String message) {
    super(message);
  }

  static UnsupportedQueryException unsupported(String clause, String path) {
    return new UnsupportedQueryException("unsupported query clause '" + clause + "' at " + path);
  }

  static UnsupportedQueryException malformed(String clause, String path, String reason) {
    return new UnsupportedQueryException(
        "malformed query clause '" + clause + "' at " + path + ": " + reason);
  }
}
