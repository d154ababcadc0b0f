package hca.localdss.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;

/**
 * The body of a clause that names one field ({@code {"term": {"<field>": <value or params>}}}),
 * checked as Elasticsearch checks it: exactly one field, beside optional {@code boost} and {@code
 * _name}, which only affect scoring and naming and are ignored.
 */
record SingleField(String clause, String path, String field, JsonNode value) {

  /** Elasticsearch's metadata fields; only {@code _id} and {@code _type} are evaluated. */
  static final Set<String> META_FIELDS =
      Set.of(
          "_id", "_uid", "_type", "_index", "_all", "_source", "_field_names", "_routing",
          "_parent", "_size", "_timestamp", "_ttl", "_version", "_seq_no", "_primary_term",
          "_score");

  static SingleField of(String clause, JsonNode body, String path) {
    if (!body.isObject()) {
      throw UnsupportedQueryException.malformed(clause, path, "expected an object");
    }
    String field = null;
    JsonNode value = null;
    for (Map.Entry<String, JsonNode> e : body.properties()) {
      if (isDecoration(e.getKey()) && e.getValue().isValueNode()) {
        continue;
      }
      if (field != null) {
        throw UnsupportedQueryException.malformed(
            clause, path, "only one field allowed, found '" + field + "' and '" + e.getKey() + "'");
      }
      field = e.getKey();
      value = e.getValue();
    }
    if (field == null || field.isEmpty()) {
      throw UnsupportedQueryException.malformed(clause, path, "no field given");
    }
    return new SingleField(clause, path, field, value);
  }

  /** Parameters that change neither which documents match nor their order. */
  static boolean isDecoration(String key) {
    return key.equals("boost") || key.equals("_name");
  }

  /** Throws for a metadata field unless it is one of {@code allowed}. */
  void rejectMetaField(String... allowed) {
    if (!META_FIELDS.contains(field)) {
      return;
    }
    for (String a : allowed) {
      if (a.equals(field)) {
        return;
      }
    }
    throw new UnsupportedQueryException(
        "unsupported metadata field '" + field + "' in query clause '" + clause + "' at " + path);
  }

  FieldPath fieldPath() {
    return new FieldPath(field);
  }

  UnsupportedQueryException unsupportedParameter(String name) {
    return new UnsupportedQueryException(
        "unsupported parameter '" + name + "' of query clause '" + clause + "' at " + path);
  }

  UnsupportedQueryException malformed(String reason) {
    return UnsupportedQueryException.malformed(clause, path, reason);
  }

  /** The document's value of a metadata field: its id, or its mapping type (always "doc"). */
  static String metaValue(String field, Candidate c, String clause, String path) {
    if (field.equals("_type")) {
      return "doc";
    }
    if (c.id() == null) {
      throw new UnsupportedQueryException(
          "query clause '" + clause + "' at " + path + " needs the document id, which is unknown");
    }
    return c.id();
  }
}
