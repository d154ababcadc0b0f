package hca.dss.spec;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Replaces internal {@code {"$ref": "#/..."}} objects by the nodes they point to.
 *
 * <p>Each target is expanded once and shared by every reference to it, so the work is linear in
 * the size of the document. A reference that would re-enter a target still being expanded (a
 * cycle) is left as the {@code $ref} object, which keeps the result a finite tree that can be
 * walked and serialised.
 */
final class RefResolver {

  private final JsonNode root;
  private final String sourceName;
  private final Map<String, JsonNode> expanded = new HashMap<>();
  private final Set<String> inProgress = new HashSet<>();
  private final Set<String> targets = new HashSet<>();

  private RefResolver(JsonNode root, String sourceName) {
    this.root = root;
    this.sourceName = sourceName;
  }

  /** The document with every internal reference resolved; the input is not modified. */
  static JsonNode resolve(JsonNode root, String sourceName) {
    RefResolver resolver = new RefResolver(root, sourceName);
    resolver.check(root, new ArrayDeque<>());
    return resolver.expand(root, "");
  }

  /** Fails on the first reference that is external or points nowhere, naming where it sits. */
  private void check(JsonNode node, Deque<String> location) {
    if (node.isObject()) {
      String ref = refOf(node);
      if (ref != null) {
        String at = location.isEmpty() ? "(root)" : String.join(".", location);
        if (!ref.startsWith("#")) {
          throw new SpecException(sourceName, "external $ref '" + ref + "' at " + at + " is not supported");
        }
        JsonPointer pointer = pointerOf(ref, at);
        if (root.at(pointer).isMissingNode()) {
          throw new SpecException(sourceName, "$ref '" + ref + "' at " + at + " points nowhere");
        }
        targets.add(pointer.toString());
      }
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        location.addLast(field.getKey());
        check(field.getValue(), location);
        location.removeLast();
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        location.addLast(Integer.toString(i));
        check(node.get(i), location);
        location.removeLast();
      }
    }
  }

  /**
   * Expands the node found at {@code pointer}. Nodes that references point to are expanded once and
   * marked while in progress, whether reached through a reference or by walking the document.
   */
  private JsonNode expand(JsonNode node, String pointer) {
    boolean target = targets.contains(pointer);
    if (target) {
      JsonNode done = expanded.get(pointer);
      if (done != null) {
        return done;
      }
      inProgress.add(pointer);
    }
    JsonNode result;
    String ref = node.isObject() ? refOf(node) : null;
    if (ref != null) {
      String to = pointerOf(ref, "").toString();
      result = inProgress.contains(to) ? node.deepCopy() : expand(root.at(to), to);
    } else if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      node.properties().forEach(f -> copy.set(f.getKey(), expand(f.getValue(), child(pointer, f.getKey()))));
      result = copy;
    } else if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode(node.size());
      for (int i = 0; i < node.size(); i++) {
        copy.add(expand(node.get(i), child(pointer, Integer.toString(i))));
      }
      result = copy;
    } else {
      result = node;
    }
    if (target) {
      inProgress.remove(pointer);
      expanded.put(pointer, result);
    }
    return result;
  }

  private static String child(String pointer, String key) {
    return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
  }

  private static String refOf(JsonNode node) {
    JsonNode ref = node.get("$ref");
    return ref != null && ref.isTextual() ? ref.asText() : null;
  }

  private JsonPointer pointerOf(String ref, String at) {
    String fragment = percentDecode(ref.substring(1));
    try {
      return JsonPointer.compile(fragment);
    } catch (IllegalArgumentException e) {
      throw new SpecException(sourceName, "$ref '" + ref + "' at " + at + " is not a JSON pointer");
    }
  }

  /** URI fragments may percent-encode characters such as braces in path names. */
  private static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '%' && i + 2 < bytes.length
          && Character.digit(bytes[i + 1], 16) >= 0 && Character.digit(bytes[i + 2], 16) >= 0) {
        out.write(Character.digit(bytes[i + 1], 16) * 16 + Character.digit(bytes[i + 2], 16));
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
