package hca.dss.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import hca.dss.spec.Param.Location;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the parameters of one operation: path-item and operation parameters (Swagger 2 and
 * OpenAPI 3), with the JSON body ({@code in: body} or {@code requestBody} {@code application/json})
 * flattened into one parameter per top-level property, {@code allOf} members included.
 */
final class ParamReader {

  private ParamReader() {}

  static List<Param> read(JsonNode pathItem, JsonNode operation) {
    // Operation parameters override path-item parameters with the same name and location.
    Map<String, JsonNode> declared = new LinkedHashMap<>();
    for (JsonNode source : List.of(pathItem.path("parameters"), operation.path("parameters"))) {
      for (JsonNode p : source) {
        declared.put(p.path("in").asText() + ":" + p.path("name").asText(), p);
      }
    }
    List<Param> params = new ArrayList<>();
    for (JsonNode p : declared.values()) {
      String in = p.path("in").asText().toLowerCase(Locale.ROOT);
      switch (in) {
        case "path", "query", "header" -> params.add(plain(p, Location.valueOf(in.toUpperCase(Locale.ROOT))));
        case "body" -> params.addAll(bodyProperties(p.path("schema")));
        default -> { } // formData and cookie parameters are not offered
      }
    }
    JsonNode json = operation.path("requestBody").path("content").path("application/json");
    if (!json.isMissingNode()) {
      params.addAll(bodyProperties(json.path("schema")));
    }
    return params;
  }

  private static Param plain(JsonNode p, Location location) {
    // OpenAPI 3 describes the value in "schema"; Swagger 2 puts the same keywords on the parameter.
    JsonNode schema = p.has("schema") ? p.get("schema") : p;
    boolean required = location == Location.PATH || p.path("required").asBoolean(false);
    return fromSchema(p.path("name").asText(), location, schema, required, text(p, "description"));
  }

  private static List<Param> bodyProperties(JsonNode schema) {
    Map<String, JsonNode> properties = new LinkedHashMap<>();
    Set<String> required = new LinkedHashSet<>();
    collect(schema, properties, required, 0);
    List<Param> params = new ArrayList<>();
    properties.forEach((name, property) -> params.add(
        fromSchema(name, Location.BODY, property, required.contains(name), text(property, "description"))));
    return params;
  }

  private static void collect(JsonNode schema, Map<String, JsonNode> properties, Set<String> required, int depth) {
    if (depth > 16 || !schema.isObject()) {
      return;
    }
    schema.path("properties").properties().forEach(f -> properties.putIfAbsent(f.getKey(), f.getValue()));
    schema.path("required").forEach(r -> required.add(r.asText()));
    schema.path("allOf").forEach(member -> collect(member, properties, required, depth + 1));
  }

  private static Param fromSchema(String name, Location location, JsonNode schema, boolean required,
      String description) {
    String type = typeOf(schema);
    String itemsType = "array".equals(type) ? typeOf(schema.path("items")) : null;
    List<String> enumValues = new ArrayList<>();
    schema.path("enum").forEach(v -> enumValues.add(v.asText()));
    JsonNode defaultValue = schema.has("default") ? schema.get("default") : null;
    return new Param(name, location, type, itemsType, required, enumValues, defaultValue,
        description, text(schema, "format"), text(schema, "pattern"));
  }

  /** The declared type, or the one the schema's shape implies; free-form values count as objects. */
  static String typeOf(JsonNode schema) {
    if (schema == null || schema instanceof MissingNode) {
      return "string";
    }
    String type = text(schema, "type");
    if (type != null) {
      return type;
    }
    if (schema.has("properties") || schema.has("allOf") || schema.has("additionalProperties")) {
      return "object";
    }
    if (schema.has("items")) {
      return "array";
    }
    JsonNode first = schema.path("enum").path(0);
    if (first.isIntegralNumber()) {
      return "integer";
    }
    if (first.isNumber()) {
      return "number";
    }
    if (first.isBoolean()) {
      return "boolean";
    }
    return first.isTextual() ? "string" : "object";
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isValueNode() ? value.asText() : null;
  }
}
