package hca.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The client's configuration: JSON sources merged in priority order (lowest first) — built-in
 * defaults ({@code hca/config/default_config.json}), {@code /etc/hca/config.json}, {@code
 * $XDG_CONFIG_HOME/hca/config.json} (default {@code ~/.config/hca/config.json}), each file of the
 * colon-separated {@code HCA_CONFIG_FILE} in order, then command-line overrides — with the merge
 * rules of {@link ConfigMerge}. Missing files are skipped; a bad one is a {@link ConfigException}.
 *
 * <p>Writes ({@link #set}, {@link #remove}, {@link #storeToken}, {@link #clearToken}) change only
 * {@link #writableFile()}: that file alone is read, changed and atomically replaced, so defaults
 * and other sources are never copied into it. The result is checked before anything is written.
 */
public final class HcaConfig {

  /** The environment variable naming the DSS's API base URL; wins over the config files. */
  public static final String DSS_URL_VARIABLE = ConfigLayers.DSS_URL_VARIABLE;

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final ConfigEnvironment env;
  // Replaced whole on each write, so a reader never sees layers and merged result out of step.
  private volatile State state;

  private record State(List<ConfigLayers.Layer> layers, ObjectNode merged) {
    State(List<ConfigLayers.Layer> layers) {
      this(List.copyOf(layers), ConfigLayers.merge(layers));
    }
  }

  private HcaConfig(ConfigEnvironment env, List<ConfigLayers.Layer> layers) {
    this.env = env;
    this.state = new State(layers);
  }

  /** Loads the configuration of this process, with no command-line overrides. */
  public static HcaConfig load() {
    return load(ConfigEnvironment.system(), Map.of());
  }

  /**
   * Loads the configuration. {@code overrides} maps dotted keys ({@code DSSClient.swagger_url},
   * {@code log_level}) to values given on the command line; they win over every file.
   *
   * @throws ConfigException if a source is unreadable or invalid
   */
  public static HcaConfig load(ConfigEnvironment env, Map<String, ? extends JsonNode> overrides) {
    return new HcaConfig(env, ConfigLayers.read(env, overrides));
  }

  /**
   * A command-line value as JSON when it is valid JSON ({@code 5}, {@code true}, {@code [1]}), else
   * as a string ({@code DEBUG}, {@code https://host/v1/swagger.json}).
   */
  public static JsonNode parseValue(String text) {
    try {
      JsonNode v = ConfigFiles.JSON.readTree(text);
      if (v != null && !v.isMissingNode()) {
        return v;
      }
    } catch (JsonProcessingException notJson) {
      // plain text
    }
    return TextNode.valueOf(text);
  }

  /** Where the files are looked for. */
  public ConfigEnvironment environment() {
    return env;
  }

  /** The file that writes go to. */
  public Path writableFile() {
    return env.writableFile();
  }

  /** The files that existed and were merged, lowest priority first. */
  public List<Path> loadedFiles() {
    return state.layers().stream()
        .filter(l -> l.file() != null && l.present())
        .map(ConfigLayers.Layer::file)
        .toList();
  }

  /**
   * Every value in effect, each with where it came from ({@code default}, {@code file:PATH},
   * {@code env:HCA_DSS_URL}, {@code command line}); credentials are masked.
   */
  public List<ConfigOrigins.Entry> withOrigins() {
    return ConfigOrigins.of(state.layers(), state.merged());
  }

  /** A copy of the merged configuration. */
  public ObjectNode asJson() {
    return state.merged().deepCopy();
  }

  /** The merged value at a dotted key such as {@code DSSClient.swagger_url}, as a copy. */
  public Optional<JsonNode> get(String dottedKey) {
    JsonNode node = state.merged();
    for (String part : key(dottedKey).parts()) {
      node = node.isObject() ? node.get(part) : null;
      if (node == null) {
        return Optional.empty();
      }
    }
    return Optional.of(node.deepCopy());
  }

  /** {@code DSSClient.swagger_url}: where the DSS publishes its API description. */
  public String swaggerUrl() {
    return get(ConfigSchema.DSS_CLIENT + "." + ConfigSchema.SWAGGER_URL)
        .map(JsonNode::textValue)
        .orElseThrow(() -> new ConfigException("configuration", "no DSSClient.swagger_url is set"));
  }

  /** {@code log_level} in upper case: one of DEBUG, INFO, WARNING, ERROR, CRITICAL. */
  public String logLevel() {
    return get(ConfigSchema.LOG_LEVEL)
        .map(v -> v.textValue().toUpperCase(Locale.ROOT))
        .orElse("INFO");
  }

  /** {@code creator_uid}: the user id recorded on uploaded files and bundles; 0 by default. */
  public long creatorUid() {
    return get(ConfigSchema.CREATOR_UID).map(JsonNode::longValue).orElse(0L);
  }

  /** {@code allow_insecure_http}: whether plain http may go to hosts other than loopback. */
  public boolean allowInsecureHttp() {
    return get(ConfigSchema.ALLOW_INSECURE_HTTP).map(JsonNode::booleanValue).orElse(false);
  }

  /** {@link #httpAllowed(URI, boolean)} with this configuration's {@code allow_insecure_http}. */
  public boolean httpAllowed(URI uri) {
    return httpAllowed(uri, allowInsecureHttp());
  }

  /** The stored login token ({@code oauth2_token}), if any. */
  public Optional<StoredToken> token() {
    return get(StoredToken.KEY).map(n -> StoredToken.fromJson(n, "configuration"));
  }

  /**
   * Sets a dotted key in {@link #writableFile()}, creating intermediate objects (and replacing a
   * non-object in the way), and updates this configuration to match.
   *
   * @throws ConfigException if the value is invalid for the key, the file is invalid, or the file
   *     cannot be written; the file is then unchanged
   */
  public void set(String dottedKey, JsonNode value) {
    DottedKey key = key(dottedKey);
    JsonNode copy = Objects.requireNonNull(value, "value").deepCopy();
    edit(
        tree -> {
          ObjectNode parent = tree;
          for (String part : key.parent().parts()) {
            JsonNode child = parent.get(part);
            parent =
                child != null && child.isObject() ? (ObjectNode) child : parent.putObject(part);
          }
          parent.set(key.last(), copy);
        });
  }

  /**
   * Removes a dotted key from {@link #writableFile()}, and any object left empty above it. Other
   * sources are untouched, so a value they give shows through. Nothing is written if the key is not
   * in the file.
   */
  public void remove(String dottedKey) {
    DottedKey key = key(dottedKey);
    edit(tree -> removeAndPrune(tree, key.parts()));
  }

  /** Stores the login token; the file becomes owner-only (0600). */
  public void storeToken(StoredToken token) {
    set(StoredToken.KEY, token.toJson());
  }

  /** Logs out: removes {@code oauth2_token} and {@code application_secrets} in one write. */
  public void clearToken() {
    edit(
        tree -> {
          tree.remove(StoredToken.KEY);
          tree.remove(ConfigSchema.APPLICATION_SECRETS);
        });
  }

  /**
   * Whether a request to {@code uri} may be sent: https always; plain http only to a loopback host
   * ({@code localhost}, 127.0.0.0/8, {@code ::1}) or when {@code allowInsecure}; nothing else. Host
   * names other than {@code localhost} are not resolved: a name that maps to loopback does not
   * count, so DNS cannot widen this check.
   */
  public static boolean httpAllowed(URI uri, boolean allowInsecure) {
    String scheme = uri.getScheme();
    if ("https".equalsIgnoreCase(scheme)) {
      return true;
    }
    return "http".equalsIgnoreCase(scheme) && (allowInsecure || isLoopback(uri.getHost()));
  }

  static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost") || h.equals("localhost.")) {
      return true;
    }
    if (h.startsWith("[") && h.endsWith("]")) {
      return literalIsLoopback(h.substring(1, h.length() - 1));
    }
    return IPV4.matcher(h).matches() && literalIsLoopback(h);
  }

  // Only called with IP literals, which InetAddress parses without a name lookup.
  private static boolean literalIsLoopback(String literal) {
    try {
      return InetAddress.getByName(literal).isLoopbackAddress();
    } catch (UnknownHostException notALiteral) {
      return false;
    }
  }

  private synchronized void edit(Consumer<ObjectNode> change) {
    Path file = env.writableFile();
    ObjectNode before = ConfigFiles.read(file).orElseGet(ConfigFiles.JSON::createObjectNode);
    ObjectNode after = before.deepCopy();
    change.accept(after);
    if (after.equals(before)) {
      return;
    }
    // The writable file is always the last file layer; swap in its new content and check the lot.
    List<ConfigLayers.Layer> next = new ArrayList<>(state.layers());
    next.set(ConfigLayers.writableIndex(next), new ConfigLayers.Layer(file.toString(), file, true, after));
    State checked = new State(next);
    ConfigFiles.write(file, after);
    state = checked;
  }

  private static boolean removeAndPrune(ObjectNode node, List<String> path) {
    String head = path.get(0);
    if (path.size() == 1) {
      return node.remove(head) != null;
    }
    JsonNode child = node.get(head);
    if (child == null || !child.isObject()) {
      return false;
    }
    boolean removed = removeAndPrune((ObjectNode) child, path.subList(1, path.size()));
    if (removed && child.isEmpty()) {
      node.remove(head);
    }
    return removed;
  }

  private static DottedKey key(String dottedKey) {
    return DottedKey.parse(dottedKey);
  }
}
