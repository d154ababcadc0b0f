package hca.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Each value in effect with the source that gave it, like {@code git config --show-origin}. */
public final class ConfigOrigins {

  /** What a credential shows instead of its value. */
  public static final String HIDDEN = "(hidden)";

  /**
   * One value in effect.
   *
   * @param key the dotted key
   * @param value the value, {@link #HIDDEN} for a credential
   * @param origin {@code default}, {@code file:PATH}, {@code env:HCA_DSS_URL} or {@code command line}
   */
  public record Entry(String key, JsonNode value, String origin) {

    /** {@code ORIGIN<TAB>KEY=VALUE}, text values bare and others as compact JSON. */
    public String line() {
      return origin + "\t" + key + "=" + (value.isTextual() ? value.textValue() : value.toString());
    }
  }

  private ConfigOrigins() {}

  /** Whether a key holds a credential, which is never printed. */
  public static boolean isSecret(String dottedKey) {
    String k = dottedKey.toLowerCase(Locale.ROOT);
    return k.startsWith(StoredToken.KEY)
        || k.startsWith(ConfigSchema.APPLICATION_SECRETS)
        || k.contains("secret")
        || k.contains("token")
        || k.contains("password");
  }

  static List<Entry> of(List<ConfigLayers.Layer> layers, ObjectNode merged) {
    List<Entry> entries = new ArrayList<>();
    walk(layers, merged, List.of(), entries);
    return entries;
  }

  // Objects are followed key by key; a list or a scalar is one value, owned by its last source.
  private static void walk(
      List<ConfigLayers.Layer> layers, JsonNode node, List<String> prefix, List<Entry> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      List<String> parts = new ArrayList<>(prefix);
      parts.add(field.getKey());
      String key = String.join(".", parts);
      JsonNode value = field.getValue();
      if (isSecret(key)) {
        out.add(new Entry(key, ConfigFiles.JSON.getNodeFactory().textNode(HIDDEN), originOf(layers, parts)));
      } else if (value.isObject() && !value.isEmpty()) {
        walk(layers, value, parts, out);
      } else {
        out.add(new Entry(key, value.deepCopy(), originOf(layers, parts)));
      }
    }
  }

  private static String originOf(List<ConfigLayers.Layer> layers, List<String> parts) {
    for (int i = layers.size() - 1; i >= 0; i--) {
      JsonNode n = layers.get(i).tree();
      for (String part : parts) {
        n = n != null && n.isObject() ? n.get(part) : null;
      }
      if (n != null) {
        return layers.get(i).origin();
      }
    }
    return "default";
  }
}
