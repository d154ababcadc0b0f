package hca.localdss.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A value given in a query (a term, a match text, a range bound), converted on demand to the type
 * of the field it is compared with. A value that cannot be converted (a word against a number
 * field) makes Elasticsearch reject the whole search; so does this class, naming the clause.
 */
final class QueryValue {

  private final JsonNode raw;
  private final String text;
  private final String lowered;
  private final String clause;
  private final String path;
  private final String field;
  private final ZoneId zone;
  // Conversions are cached lazily; racing threads at worst compute the same immutable value twice.
  private BigDecimal number;
  private EsDates.Expression date;
  private TermProbe textProbe;
  private TermProbe loweredProbe;

  /** Throws unless {@code raw} is a string, number or boolean. */
  QueryValue(JsonNode raw, String clause, String path, String field, ZoneId zone) {
    if (raw == null || !(raw.isTextual() || raw.isNumber() || raw.isBoolean())) {
      throw UnsupportedQueryException.malformed(
          clause, path, "value for field '" + field + "' must be a string, number or boolean");
    }
    this.raw = raw;
    this.text = raw.asText();
    this.lowered = KeywordTerms.lowercase(text);
    this.clause = clause;
    this.path = path;
    this.field = field;
    this.zone = zone == null ? ZoneOffset.UTC : zone;
  }

  /** The value as a string, as Elasticsearch's {@code toString()} of it. */
  String text() {
    return text;
  }

  /** The value through the keyword normalizer. */
  String lowered() {
    return lowered;
  }

  BigDecimal number() {
    if (number == null) {
      if (raw.isNumber()) {
        number = raw.decimalValue();
      } else {
        try {
          number = raw.isTextual() ? new BigDecimal(text.trim()) : null;
        } catch (NumberFormatException e) {
          number = null;
        }
        if (number == null) {
          throw mismatch("a number");
        }
      }
    }
    return number;
  }

  float floatNumber() {
    return number().floatValue();
  }

  boolean bool() {
    if (raw.isBoolean()) {
      return raw.booleanValue();
    }
    if (text.equals("true") || text.equals("false")) {
      return text.equals("true");
    }
    throw mismatch("a boolean");
  }

  /** The value as a date expression (Elasticsearch parses numbers as strings here too). */
  EsDates.Expression date() {
    if (date == null) {
      EsDates.Expression e = EsDates.Expression.parse(text, zone);
      if (e == null) {
        throw mismatch("a date");
      }
      date = e;
    }
    return date;
  }

  /** Whether a field value equals this one, compared as the field's type (term semantics). */
  boolean equalTo(IndexedValue v, Candidate c, boolean caseInsensitive) {
    switch (v.kind) {
      case KEYWORD:
        return lowered.equals(v.keywordTerm());
      case EXACT:
        return caseInsensitive ? lowered.equals(KeywordTerms.lowercase(v.text()))
            : text.equals(v.text());
      case TEXT:
        return (caseInsensitive ? loweredProbe() : textProbe()).isTokenIn(v.text());
      case LONG:
        return number().compareTo(v.decimal()) == 0;
      case FLOAT:
        return Float.compare(floatNumber(), v.floatValue()) == 0;
      case DATE:
        EsDates.Expression d = date();
        long millis = v.dateMillis();
        return d.resolve(false, c.nowMillis()) <= millis
            && millis <= d.resolve(true, c.nowMillis());
      case BOOLEAN:
        return bool() == v.booleanValue();
      default:
        return false;
    }
  }

  private TermProbe textProbe() {
    if (textProbe == null) {
      textProbe = new TermProbe(text);
    }
    return textProbe;
  }

  private TermProbe loweredProbe() {
    if (loweredProbe == null) {
      loweredProbe = new TermProbe(lowered);
    }
    return loweredProbe;
  }

  UnsupportedQueryException mismatch(String expected) {
    return UnsupportedQueryException.malformed(
        clause, path, "'" + text + "' is not " + expected + " (field '" + field + "')");
  }
}
