package hca.dss.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One input of an operation: a path, query or header parameter, or one property of its JSON body.
 *
 * @param name the name in the spec, also the key of the argument map given to {@link
 *     Operation#build}
 * @param location where the value goes in the request
 * @param type one of {@code string, integer, number, boolean, object, array}
 * @param itemsType the type of the elements when {@code type} is {@code array}, else null
 * @param required whether the request cannot be made without it
 * @param enumValues the allowed values as text, empty when any value is allowed
 * @param defaultValue the server-side default, or null
 * @param description the spec's description, or null
 * @param format the spec's format (for example {@code int64}, {@code DSS_VERSION}), or null
 * @param pattern the spec's regular expression, or null
 */
public record Param(
    String name,
    Location location,
    String type,
    String itemsType,
    boolean required,
    List<String> enumValues,
    JsonNode defaultValue,
    String description,
    String format,
    String pattern) {

  /** Where a parameter's value is carried. */
  public enum Location {
    PATH,
    QUERY,
    HEADER,
    BODY
  }

  public Param {
    enumValues = enumValues == null ? List.of() : List.copyOf(enumValues);
  }

  /** The command-line flag: {@code --} and the name with {@code _} and {@code /} turned into {@code -}. */
  public String flagName() {
    return flagName(name);
  }

  static String flagName(String name) {
    return "--" + name.replace('_', '-').replace('/', '-');
  }

  public boolean isArray() {
    return "array".equals(type);
  }
}
