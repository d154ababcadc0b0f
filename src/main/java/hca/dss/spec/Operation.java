package hca.dss.spec;

import com.fasterxml.jackson.databind.JsonNode;
import hca.dss.spec.Param.Location;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One named API operation, as offered on the command line.
 *
 * <p>Several paths may share a name (the naming rule ignores templated segments); the operation then
 * keeps every path template and {@link #build} picks the one whose path parameters were supplied.
 * Everything else (summary, responses, security) comes from the first path in document order.
 */
public final class Operation {

  /** One path template of this operation and the names of the parameters it substitutes. */
  public record PathTemplate(String template, Set<String> pathParams) {
    public PathTemplate {
      pathParams = Collections.unmodifiableSet(new LinkedHashSet<>(pathParams));
    }
  }

  /** One (path, method) of the spec that maps to this operation's name. */
  record Source(String path, JsonNode pathItem, JsonNode operation) {}

  private static final Pattern TEMPLATED = Pattern.compile("\\{([^}/]+)}");

  private final String name;
  private final String httpMethod;
  private final List<PathTemplate> pathTemplates;
  private final String summary;
  private final String description;
  private final List<Param> params;
  private final boolean paginated;
  private final boolean streamsRedirect;
  private final boolean requiresAuth;

  private Operation(String name, String httpMethod, List<PathTemplate> pathTemplates, String summary,
      String description, List<Param> params, boolean paginated, boolean streamsRedirect,
      boolean requiresAuth) {
    this.name = name;
    this.httpMethod = httpMethod;
    this.pathTemplates = List.copyOf(pathTemplates);
    this.summary = summary;
    this.description = description;
    this.params = List.copyOf(params);
    this.paginated = paginated;
    this.streamsRedirect = streamsRedirect;
    this.requiresAuth = requiresAuth;
  }

  /** Builds the operation named {@code name} from all the (path, method) pairs that share it. */
  static Operation of(String name, String httpMethod, List<Source> sources, JsonNode rootSecurity) {
    Source first = sources.get(0);
    List<PathTemplate> templates = new ArrayList<>();
    Map<String, Param> merged = new LinkedHashMap<>();
    for (Source source : sources) {
      templates.add(new PathTemplate(source.path(), templateNames(source.path())));
      for (Param p : ParamReader.read(source.pathItem(), source.operation())) {
        merged.putIfAbsent(p.name(), p);
      }
    }
    List<Param> params = new ArrayList<>();
    for (Param p : merged.values()) {
      // A path parameter is only required when every path template needs it.
      boolean inEveryPath = templates.stream().allMatch(t -> t.pathParams().contains(p.name()));
      params.add(p.location() == Location.PATH && p.required() && !inEveryPath ? optional(p) : p);
    }
    JsonNode op = first.operation();
    JsonNode responses = op.path("responses");
    JsonNode security = op.has("security") ? op.get("security") : rootSecurity;
    return new Operation(name, httpMethod.toUpperCase(Locale.ROOT), templates,
        trimmed(op.path("summary")), trimmed(op.path("description")), params,
        responses.has("206"), responses.has("302"), security != null && !security.isEmpty());
  }

  private static Set<String> templateNames(String path) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = TEMPLATED.matcher(path);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static Param optional(Param p) {
    return new Param(p.name(), p.location(), p.type(), p.itemsType(), false, p.enumValues(),
        p.defaultValue(), p.description(), p.format(), p.pattern());
  }

  private static String trimmed(JsonNode text) {
    return text.isValueNode() ? text.asText().strip() : null;
  }

  /** The python-style name, for example {@code get_bundle}. */
  public String name() {
    return name;
  }

  /** The command name, for example {@code get-bundle}. */
  public String commandName() {
    return OperationName.command(name);
  }

  /** The HTTP method in upper case. */
  public String httpMethod() {
    return httpMethod;
  }

  /** The first path template, for example {@code /bundles/{uuid}}. */
  public String path() {
    return pathTemplates.get(0).template();
  }

  /** Every path template sharing this name, in document order. */
  public List<PathTemplate> pathTemplates() {
    return pathTemplates;
  }

  /** The one-line summary, or null. */
  public String summary() {
    return summary;
  }

  /** The long description, or null. */
  public String description() {
    return description;
  }

  /** The inputs in spec order: path, query and header parameters, then body properties. */
  public List<Param> params() {
    return params;
  }

  public Optional<Param> param(String paramName) {
    return params.stream().filter(p -> p.name().equals(paramName)).findFirst();
  }

  /** Whether the server may answer 206 with a {@code Link} to the next page. */
  public boolean paginated() {
    return paginated;
  }

  /** Whether the server may answer 302 with the location of the content. */
  public boolean streamsRedirect() {
    return streamsRedirect;
  }

  /** Whether requests must carry credentials. */
  public boolean requiresAuth() {
    return requiresAuth;
  }

  /** Whether the operation takes a JSON body. */
  public boolean hasBody() {
    return params.stream().anyMatch(p -> p.location() == Location.BODY);
  }

  /**
   * The request for the given arguments, keyed by parameter name; null values count as absent.
   *
   * @throws IllegalArgumentException naming the flag when an argument is missing, unknown, not one
   *     of the allowed values or of the wrong type
   */
  public RequestSpec build(Map<String, Object> args) {
    return RequestBuilder.build(this, args);
  }

  @Override
  public String toString() {
    return commandName() + " (" + httpMethod + " " + path() + ")";
  }
}
