package hca.localdss.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.localdss.api.Json;
import io.burt.jmespath.JmesPath;
import io.burt.jmespath.jackson.JacksonRuntime;
import java.util.Iterator;
import java.util.Map;

/** Subscription attachments: JMESPath expressions evaluated against a document. */
final class Attachments {

  private static final JmesPath<JsonNode> JMES = new JacksonRuntime();
  private static final int MAX_BYTES = 128 * 1024;

  private Attachments() {}

  static JsonNode search(String expression, JsonNode doc) {
    return JMES.compile(expression).search(doc);
  }

  /** JMESPath truthiness: false, null and empty strings, arrays and objects are false. */
  static boolean truthy(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return false;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isTextual()) {
      return !v.asText().isEmpty();
    }
    if (v.isContainerNode()) {
      return v.size() > 0;
    }
    return true;
  }

  /** The attachments of a notification, or null when the subscription has none. */
  static JsonNode evaluate(JsonNode definitions, JsonNode doc) {
    if (definitions == null || !definitions.isObject() || definitions.size() == 0) {
      return null;
    }
    ObjectNode out = Json.object();
    ObjectNode errors = Json.object();
    for (Iterator<Map.Entry<String, JsonNode>> it = definitions.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> d = it.next();
      try {
        out.set(d.getKey(), search(d.getValue().path("expression").asText(), doc));
      } catch (RuntimeException e) {
        errors.put(d.getKey(), String.valueOf(e.getMessage()));
      }
    }
    if (errors.size() > 0) {
      out.set("_errors", errors);
    }
    int size = Json.bytes(out).length;
    if (size > MAX_BYTES) {
      ObjectNode tooBig = Json.object();
      tooBig.put("_errors", "Attachments too large (" + size + " > " + MAX_BYTES + ")");
      return tooBig;
    }
    return out;
  }
}
