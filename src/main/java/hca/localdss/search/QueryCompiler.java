package hca.localdss.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles Elasticsearch 5 query clauses into {@link Clause}s: the compound ones here ({@code
 * bool}, {@code constant_score}, {@code dis_max}, {@code match_all}, {@code match_none}, {@code
 * ids}), the field ones in {@link TermClauses}, {@link MatchClause} and {@link RangeClause}. Any
 * other clause type is rejected.
 *
 * <p>Tracks filter context as Elasticsearch 5 did: inside {@code filter}, {@code must_not} and
 * {@code constant_score}, a {@code bool} with {@code should} clauses and no {@code
 * minimum_should_match} needs one of them to match even beside {@code must}/{@code filter}.
 */
final class QueryCompiler {

  private QueryCompiler() {}

  /**
   * Compiles one clause object; null for an empty object {@code {}}, which Elasticsearch 5
   * ignored (with a deprecation warning) where a clause was optional.
   */
  static Clause compile(JsonNode node, String path, boolean filterContext) {
    if (node == null || !node.isObject()) {
      throw new UnsupportedQueryException("malformed query at " + path + ": expected an object");
    }
    if (node.size() == 0) {
      return null;
    }
    if (node.size() > 1) {
      Iterator<String> names = node.fieldNames();
      throw new UnsupportedQueryException(
          "malformed query at " + path + ": one clause per object, found '" + names.next()
              + "' and '" + names.next() + "'");
    }
    Map.Entry<String, JsonNode> clause = node.properties().iterator().next();
    String type = clause.getKey();
    JsonNode body = clause.getValue();
    switch (type) {
      case "match_all":
        requireDecorationsOnly(type, body, path);
        return Clause.ALL;
      case "match_none":
        requireDecorationsOnly(type, body, path);
        return Clause.NONE;
      case "bool":
        return bool(body, path, filterContext);
      case "constant_score":
        return constantScore(body, path);
      case "dis_max":
        return disMax(body, path, filterContext);
      case "ids":
        return ids(body, path);
      case "term":
        return TermClauses.term(body, path);
      case "terms":
        return TermClauses.terms(body, path);
      case "prefix":
        return TermClauses.prefix(body, path);
      case "wildcard":
        return TermClauses.wildcard(body, path);
      case "exists":
        return TermClauses.exists(body, path);
      case "match":
        return MatchClause.match(body, path);
      case "match_phrase":
        return MatchClause.matchPhrase(body, path);
      case "range":
        return RangeClause.compile(body, path);
      default:
        throw UnsupportedQueryException.unsupported(type, path);
    }
  }

