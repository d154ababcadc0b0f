package hca.localdss.search;

import com.fasterxml.jackson.databind.JsonNode;
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
      for (Map.Entry<String, JsonNode> e : f.value().properties()) {
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
            // Only exact phrases are implemented.
            if (v.asInt(-1) != 0) {
              throw f.unsupportedParameter("slop");
            }
            break;
          case "lenient":
            // Type errors are always rejected, as by default.
            if (v.asBoolean(true)) {
              throw f.unsupportedParameter("lenient");
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
    StandardAnalyzer.Analysis analyzed = StandardAnalyzer.analyze(q.text());
    int n = analyzed.size();
    int required;
    if (and) {
      required = n;
    } else if (n > 1 && msm != null) {
      // msm 0 still leaves a pure disjunction, which needs one term
      required = Math.max(1, msm.required(n));
    } else {
      required = Math.min(n, 1);
    }
    QueryTerms terms = new QueryTerms(analyzed, required);
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
                  return false; // nothing left after analysis: zero_terms_query "none"
                }
                return isPhrase ? terms.phraseIn(v.text()) : terms.collect(v.text(), found, count);
              case OBJECT:
                return false;
              default:
                return q.equalTo(v, c, false);
            }
          });
    };
  }

  /** The analyzed query and how many of its terms a field's text must hold. */
  private static final class QueryTerms {
    private final String[] terms;
    private final int[] positions;
    private final TermProbe[] probes;
    private final int required;

    QueryTerms(StandardAnalyzer.Analysis analyzed, int required) {
      this.terms = analyzed.terms();
      this.positions = analyzed.positions();
      this.probes = new TermProbe[terms.length];
      for (int i = 0; i < terms.length; i++) {
        probes[i] = new TermProbe(terms[i]);
      }
      this.required = required;
    }

    /**
     * Marks the terms {@code text} holds in {@code found} (shared by all values of the field, as
     * Elasticsearch matched a field's terms together); whether enough are found so far.
     */
    boolean collect(String text, boolean[] found, int[] count) {
      for (int i = 0; i < terms.length; i++) {
        if (found[i] || !probes[i].isTokenIn(text)) {
          continue;
        }
        // A term given twice counts twice, as its two clauses in Elasticsearch did.
        for (int j = i; j < terms.length; j++) {
          if (!found[j] && terms[j].equals(terms[i])) {
            found[j] = true;
            count[0]++;
          }
        }
        if (count[0] >= required) {
          return true;
        }
      }
      return false;
    }

    /** Whether {@code text} holds the terms consecutively (at the query's relative positions). */
    boolean phraseIn(String text) {
      for (TermProbe probe : probes) {
        if (!probe.mayOccurIn(text)) {
          return false;
        }
      }
      return probes[0].anyOccurrence(text, i -> phraseAt(text, i));
    }

    /** Whether the phrase starts with a token at offset {@code at}. */
    private boolean phraseAt(String text, int at) {
      int n = terms.length;
      // next: index of the phrase term expected next (-1 before the first); base: its position
      int[] next = {-1};
      int[] base = {0};
      boolean[] matched = {false};
      StandardAnalyzer.scan(
          text,
          StandardAnalyzer.restartPoint(text, at),
          (start, end, position) -> {
            if (next[0] < 0) {
              if (start < at) {
                return false;
              }
              if (start > at || !StandardAnalyzer.termEquals(text, start, end, terms[0])) {
                return true;
              }
              base[0] = position;
              next[0] = 1;
            } else {
              int k = next[0];
              if (position - base[0] != positions[k] - positions[0]
                  || !StandardAnalyzer.termEquals(text, start, end, terms[k])) {
                return true;
              }
              next[0]++;
            }
            matched[0] = next[0] == n;
            return matched[0];
          });
      return matched[0];
    }
  }
}
