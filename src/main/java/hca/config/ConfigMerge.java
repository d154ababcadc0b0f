package hca.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges one configuration source into the configuration built so far, with the semantics of the
 * original client's configuration library (kislyuk/tweak), except that a misuse is an error instead
 * of being skipped in silence:
 *
 * <ul>
 *   <li>an object merges key by key, recursively, into an existing object; over anything else (or
 *       nothing) it is merged into a new empty object;
 *   <li>a scalar or a list replaces the earlier value;
 *   <li>a one-key object whose key starts with {@code $} is an array operator applied to the
 *       existing list (an absent value counts as an empty list):
 *       <ul>
 *         <li>{@code {"$append": v}} appends {@code v};
 *         <li>{@code {"$extend": [a, b]}} appends {@code a} then {@code b};
 *         <li>{@code {"$insert": {"pos": v, ...}}} inserts each {@code v} in turn at {@code pos},
 *             with Python's {@code list.insert} rules: a negative position counts from the end, and
 *             a position out of range means the nearest end;
 *         <li>{@code {"$extendleft": [a, b]}} puts {@code a, b} in front, <em>in their order</em>:
 *             {@code [1]} becomes {@code [a, b, 1]}. Despite the name this is not {@code
 *             collections.deque.extendleft} (which would reverse them): tweak implements it as the
 *             slice assignment {@code list[0:0] = [a, b]}, and its README shows the same result;
 *         <li>{@code {"$remove": v}} removes the first element equal to {@code v} (numbers equal by
 *             value, so {@code 1} matches {@code 1.0}); if none is equal the list is unchanged.
 *       </ul>
 * </ul>
 *
 * An operator over an existing value that is not a list, an argument of the wrong type, or an
 * unknown {@code $} key raises a {@link ConfigException} naming the source and the key.
 *
 * <p>The objects under {@code oauth2_token} and {@code application_secrets} are replaced whole,
 * never merged: a credential is one unit, and mixing fields from two logins would pair one access
 * token with another's refresh token.
 */
public final class ConfigMerge {

  static final Set<String> WHOLE_VALUES = Set.of("oauth2_token", "application_secrets");

  private static final List<String> OPERATORS =
      List.of("$append", "$extend", "$insert", "$extendleft", "$remove");

  // Python's == on decoded JSON: 1 == 1.0, containers compared element by element.
  private static final Comparator<JsonNode> SAME_VALUE =
      (a, b) -> {
        if (a.equals(b)) {
          return 0;
        }
        if (a.isNumber() && b.isNumber()) {
          return a.decimalValue().compareTo(b.decimalValue());
        }
        return 1;
      };

  private ConfigMerge() {}

  /**
   * Merges {@code update} into {@code into} in place. {@code source} names the update in error
   * messages (a file path, "command line"). Nodes of {@code update} are copied, never shared.
   */
  public static void merge(ObjectNode into, ObjectNode update, String source) {
    mergeObject(into, update, "", source);
  }

  private static void mergeObject(ObjectNode into, JsonNode update, String prefix, String source) {
    for (Map.Entry<String, JsonNode> field : update.properties()) {
      String name = field.getKey();
      String key = prefix.isEmpty() ? name : prefix + "." + name;
      JsonNode value = field.getValue();
      JsonNode existing = into.get(name);
      String operator = operatorOf(value, key, source);
      if (operator != null) {
        into.set(name, apply(existing, operator, value.get(operator), key, source));
      } else if (value.isObject() && !WHOLE_VALUES.contains(key)) {
        ObjectNode target =
            existing != null && existing.isObject() ? (ObjectNode) existing : into.objectNode();
        mergeObject(target, value, key, source);
        into.set(name, target);
      } else {
        into.set(name, value.deepCopy());
      }
    }
  }

  /** The one operator of an operator object, or null; an operator beside another key is refused. */
  private static String operatorOf(JsonNode value, String key, String source) {
    if (!value.isObject() || value.isEmpty()) {
      return null;
    }
    List<String> names = new ArrayList<>();
    value.fieldNames().forEachRemaining(names::add);
    List<String> operators = names.stream().filter(n -> n.startsWith("$")).toList();
    if (operators.isEmpty()) {
      return null;
    }
    if (names.size() > 1) {
      // merged as an object, the list would silently become {"$append": .., ...}
      String others = operators.size() == names.size() ? String.join(" and ", operators)
          : String.join(" and ", operators) + " and other keys";
      throw ConfigException.atKey(source, key, "mixes " + others + "; an operator object holds one operator only");
    }
    return operators.get(0);
  }

  private static ArrayNode apply(
      JsonNode existing, String operator, JsonNode arg, String key, String source) {
    if (!OPERATORS.contains(operator)) {
      throw ConfigException.atKey(
          source,
          key,
          "uses unknown operator "
              + operator
              + "; the operators are "
              + String.join(", ", OPERATORS));
    }
    if (existing != null && !existing.isArray()) {
      String found =
          isCredential(key) ? ConfigException.kind(existing) : ConfigException.show(existing);
      throw ConfigException.atKey(
          source,
          key,
          "uses " + operator + ", which needs a list, but the value so far is " + found);
    }
    List<JsonNode> list = new ArrayList<>();
    if (existing != null) {
      existing.forEach(e -> list.add(e.deepCopy()));
    }
    switch (operator) {
      case "$append" -> list.add(arg.deepCopy());
      case "$extend" -> list.addAll(elements(arg, operator, key, source));
      case "$extendleft" -> list.addAll(0, elements(arg, operator, key, source));
      case "$insert" -> insert(list, arg, key, source);
      default -> remove(list, arg);
    }
    ArrayNode result = JsonNodeFactory.instance.arrayNode();
    result.addAll(list);
    return result;
  }

  private static List<JsonNode> elements(JsonNode arg, String operator, String key, String source) {
    if (!arg.isArray()) {
      throw ConfigException.atKey(
          source,
          key,
          "uses " + operator + ", which needs a list argument, not " + ConfigException.show(arg));
    }
    List<JsonNode> out = new ArrayList<>();
    arg.forEach(e -> out.add(e.deepCopy()));
    return out;
  }

  private static void insert(List<JsonNode> list, JsonNode arg, String key, String source) {
    if (!arg.isObject()) {
      throw ConfigException.atKey(
          source,
          key,
          "uses $insert, which needs an object of {\"position\": value}, not "
              + ConfigException.show(arg));
    }
    for (Map.Entry<String, JsonNode> e : arg.properties()) {
      long position;
      try {
        position = Long.parseLong(e.getKey().trim());
      } catch (NumberFormatException notANumber) {
        throw ConfigException.atKey(
            source,
            key,
            "uses $insert with position \"" + e.getKey() + "\", which is not an integer");
      }
      list.add(pythonIndex(position, list.size()), e.getValue().deepCopy());
    }
  }

  private static boolean isCredential(String key) {
    return WHOLE_VALUES.stream().anyMatch(k -> key.equals(k) || key.startsWith(k + "."));
  }

  /** Where Python's {@code list.insert(position, x)} puts {@code x} in a list of {@code size}. */
  static int pythonIndex(long position, int size) {
    long i = position < 0 ? position + size : position;
    return (int) Math.max(0, Math.min(i, size));
  }

  private static void remove(List<JsonNode> list, JsonNode arg) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).equals(SAME_VALUE, arg)) {
        list.remove(i);
        return;
      }
    }
  }
}
