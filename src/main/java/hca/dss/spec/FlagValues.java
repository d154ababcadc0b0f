package hca.dss.spec;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Locale;

/**
 * Parses command-line text into the typed values {@link Operation#build} takes: {@link String},
 * {@link Long}, {@link Double}, {@link Boolean} or {@link JsonNode}.
 */
public final class FlagValues {

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private FlagValues() {}

  /**
   * The value of one flag occurrence. Integers, numbers and booleans ({@code true}/{@code false} in
   * any case) are parsed; objects must be a JSON object; arrays take a JSON array, or one JSON value
   * that becomes a one-element array.
   *
   * @throws IllegalArgumentException naming the flag, and for JSON the position of the error
   */
  public static Object parseFlagValue(Param p, String text) {
    switch (p.type() == null ? "string" : p.type()) {
      case "integer" -> {
        try {
          return Long.valueOf(text.trim());
        } catch (NumberFormatException e) {
          throw invalid(p.flagName(), "an integer", text);
        }
      }
      case "number" -> {
        try {
          return Double.valueOf(text.trim());
        } catch (NumberFormatException e) {
          throw invalid(p.flagName(), "a number", text);
        }
      }
      case "boolean" -> {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
          return Boolean.valueOf(s);
        }
        throw invalid(p.flagName(), "true or false", text);
      }
      case "object" -> {
        JsonNode node = json(p.flagName(), text);
        if (!node.isObject()) {
          throw invalid(p.flagName(), "a JSON object", text);
        }
        return node;
      }
      case "array" -> {
        return parseArrayItems(p, List.of(text));
      }
      default -> {
        return text;
      }
    }
  }

  /**
   * The value of an array flag given once per element ({@code --files '{..}' '{..}'}), for required
   * and optional arrays alike. A single text holding a JSON array is taken as the whole array. Each
   * element is read by the item type: JSON for objects, arrays and untyped items, the number or
   * boolean for those, and the text itself for strings (a JSON-quoted string is unquoted).
   */
  public static ArrayNode parseArrayItems(Param p, List<String> texts) {
    if (texts.size() == 1 && texts.get(0).stripLeading().startsWith("[") && !"array".equals(p.itemsType())) {
      // A string element may itself start with "[", so for strings only well-formed JSON counts.
      JsonNode whole = "string".equals(p.itemsType()) ? jsonOrNull(texts.get(0)) : json(p.flagName(), texts.get(0));
      if (whole != null && whole.isArray()) {
        return (ArrayNode) whole;
      }
    }
    ArrayNode items = JsonNodeFactory.instance.arrayNode(texts.size());
    for (String text : texts) {
      items.add(item(p, text));
    }
    return items;
  }

  private static JsonNode item(Param p, String text) {
    String type = p.itemsType() == null ? "object" : p.itemsType();
    switch (type) {
      case "string" -> {
        if (text.startsWith("\"")) {
          JsonNode node = json(p.flagName(), text);
          if (node.isTextual()) {
            return node;
          }
        }
        return TextNode.valueOf(text);
      }
      case "integer", "number", "boolean" -> {
        Param element = new Param(p.name(), p.location(), type, null, false, List.of(), null, null, null, null);
        return JSON.valueToTree(parseFlagValue(element, text));
      }
      case "object" -> {
        JsonNode node = json(p.flagName(), text);
        if (p.itemsType() != null && !node.isObject()) {
          throw invalid(p.flagName(), "JSON objects", text);
        }
        return node;
      }
      default -> {
        return json(p.flagName(), text);
      }
    }
  }

  private static JsonNode jsonOrNull(String text) {
    try {
      return JSON.readTree(text);
    } catch (JacksonException e) {
      return null;
    }
  }

  private static JsonNode json(String flag, String text) {
    try {
      JsonNode node = JSON.readTree(text);
      if (node.isMissingNode()) {
        throw new IllegalArgumentException("invalid JSON for " + flag + ": empty value");
      }
      return node;
    } catch (JacksonException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new IllegalArgumentException(
          "invalid JSON for " + flag + where + ": " + SpecException.oneLine(e.getOriginalMessage()));
    }
  }

  private static IllegalArgumentException invalid(String flag, String expected, String text) {
    String shown = text.length() > 60 ? text.substring(0, 57) + "..." : text;
    return new IllegalArgumentException(flag + " expects " + expected + ", not '" + shown + "'");
  }
}
