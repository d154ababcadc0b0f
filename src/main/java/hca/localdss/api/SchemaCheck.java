package hca.localdss.api;

import com.fasterxml.jackson.databind.JsonNode;
import hca.dss.DssVersion;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks a JSON value against the subset of JSON Schema the DSS spec uses for request bodies:
 * type, required, properties, additionalProperties, items, enum, pattern, min/max items and
 * bounds, allOf, and the DSS_VERSION format. The first violation is reported with its path.
 */
final class SchemaCheck {

  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

  private SchemaCheck() {}

  /** The compiled form of a spec pattern, compiled once. */
  static Pattern pattern(String regex) {
    return PATTERNS.computeIfAbsent(regex, Pattern::compile);
  }

  static void check(JsonNode value, JsonNode schema, String path) {
    if (schema == null || schema.isMissingNode() || schema.has("$ref")) {
      return; // a cycle left unresolved by the spec model: nothing more to check here
    }
    for (JsonNode member : schema.path("allOf")) {
      check(value, member, path);
    }
    String type = schema.path("type").asText("");
    if (!type.isEmpty() && !hasType(value, type)) {
      throw DssException.illegalArguments(
          path + " should be of type " + type + ", not " + describe(value));
    }
    JsonNode en = schema.get("enum");
    if (en != null && en.isArray()) {
      boolean found = false;
      for (JsonNode e : en) {
        found |= e.equals(value) || (value.isTextual() && e.asText().equals(value.asText()));
      }
      if (!found) {
        throw DssException.illegalArguments(path + " should be one of " + en + ", not " + value);
      }
    }
    if (value.isTextual()) {
      checkString(value.asText(), schema, path);
    }
    if (value.isNumber()) {
      if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
        throw DssException.illegalArguments(path + " should be at least " + schema.get("minimum"));
      }
      if (schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) {
        throw DssException.illegalArguments(path + " should be at most " + schema.get("maximum"));
      }
    }
    if (value.isObject()) {
      checkObject(value, schema, path);
    }
    if (value.isArray()) {
      if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
        throw DssException.illegalArguments(path + " should have at least " + schema.get("minItems") + " items");
      }
      if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
        throw DssException.illegalArguments(path + " should have at most " + schema.get("maxItems") + " items");
      }
      JsonNode items = schema.get("items");
      if (items != null) {
        for (int i = 0; i < value.size(); i++) {
          check(value.get(i), items, path + "[" + i + "]");
        }
      }
    }
  }

  private static void checkString(String s, JsonNode schema, String path) {
    JsonNode pattern = schema.get("pattern");
    if (pattern != null && !pattern(pattern.asText()).matcher(s).find()) {
      throw DssException.illegalArguments(
          path + " '" + s + "' does not match the pattern " + pattern.asText());
    }
    if ("DSS_VERSION".equals(schema.path("format").asText()) && !DssVersion.isValid(s)) {
      throw DssException.badRequest(
          "illegal_version", path + " '" + s + "' should be an RFC3339 compliant timestamp");
    }
  }

  private static void checkObject(JsonNode value, JsonNode schema, String path) {
    for (JsonNode req : schema.path("required")) {
      if (!value.has(req.asText())) {
        throw DssException.illegalArguments(path + " is missing required property '" + req.asText() + "'");
      }
    }
    JsonNode props = schema.path("properties");
    boolean closed = schema.has("additionalProperties") && !schema.get("additionalProperties").asBoolean(true);
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode p = props.get(e.getKey());
      if (p != null) {
        check(e.getValue(), p, path + "." + e.getKey());
      } else if (closed) {
        throw DssException.illegalArguments(path + " has an unexpected property '" + e.getKey() + "'");
      } else if (schema.get("additionalProperties") != null && schema.get("additionalProperties").isObject()) {
        check(e.getValue(), schema.get("additionalProperties"), path + "." + e.getKey());
      }
    }
  }

  private static boolean hasType(JsonNode v, String type) {
    return switch (type) {
      case "object" -> v.isObject();
      case "array" -> v.isArray();
      case "string" -> v.isTextual();
      case "integer" -> v.isIntegralNumber();
      case "number" -> v.isNumber();
      case "boolean" -> v.isBoolean();
      case "null" -> v.isNull();
      default -> true;
    };
  }

  private static String describe(JsonNode v) {
    if (v.isObject()) {
      return "an object";
    }
    if (v.isArray()) {
      return "an array";
    }
    String s = v.toString();
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
