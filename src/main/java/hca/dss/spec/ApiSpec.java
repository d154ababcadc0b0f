package hca.dss.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed Swagger 2.0 or OpenAPI 3 document with its internal references resolved, and the named
 * operations the command line offers for it.
 */
public final class ApiSpec {

  private static final Set<String> HTTP_METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private final JsonNode document;
  private final boolean openApi3;
  private final List<Operation> operations;

  private ApiSpec(JsonNode document, boolean openApi3, List<Operation> operations) {
    this.document = document;
    this.openApi3 = openApi3;
    this.operations = List.copyOf(operations);
  }

  /**
   * Parses a spec given as JSON or YAML.
   *
   * @param sourceName where the content came from (a URL or file), used in error messages
   * @throws SpecException when the content is neither JSON nor YAML, is not a Swagger 2.0 or
   *     OpenAPI 3 document with {@code paths}, or has an external or dangling {@code $ref}
   */
  public static ApiSpec parse(byte[] content, String sourceName) {
    JsonNode raw = SpecReader.read(content, sourceName);
    boolean openApi3;
    if (raw.hasNonNull("openapi")) {
      openApi3 = true;
      if (!raw.get("openapi").asText().startsWith("3")) {
        throw new SpecException(sourceName, "unsupported openapi version '" + raw.get("openapi").asText() + "'");
      }
    } else if (raw.hasNonNull("swagger")) {
      openApi3 = false;
      if (!raw.get("swagger").asText().startsWith("2")) {
        throw new SpecException(sourceName, "unsupported swagger version '" + raw.get("swagger").asText() + "'");
      }
    } else {
      throw new SpecException(sourceName, "not an OpenAPI document (no 'swagger' or 'openapi' key)");
    }
    if (!raw.path("paths").isObject()) {
      throw new SpecException(sourceName, "not an OpenAPI document (no 'paths' object)");
    }
    JsonNode document = RefResolver.resolve(raw, sourceName);
    return new ApiSpec(document, openApi3, operations(document));
  }

  private static List<Operation> operations(JsonNode document) {
    Map<String, List<Operation.Source>> byName = new LinkedHashMap<>();
    Map<String, String> methodOf = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
      for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
        String method = entry.getKey().toLowerCase(Locale.ROOT);
        if (!HTTP_METHODS.contains(method) || !entry.getValue().isObject()) {
          continue;
        }
        String name = OperationName.of(method, path.getKey());
        byName.computeIfAbsent(name, n -> new ArrayList<>())
            .add(new Operation.Source(path.getKey(), path.getValue(), entry.getValue()));
        methodOf.put(name, method);
      }
    }
    List<Operation> operations = new ArrayList<>();
    byName.forEach((name, sources) ->
        operations.add(Operation.of(name, methodOf.get(name), sources, document.get("security"))));
    return operations;
  }

  /** The operations in document order, one per name. */
  public List<Operation> operations() {
    return operations;
  }

  /** The operation with this python-style name ({@code get_bundle}) or command name ({@code get-bundle}). */
  public Optional<Operation> operation(String name) {
    return operations.stream()
        .filter(op -> op.name().equals(name) || op.commandName().equals(name))
        .findFirst();
  }

  /**
   * The whole document with references resolved. A reference that closes a cycle stays a
   * {@code {"$ref": ...}} object, so the tree is finite.
   */
  public JsonNode document() {
    return document;
  }

  public boolean isOpenApi3() {
    return openApi3;
  }

  public String title() {
    return text(document.path("info").path("title"));
  }

  public String description() {
    return text(document.path("info").path("description"));
  }

  /** The API version from {@code info.version}. */
  public String version() {
    return text(document.path("info").path("version"));
  }

  /** The Swagger 2 {@code host}, or the host of the first OpenAPI 3 server; null when absent. */
  public String host() {
    if (!openApi3) {
      return text(document.path("host"));
    }
    String url = serverUrl();
    int start = url.indexOf("://");
    if (start < 0) {
      return null;
    }
    int end = url.indexOf('/', start + 3);
    return end < 0 ? url.substring(start + 3) : url.substring(start + 3, end);
  }

  /** The Swagger 2 {@code basePath}, or the path of the first OpenAPI 3 server; "" when absent. */
  public String basePath() {
    if (!openApi3) {
      String base = text(document.path("basePath"));
      return base == null ? "" : base;
    }
    String url = serverUrl();
    int start = url.indexOf("://");
    int slash = url.indexOf('/', start < 0 ? 0 : start + 3);
    return slash < 0 ? "" : url.substring(slash);
  }

  /** The Swagger 2 {@code schemes}, or the scheme of the first OpenAPI 3 server. */
  public List<String> schemes() {
    List<String> schemes = new ArrayList<>();
    if (!openApi3) {
      document.path("schemes").forEach(s -> schemes.add(s.asText()));
    } else {
      String url = serverUrl();
      int colon = url.indexOf("://");
      if (colon > 0) {
        schemes.add(url.substring(0, colon));
      }
    }
    return schemes;
  }

  /**
   * The URL that operation paths are appended to, without a trailing {@code /}. Swagger 2:
   * {@code {scheme}://{host}{basePath}} with the first listed scheme, or {@code fallbackScheme}
   * when none is listed; without a host the result is just the base path. OpenAPI 3: the first
   * server's URL with its variables set to their defaults.
   */
  public String baseUrl(String fallbackScheme) {
    String url;
    if (openApi3) {
      url = serverUrl();
    } else {
      List<String> schemes = schemes();
      String scheme = schemes.isEmpty() ? fallbackScheme : schemes.get(0);
      String host = host();
      url = (host == null ? "" : scheme + "://" + host) + basePath();
    }
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private String serverUrl() {
    JsonNode server = document.path("servers").path(0);
    String url = text(server.path("url"));
    if (url == null) {
      return "/";
    }
    for (Map.Entry<String, JsonNode> variable : server.path("variables").properties()) {
      url = url.replace("{" + variable.getKey() + "}", variable.getValue().path("default").asText());
    }
    return url;
  }

  private static String text(JsonNode node) {
    return node.isValueNode() ? node.asText() : null;
  }
}
