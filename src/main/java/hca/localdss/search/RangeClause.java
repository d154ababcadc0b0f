package hca.localdss.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The {@code range} clause, compared as the field's type: numbers numerically, dates as instants
 * (with date math and Elasticsearch's rounding: {@code lte: "2018-01-01"} includes that whole
 * day), keywords in lower-cased code point order (which orders DSS_VERSION strings by time) and
 * {@code .text} fields term by term.
 */
final class RangeClause {

  private final FieldPath path;
  private final QueryValue lower;
  private final QueryValue upper;
  private final boolean includeLower;
  private final boolean includeUpper;

  private RangeClause(
      FieldPath path,
      QueryValue lower,
      QueryValue upper,
      boolean includeLower,
      boolean includeUpper) {
    this.path = path;
    this.lower = lower;
    this.upper = upper;
    this.includeLower = includeLower;
    this.includeUpper = includeUpper;
  }

  static Clause compile(JsonNode body, String path) {
    SingleField f = SingleField.of("range", body, path);
    f.rejectMetaField();
    if (!f.value().isObject()) {
      throw f.malformed("field '" + f.field() + "' needs an object of bounds");
    }
    JsonNode from = null;
    JsonNode to = null;
    boolean includeLower = true;
    boolean includeUpper = true;
    ZoneId zone = null;
    // Later keys override earlier ones, as in Elasticsearch's parser.
    for (Map.Entry<String, JsonNode> e : f.value().properties()) {
      JsonNode v = e.getValue();
      switch (e.getKey()) {
        case "gt":
          from = v;
          includeLower = false;
          break;
        case "gte":
          from = v;
          includeLower = true;
          break;
        case "lt":
          to = v;
          includeUpper = false;
          break;
        case "lte":
          to = v;
          includeUpper = true;
          break;
        case "from":
          from = v;
          break;
        case "to":
          to = v;
          break;
        case "include_lower":
          includeLower = v.asBoolean();
          break;
        case "include_upper":
          includeUpper = v.asBoolean();
          break;
        case "time_zone":
          try {
            zone = ZoneId.of(v.asText());
          } catch (DateTimeException ex) {
            throw f.malformed("unknown time_zone '" + v.asText() + "'");
          }
          break;
        default:
          if (!SingleField.isDecoration(e.getKey())) {
            throw f.unsupportedParameter(e.getKey());
          }
      }
    }
    QueryValue lower = bound(from, f, zone);
    QueryValue upper = bound(to, f, zone);
    if (lower == null && upper == null) {
      throw f.malformed("no bounds for field '" + f.field() + "'");
    }
    RangeClause range = new RangeClause(f.fieldPath(), lower, upper, includeLower, includeUpper);
    boolean zoned = zone != null;
    return c ->
        range.path.anyValue(
            c.source(),
            v -> {
              if (zoned && v.kind != IndexedValue.Kind.DATE && v.kind != IndexedValue.Kind.OBJECT) {
                throw f.malformed("time_zone applies to date fields only ('" + f.field() + "')");
              }
              return range.test(v, c);
            });
  }

  private static QueryValue bound(JsonNode value, SingleField f, ZoneId zone) {
    if (value == null || value.isNull()) {
      return null;
    }
    return new QueryValue(value, "range", f.path(), f.field(), zone);
  }

  private boolean test(IndexedValue v, Candidate c) {
    switch (v.kind) {
      case KEYWORD:
        String term = v.keywordTerm();
        return term != null && within(b -> KeywordTerms.compare(term, b.lowered()));
      case EXACT:
        return within(b -> KeywordTerms.compare(v.text(), b.text()));
      case TEXT:
        return v.anyTerm(t -> within(b -> KeywordTerms.compare(t, b.text())));
      case LONG:
        BigDecimal number = v.decimal();
        return within(b -> number.compareTo(b.number()));
      case FLOAT:
        float f = v.floatValue();
        return within(b -> Float.compare(f, b.floatNumber()));
      case DATE:
        return inDateRange(v.dateMillis(), c.nowMillis());
      case BOOLEAN:
        int bool = v.booleanValue() ? 1 : 0;
        return within(b -> Integer.compare(bool, b.bool() ? 1 : 0));
      default:
        return false;
    }
  }

  /** Whether a value lies within the bounds, given how it compares with a bound. */
  private boolean within(ToIntFunction<QueryValue> compareWith) {
    if (lower != null) {
      int cmp = compareWith.applyAsInt(lower);
      if (cmp < 0 || (cmp == 0 && !includeLower)) {
        return false;
      }
    }
    if (upper != null) {
      int cmp = compareWith.applyAsInt(upper);
      return cmp < 0 || (cmp == 0 && includeUpper);
    }
    return true;
  }

  // As Elasticsearch: an exclusive lower bound rounds up and moves one millisecond later, an
  // inclusive upper bound rounds up, an exclusive one rounds down and moves one earlier.
  private boolean inDateRange(long millis, long now) {
    if (lower != null) {
      long from = lower.date().resolve(!includeLower, now) + (includeLower ? 0 : 1);
      if (millis < from) {
        return false;
      }
    }
    if (upper != null) {
      long to = upper.date().resolve(includeUpper, now) - (includeUpper ? 0 : 1);
      return millis <= to;
    }
    return true;
  }
}