  private static void requireDecorationsOnly(String type, JsonNode body, String path) {
    if (!body.isObject()) {
      throw UnsupportedQueryException.malformed(type, path, "expected an object");
    }
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!SingleField.isDecoration(key)) {
        throw new UnsupportedQueryException(
            "unsupported parameter '" + key + "' of query clause '" + type + "' at " + path);
      }
    }
  }

  private static Clause bool(JsonNode body, String path, boolean filterContext) {
    if (!body.isObject()) {
      throw UnsupportedQueryException.malformed("bool", path, "expected an object");
    }
    List<Clause> required = new ArrayList<>();
    List<Clause> should = new ArrayList<>();
    List<Clause> mustNot = new ArrayList<>();
    MinimumShouldMatch msm = null;
    for (Map.Entry<String, JsonNode> e : body.properties()) {
      String key = e.getKey();
      String at = path + ".bool." + key;
      switch (key) {
        case "must":
          occurrences(e.getValue(), at, filterContext, required);
          break;
        case "filter":
          occurrences(e.getValue(), at, true, required);
          break;
        case "should":
          occurrences(e.getValue(), at, filterContext, should);
          break;
        case "must_not":
          occurrences(e.getValue(), at, true, mustNot);
          break;
        case "minimum_should_match":
          msm = MinimumShouldMatch.parse(e.getValue(), "bool", path);
          break;
        case "adjust_pure_negative":
          if (!e.getValue().asBoolean(true)) {
            throw new UnsupportedQueryException(
                "unsupported parameter 'adjust_pure_negative: false' of query clause 'bool' at "
                    + path);
          }
          break;
        case "disable_coord":
        case "boost":
        case "_name":
          break; // scoring and naming only
        default:
          throw new UnsupportedQueryException(
              "unsupported parameter '" + key + "' of query clause 'bool' at " + path);
      }
    }
    int shouldRequired = shouldRequired(msm, should.size(), filterContext, required.isEmpty());
    return new BoolClause(required, should, mustNot, shouldRequired);
  }

  /** How many should clauses must match: Lucene's BooleanQuery with Elasticsearch 5's defaults. */
  private static int shouldRequired(
      MinimumShouldMatch msm, int shouldCount, boolean filterContext, boolean noRequired) {
    if (shouldCount == 0) {
      return 0;
    }
    int n;
    if (msm != null) {
      n = msm.required(shouldCount);
    } else {
      n = filterContext ? 1 : 0;
    }
    // Without must/filter clauses a query of should clauses is a disjunction: one must match.
    return n == 0 && noRequired ? 1 : n;
  }

  private static void occurrences(
      JsonNode value, String path, boolean filterContext, List<Clause> into) {
    if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        Clause c = compile(value.get(i), path + "[" + i + "]", filterContext);
        if (c != null) {
          into.add(c);
        }
      }
    } else if (value.isObject()) {
      Clause c = compile(value, path, filterContext);
      if (c != null) {
        into.add(c);
      }
    } else {
      throw new UnsupportedQueryException(
          "malformed query at " + path + ": expected an object or an array of objects");
    }
  }

  private static Clause constantScore(JsonNode body, String path) {
    if (!body.isObject()) {
      throw UnsupportedQueryException.malformed("constant_score", path, "expected an object");
    }
    Clause filter = null;
    for (Map.Entry<String, JsonNode> e : body.properties()) {
      if (e.getKey().equals("filter")) {
        filter = compile(e.getValue(), path + ".constant_score.filter", true);
      } else if (!SingleField.isDecoration(e.getKey())) {
        throw new UnsupportedQueryException(
            "unsupported parameter '" + e.getKey() + "' of query clause 'constant_score' at "
                + path);
      }
    }
    if (filter == null) {
      throw UnsupportedQueryException.malformed("constant_score", path, "needs a non-empty filter");
    }
    return filter;
  }

  private static Clause disMax(JsonNode body, String path, boolean filterContext) {
    if (!body.isObject()) {
      throw UnsupportedQueryException.malformed("dis_max", path, "expected an object");
    }
    List<Clause> queries = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : body.properties()) {
      String key = e.getKey();
      if (key.equals("queries")) {
        occurrences(e.getValue(), path + ".dis_max.queries", filterContext, queries);
      } else if (!key.equals("tie_breaker") && !SingleField.isDecoration(key)) {
        throw new UnsupportedQueryException(
            "unsupported parameter '" + key + "' of query clause 'dis_max' at " + path);
      }
    }
    if (queries.isEmpty()) {
      throw UnsupportedQueryException.malformed("dis_max", path, "needs at least one query");
    }
    return c -> {
      for (Clause q : queries) {
        if (q.matches(c)) {
          return true;
        }
      }
      return false;
    };
  }

  private static Clause ids(JsonNode body, String path) {
    if (!body.isObject()) {
      throw UnsupportedQueryException.malformed("ids", path, "expected an object");
    }
    Set<String> ids = new HashSet<>();
    boolean docType = true;
    for (Map.Entry<String, JsonNode> e : body.properties()) {
      JsonNode v = e.getValue();
      switch (e.getKey()) {
        case "values":
          if (!v.isArray()) {
            throw UnsupportedQueryException.malformed("ids", path, "values must be an array");
          }
          v.forEach(id -> ids.add(id.asText()));
          break;
        case "type":
        case "types":
          // Every DSS document has mapping type "doc".
          boolean listed = false;
          for (JsonNode t : v.isArray() ? v : List.of(v)) {
            listed |= t.asText().equals("doc") || t.asText().equals("_all");
          }
          docType = listed || (v.isArray() && v.size() == 0);
          break;
        default:
          if (!SingleField.isDecoration(e.getKey())) {
            throw new UnsupportedQueryException(
                "unsupported parameter '" + e.getKey() + "' of query clause 'ids' at " + path);
          }
      }
    }
    if (!docType) {
      return Clause.NONE;
    }
    return c -> ids.contains(SingleField.metaValue("_id", c, "ids", path));
  }

  /** {@code must}/{@code filter} all, {@code must_not} none, and enough {@code should}. */
  private record BoolClause(
      List<Clause> required, List<Clause> should, List<Clause> mustNot, int shouldRequired)
      implements Clause {

    @Override
    public boolean matches(Candidate c) {
      for (Clause q : required) {
        if (!q.matches(c)) {
          return false;
        }
      }
      for (Clause q : mustNot) {
        if (q.matches(c)) {
          return false;
        }
      }
      if (shouldRequired == 0) {
        return true;
      }
      int matched = 0;
      int remaining = should.size();
      for (Clause q : should) {
        if (q.matches(c)) {
          if (++matched >= shouldRequired) {
            return true;
          }
        }
        if (matched + --remaining < shouldRequired) {
          return false;
        }
      }
      return false;
    }
  }
}
