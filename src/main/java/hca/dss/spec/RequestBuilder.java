package hca.dss.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import hca.dss.spec.Operation.PathTemplate;
import hca.dss.spec.Param.Location;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns typed arguments into a {@link RequestSpec} for one operation, checking them on the way. */
final class RequestBuilder {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private RequestBuilder() {}

  static RequestSpec build(Operation op, Map<String, Object> args) {
    Map<String, Object> given = args == null ? Map.of() : args;
    for (String key : given.keySet()) {
      if (op.param(key).isEmpty()) {
        throw new IllegalArgumentException("unknown parameter '" + key + "' for " + op.commandName());
      }
    }
    List<String> missing = new ArrayList<>();
    Map<Param, JsonNode> values = new LinkedHashMap<>();
    for (Param p : op.params()) {
      Object raw = given.get(p.name());
      if (raw == null) {
        if (p.required()) {
          missing.add(p.flagName());
        }
        continue;
      }
      values.put(p, checked(p, raw));
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("missing required " + String.join(", ", missing));
    }

    String path = substitute(chooseTemplate(op, values), values);
    StringBuilder query = new StringBuilder();
    Map<String, String> headers = new LinkedHashMap<>();
    ObjectNode body = op.hasBody() ? JsonNodeFactory.instance.objectNode() : null;
    values.forEach((p, value) -> {
      switch (p.location()) {
        case QUERY -> {
          for (JsonNode item : value.isArray() ? value : List.of(value)) {
            query.append(query.length() == 0 ? '?' : '&')
                .append(percentEncode(p.name())).append('=').append(percentEncode(text(item)));
          }
        }
        case HEADER -> headers.put(p.name(), text(value));
        case BODY -> body.set(p.name(), value);
        case PATH -> { } // substituted above
      }
    });
    return new RequestSpec(op.httpMethod(), path + query, headers, body);
  }

  private static PathTemplate chooseTemplate(Operation op, Map<Param, JsonNode> values) {
    Set<String> supplied = values.keySet().stream()
        .filter(p -> p.location() == Location.PATH).map(Param::name)
        .collect(Collectors.toCollection(LinkedHashSet::new));
    for (PathTemplate t : op.pathTemplates()) {
      if (t.pathParams().equals(supplied)) {
        return t;
      }
    }
    String choices = op.pathTemplates().stream()
        .map(t -> t.pathParams().isEmpty() ? "none"
            : t.pathParams().stream().map(Param::flagName).collect(Collectors.joining(" ")))
        .collect(Collectors.joining(" | "));
    throw new IllegalArgumentException(op.commandName() + " takes path flags " + choices
        + (supplied.isEmpty() ? "" : ", not " + supplied.stream().map(Param::flagName)
            .collect(Collectors.joining(" "))));
  }

  private static String substitute(PathTemplate template, Map<Param, JsonNode> values) {
    String path = template.template();
    for (Map.Entry<Param, JsonNode> e : values.entrySet()) {
      if (e.getKey().location() == Location.PATH) {
        path = path.replace("{" + e.getKey().name() + "}", percentEncode(text(e.getValue())));
      }
    }
    return path;
  }

  /** The value as JSON of the parameter's type, or an exception naming the flag. */
  static JsonNode checked(Param p, Object raw) {
    JsonNode value = raw instanceof JsonNode node ? node : JSON.valueToTree(raw);
    JsonNode typed = typed(p.flagName(), p.type(), value);
    if (typed.isArray() && p.itemsType() != null) {
      ArrayNode items = JsonNodeFactory.instance.arrayNode(typed.size());
      for (int i = 0; i < typed.size(); i++) {
        items.add(typed(p.flagName() + " item " + (i + 1), p.itemsType(), typed.get(i)));
      }
      typed = items;
    }
    if (!p.enumValues().isEmpty() && typed.isValueNode() && !p.enumValues().contains(typed.asText())) {
      throw new IllegalArgumentException(p.flagName() + " must be one of " + String.join(", ", p.enumValues())
          + ", not '" + typed.asText() + "'");
    }
    return typed;
  }

  private static JsonNode typed(String what, String type, JsonNode value) {
    switch (type == null ? "string" : type) {
      case "integer" -> {
        if (value.isIntegralNumber()) {
          return value;
        }
        if (value.isTextual()) {
          try {
            return LongNode.valueOf(Long.parseLong(value.asText().trim()));
          } catch (NumberFormatException e) {
            // reported below
          }
        }
        throw wrongType(what, "an integer", value);
      }
      case "number" -> {
        if (value.isNumber()) {
          return value;
        }
        if (value.isTextual()) {
          try {
            return DoubleNode.valueOf(Double.parseDouble(value.asText().trim()));
          } catch (NumberFormatException e) {
            // reported below
          }
        }
        throw wrongType(what, "a number", value);
      }
      case "boolean" -> {
        if (value.isBoolean()) {
          return value;
        }
        String s = value.isTextual() ? value.asText().trim().toLowerCase(Locale.ROOT) : "";
        if (s.equals("true") || s.equals("false")) {
          return BooleanNode.valueOf(s.equals("true"));
        }
        throw wrongType(what, "true or false", value);
      }
      case "object" -> {
        if (value.isObject()) {
          return value;
        }
        throw wrongType(what, "a JSON object", value);
      }
      case "array" -> {
        if (value.isArray()) {
          return value;
        }
        throw wrongType(what, "a JSON array", value);
      }
      default -> {
        // Strings, and types this client does not know: any scalar is sent as its text.
        if (value.isValueNode() && !value.isNull()) {
          return value.isTextual() ? value : TextNode.valueOf(value.asText());
        }
        throw wrongType(what, "a " + type, value);
      }
    }
  }

  private static IllegalArgumentException wrongType(String what, String expected, JsonNode value) {
    String shown = value.isTextual() ? value.asText() : value.toString();
    if (shown.length() > 60) {
      shown = shown.substring(0, 57) + "...";
    }
    return new IllegalArgumentException(what + " expects " + expected + ", not '" + shown + "'");
  }

  private static String text(JsonNode value) {
    return value.isValueNode() ? value.asText() : value.toString();
  }

  /** Percent-encodes everything but RFC 3986 unreserved characters, so {@code /} becomes {@code %2F}. */
  static String percentEncode(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
