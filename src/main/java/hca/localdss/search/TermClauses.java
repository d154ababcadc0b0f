package hca.localdss.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The term-level clauses: {@code term}, {@code terms}, {@code prefix}, {@code wildcard} and
 * {@code exists}. Their values are not analyzed; against a keyword field they pass through the
 * lower-casing normalizer, against a {@code .text} field they are compared with its tokens as
 * given (so {@code Homo} never matches there, {@code homo} does).
 */
final class TermClauses {

  private TermClauses() {}

  static Clause term(JsonNode body, String path) {
    SingleField f = SingleField.of("term", body, path);
    f.rejectMetaField("_id", "_type");
    JsonNode value = f.value();
    boolean caseInsensitive = false;
    if (value.isObject()) {
      value = null;
      for (Map.Entry<String, JsonNode> e : f.value().properties()) {
        switch (e.getKey()) {
          case "value":
            value = e.getValue();
            break;
          case "case_insensitive":
            caseInsensitive = e.getValue().asBoolean();
            break;
          default:
            if (!SingleField.isDecoration(e.getKey())) {
              throw f.unsupportedParameter(e.getKey());
            }
        }
      }
      if (value == null) {
        throw f.malformed("no value for field '" + f.field() + "'");
      }
    }
    QueryValue q = new QueryValue(value, "term", path, f.field(), null);
    if (SingleField.META_FIELDS.contains(f.field())) {
      String field = f.field();
      return c -> q.text().equals(SingleField.metaValue(field, c, "term", path));
    }
    FieldPath p = f.fieldPath();
    boolean ci = caseInsensitive;
    return c -> p.anyValue(c.source(), v -> q.equalTo(v, c, ci));
  }

  static Clause terms(JsonNode body, String path) {
    SingleField f = SingleField.of("terms", body, path);
    f.rejectMetaField("_id", "_type");
    if (f.value().isObject()) {
      throw new UnsupportedQueryException(
          "unsupported terms lookup in query clause 'terms' at " + path);
    }
    if (!f.value().isArray()) {
      throw f.malformed("field '" + f.field() + "' needs an array of values");
    }
    List<QueryValue> values = new ArrayList<>();
    for (JsonNode v : f.value()) {
      values.add(new QueryValue(v, "terms", path, f.field(), null));
    }
    if (SingleField.META_FIELDS.contains(f.field())) {
      String field = f.field();
      return c -> {
        String actual = SingleField.metaValue(field, c, "terms", path);
        return values.stream().anyMatch(q -> q.text().equals(actual));
      };
    }
    FieldPath p = f.fieldPath();
    return c ->
        p.anyValue(
            c.source(),
            v -> {
              for (QueryValue q : values) {
                if (q.equalTo(v, c, false)) {
                  return true;
                }
              }
              return false;
            });
  }

  static Clause prefix(JsonNode body, String path) {
    return pattern("prefix", body, path);
  }

  static Clause wildcard(JsonNode body, String path) {
    return pattern("wildcard", body, path);
  }

  private static Clause pattern(String clause, JsonNode body, String path) {
    SingleField f = SingleField.of(clause, body, path);
    f.rejectMetaField();
    JsonNode value = f.value();
    boolean caseInsensitive = false;
    if (value.isObject()) {
      value = null;
      for (Map.Entry<String, JsonNode> e : f.value().properties()) {
        String key = e.getKey();
        if (key.equals("value") || key.equals(clause)) {
          value = e.getValue();
        } else if (key.equals("case_insensitive")) {
          caseInsensitive = e.getValue().asBoolean();
        } else if (!SingleField.isDecoration(key) && !key.equals("rewrite")) {
          // rewrite only changes how scores are computed
          throw f.unsupportedParameter(key);
        }
      }
    }
    if (value == null || !(value.isTextual() || value.isNumber() || value.isBoolean())) {
      throw f.malformed("field '" + f.field() + "' needs a string value");
    }
    String raw = value.asText();
    String lowered = KeywordTerms.lowercase(raw);
    Predicate<String> matchesRaw;
    Predicate<String> matchesLowered;
    if (clause.equals("prefix")) {
      matchesRaw = s -> s.startsWith(raw);
      matchesLowered = s -> s.startsWith(lowered);
    } else {
      Pattern rawPattern = wildcardPattern(raw);
      Pattern loweredPattern = wildcardPattern(lowered);
      matchesRaw = s -> rawPattern.matcher(s).matches();
      matchesLowered = s -> loweredPattern.matcher(s).matches();
    }
    FieldPath p = f.fieldPath();
    boolean ci = caseInsensitive;
    Predicate<IndexedValue> test =
        v -> {
          switch (v.kind) {
            case KEYWORD:
              String term = v.keywordTerm();
              return term != null && matchesLowered.test(term);
            case EXACT:
              return ci ? matchesLowered.test(KeywordTerms.lowercase(v.text()))
                  : matchesRaw.test(v.text());
            case TEXT:
              return v.anyTerm(ci ? matchesLowered : matchesRaw);
            case OBJECT:
              return false;
            default:
              throw f.malformed(
                  clause + " works on keyword and text fields only; field '" + f.field()
                      + "' holds " + v.kind.name().toLowerCase() + " values");
          }
        };
    return c -> p.anyValue(c.source(), test);
  }

  /** Lucene wildcard syntax: {@code *} any sequence, {@code ?} one character, {@code \} escapes. */
  static Pattern wildcardPattern(String wildcard) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < wildcard.length()) {
      int cp = wildcard.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '*' || cp == '?') {
        flushLiteral(regex, literal);
        regex.append(cp == '*' ? ".*" : ".");
      } else if (cp == '\\' && i < wildcard.length()) {
        int escaped = wildcard.codePointAt(i);
        i += Character.charCount(escaped);
        literal.appendCodePoint(escaped);
      } else {
        literal.appendCodePoint(cp);
      }
    }
    flushLiteral(regex, literal);
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  private static void flushLiteral(StringBuilder regex, StringBuilder literal) {
    if (literal.length() > 0) {
      regex.append(Pattern.quote(literal.toString()));
      literal.setLength(0);
    }
  }

  static Clause exists(JsonNode body, String path) {
    if (!body.isObject()) {
      throw UnsupportedQueryException.malformed("exists", path, "expected an object");
    }
    String field = null;
    for (Map.Entry<String, JsonNode> e : body.properties()) {
      if (e.getKey().equals("field") && e.getValue().isTextual()) {
        field = e.getValue().textValue();
      } else if (!SingleField.isDecoration(e.getKey())) {
        throw new UnsupportedQueryException(
            "unsupported parameter '" + e.getKey() + "' of query clause 'exists' at " + path);
      }
    }
    if (field == null || field.isEmpty()) {
      throw UnsupportedQueryException.malformed("exists", path, "needs a 'field' string");
    }
    if (field.indexOf('*') >= 0) {
      throw new UnsupportedQueryException(
          "unsupported field pattern '" + field + "' in query clause 'exists' at " + path);
    }
    new SingleField("exists", path, field, null).rejectMetaField();
    FieldPath p = new FieldPath(field);
    return c ->
        p.anyValue(
            c.source(),
            v -> v.kind != IndexedValue.Kind.OBJECT || IndexedValue.hasIndexedLeaf(v.node));
  }
}
