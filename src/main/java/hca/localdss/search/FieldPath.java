package hca.localdss.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Predicate;

/**
 * A dotted field name resolved against a document the way Elasticsearch flattened it: through
 * objects and arrays (any element may match), with keys that themselves contain dots standing
 * for the same path. A last segment {@code text} that is not a key addresses the analyzed {@code
 * .text} sub-field of the string before it; where a {@code text} key exists (as in {@code
 * genus_species.text}) that key's keyword is meant.
 */
final class FieldPath {

  private final String name;
  private final String[] segments;
  // keys[i][k]: segments i..i+k joined with dots, so {"a.b": 1} is found for "a.b"
  private final String[][] keys;
  private final boolean exactKeyword;
  private final boolean unmapped;

  FieldPath(String name) {
    this.name = name;
    this.segments = name.split("\\.", -1);
    this.keys = new String[segments.length][];
    for (int i = 0; i < segments.length; i++) {
      keys[i] = new String[segments.length - i];
      StringBuilder b = new StringBuilder();
      for (int j = i; j < segments.length; j++) {
        if (j > i) {
          b.append('.');
        }
        b.append(segments[j]);
        keys[i][j - i] = b.toString();
      }
    }
    // The DSS mapping declares these two as plain keywords: no normalizer, no .text sub-field.
    this.exactKeyword = name.equals("uuid") || name.equals("manifest.version");
    this.unmapped = name.equals("uuid.text") || name.equals("manifest.version.text");
  }

  String name() {
    return name;
  }

  /** Whether {@code test} holds for any indexed value of this field in {@code doc}. */
  boolean anyValue(JsonNode doc, Predicate<IndexedValue> test) {
    return !unmapped && walk(doc, 0, test);
  }

  private boolean walk(JsonNode node, int i, Predicate<IndexedValue> test) {
    if (node.isArray()) {
      for (JsonNode element : node) {
        if (walk(element, i, test)) {
          return true;
        }
      }
      return false;
    }
    if (i == segments.length) {
      IndexedValue v = IndexedValue.of(node, false, exactKeyword);
      return v != null && test.test(v);
    }
    if (node.isObject()) {
      String[] candidates = keys[i];
      for (int k = 0; k < candidates.length; k++) {
        JsonNode child = node.get(candidates[k]);
        if (child != null && walk(child, i + k + 1, test)) {
          return true;
        }
      }
      return false;
    }
    if (node.isTextual() && i == segments.length - 1 && segments[i].equals("text")) {
      IndexedValue v = IndexedValue.of(node, true, false);
      return v != null && test.test(v);
    }
    return false;
  }
}
