package hca.localdss.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * One value of a field in a document, typed as the DSS mapping indexed it: strings are
 * lower-cased keywords (with an analyzed {@code .text} sub-field), except {@code uuid} and {@code
 * manifest.version} (case-sensitive keywords) and strings detected as dates; integral numbers are
 * longs, other numbers floats.
 */
final class IndexedValue {

  enum Kind {
    /** Dynamic string: lower-cased keyword. */
    KEYWORD,
    /** {@code uuid} or {@code manifest.version}: keyword without normalizer. */
    EXACT,
    /** The analyzed {@code .text} sub-field of a dynamic string. */
    TEXT,
    LONG,
    FLOAT,
    DATE,
    BOOLEAN,
    /** An object (only {@code exists} looks at these). */
    OBJECT
  }

  final Kind kind;
  final JsonNode node;
  private final long dateMillis;

  private IndexedValue(Kind kind, JsonNode node, long dateMillis) {
    this.kind = kind;
    this.node = node;
    this.dateMillis = dateMillis;
  }

  /**
   * Types a JSON value found at a field path; null when Elasticsearch would not index it (null,
   * or a {@code .text} sub-field of something other than a non-date string).
   */
  static IndexedValue of(JsonNode node, boolean textSubField, boolean exactKeyword) {
    if (textSubField) {
      return node.isTextual() && EsDates.detect(node.textValue()) == null
          ? new IndexedValue(Kind.TEXT, node, 0)
          : null;
    }
    if (node.isTextual()) {
      if (exactKeyword) {
        return new IndexedValue(Kind.EXACT, node, 0);
      }
      Long date = EsDates.detect(node.textValue());
      return date == null
          ? new IndexedValue(Kind.KEYWORD, node, 0)
          : new IndexedValue(Kind.DATE, node, date);
    }
    if (node.isIntegralNumber()) {
      return new IndexedValue(Kind.LONG, node, 0);
    }
    if (node.isNumber()) {
      return new IndexedValue(Kind.FLOAT, node, 0);
    }
    if (node.isBoolean()) {
      return new IndexedValue(Kind.BOOLEAN, node, 0);
    }
    if (node.isObject()) {
      return new IndexedValue(Kind.OBJECT, node, 0);
    }
    return null;
  }

  String text() {
    return node.textValue();
  }

  /** The keyword term, or null when the string is too long to have one. */
  String keywordTerm() {
    String s = node.textValue();
    if (kind == Kind.EXACT) {
      return s;
    }
    return KeywordTerms.indexed(s) ? KeywordTerms.lowercase(s) : null;
  }

  /** Whether any term of the {@code .text} sub-field passes {@code test}. */
  boolean anyTerm(java.util.function.Predicate<String> test) {
    String text = node.textValue();
    return StandardAnalyzer.scan(
        text, (start, end, position) -> test.test(StandardAnalyzer.term(text, start, end)));
  }

  long dateMillis() {
    return dateMillis;
  }

  BigDecimal decimal() {
    return node.decimalValue();
  }

  float floatValue() {
    return node.floatValue();
  }

  boolean booleanValue() {
    return node.booleanValue();
  }

  /** Whether an object holds at least one indexed value somewhere below it. */
  static boolean hasIndexedLeaf(JsonNode node) {
    if (node.isObject() || node.isArray()) {
      for (JsonNode child : node) {
        if (hasIndexedLeaf(child)) {
          return true;
        }
      }
      return false;
    }
    return !node.isNull() && !node.isMissingNode();
  }
}
