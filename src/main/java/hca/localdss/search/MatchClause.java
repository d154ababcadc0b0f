package hca.localdss.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The full-text clauses {@code match} and {@code match_phrase}. Against a {@code .text} field the
 * query is analyzed like the field and its terms are ORed (or ANDed, or counted against {@code
 * minimum_should_match}) over all the field's values in the document; a phrase needs its terms
 * at consecutive positions within one value. Against a keyword, the whole query string is
 * lower-cased and compared with the whole value; against numbers, dates and booleans it is a
 * {@code term} query.
 */
final class MatchClause {

  private MatchClause() {}

  static Clause match(JsonNode body, String path) {
    return compile("match", body, path, false);
  }

  static Clause matchPhrase(JsonNode body, String path) {
    return compile("match_phrase", body, path, true);
  }

  private static Clause compile(String clause, JsonNode body, String path, boolean phrase) {
    SingleField f = SingleField.of(clause, body, path);
    f.rejectMetaField("_id", "_type");
    JsonNode query = f.value();
    boolean and = false;
    MinimumShouldMatch msm = null;
    if (query.isObject()) {
      query = null;
      for (Iterator<Map.Entry<String, JsonNode>> it = f.value().fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = e.getValue();
        switch (e.getKey()) {
          case "query":
            query = v;
            break;
          case "operator":
            String op = v.asText().toLowerCase();
            if (!op.equals("or") && !op.equals("and")) {
              throw f.malformed("operator must be 'or' or 'and', not '" + v.asText() + "'");
            }
            and = op.equals("and");
            break;
          case "minimum_should_match":
            msm = MinimumShouldMatch.parse(v, clause, path);
            break;
          case "type":
            String type = v.asText();
            if (type.equals("phrase")) {
              phrase = true;
            } else if (!type.equals("boolean")) {
              throw f.unsupportedParameter("type: " + type);
            }
            break;
          case "zero_terms_query":
            if (!v.asText().equalsIgnoreCase("none")) {
              throw f.unsupportedParameter("zero_terms_query: " + v.asText());
            }
            break;
          case "slop":
          case "lenient":
            // Only the defaults (exact phrases, type errors rejected) are implemented.
            if (v.asInt(-1) != 0 && !v.asText().equals("false")) {
              throw f.unsupportedParameter(e.getKey());
            }
            break;
          default:
            if (!SingleField.isDecoration(e.getKey())) {
              throw f.unsupportedParameter(e.getKey());
            }
        }
      }
      if (query == null) {
        throw f.malformed("no query for field '" + f.field() + "'");
      }
    }
    QueryValue q = new QueryValue(query, clause, path, f.field(), null);
    if (SingleField.META_FIELDS.contains(f.field())) {
      String field = f.field();
      return c -> q.text().equals(SingleField.metaValue(field, c, clause, path));
    }
    List<StandardAnalyzer.Token> tokens = StandardAnalyzer.tokens(q.text());
    String[] terms = tokens.stream().map(StandardAnalyzer.Token::term).toArray(String[]::new);
    int n = terms.length;
    int required;
    if (and) {
      required = n;
    } else if (n > 1 && msm != null) {
      // msm 0 still leaves a pure disjunction, which needs one term
      required = Math.max(1, msm.required(n));
    } else {
      required = Math.min(n, 1);
    }
    FieldPath p = f.fieldPath();
    boolean isPhrase = phrase;
    return c -> {
      boolean[] found = new boolean[n];
      int[] count = {0};
      return p.anyValue(
          c.source(),
          v -> {
            switch (v.kind) {
              case TEXT:
                if (n == 0) {
                  return false; // zero_terms_query "none"
                }
                if (isPhrase) {
                  return containsPhrase(v.tokens(), tokens);
                }
                for (StandardAnalyzer.Token t : v.tokens()) {
                  for (int i = 0; i < n; i++) {
                    if (!found[i] && terms[i].equals(t.term())) {
                      found[i] = true;
                      count[0]++;
                    }
                  }
                  if (count[0] >= required) {
                    return true;
                  }
                }
                return false;
              case OBJECT:
                return false;
              default:
                return q.equalTo(v, c, false);
            }
          });
    };
  }

  /** Whether the phrase's terms occur in {@code value} with the same relative positions. */
  static boolean containsPhrase(
      List<StandardAnalyzer.Token> value, List<StandardAnalyzer.Token> phrase) {
    int n = phrase.size();
    int base = phrase.get(0).position();
    for (int start = 0; start + n <= value.size(); start++) {
      int at = value.get(start).position();
      boolean all = true;
      for (int k = 0; k < n && all; k++) {
        StandardAnalyzer.Token want = phrase.get(k);
        StandardAnalyzer.Token got = value.get(start + k);
        all = got.term().equals(want.term()) && got.position() - at == want.position() - base;
      }
      if (all) {
        return true;
      }
    }
    return false;
  }
}
