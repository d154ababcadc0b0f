package hca.localdss.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The API's route table: method + path template → handler. */
public final class Routes {

  /** Handles one request. */
  @FunctionalInterface
  public interface Handler {
    ApiReply handle(ApiRequest request) throws Exception;
  }

  /** Whether a route needs a bearer token. */
  public enum Access {
    ANONYMOUS,
    AUTHENTICATED
  }

  record Route(
      String method, String template, Pattern pattern, List<String> names, Access access, Handler h) {}

  /** A matched route with its decoded path parameters. */
  record Match(Route route, Map<String, String> params) {}

  private final List<Route> routes = new ArrayList<>();

  /** Adds a route; {@code template} uses {@code {name}} for path parameters. */
  public Routes add(String method, String template, Access access, Handler h) {
    List<String> names = new ArrayList<>();
    Matcher m = Pattern.compile("\\{([a-z_]+)}").matcher(template);
    StringBuilder re = new StringBuilder("^");
    int last = 0;
    while (m.find()) {
      re.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
      names.add(m.group(1));
      last = m.end();
    }
    re.append(Pattern.quote(template.substring(last))).append("$");
    routes.add(new Route(method, template, Pattern.compile(re.toString()), names, access, h));
    return this;
  }

  /**
   * Finds the route for a raw (still percent-encoded) path.
   *
   * @throws DssException 404 for an unknown path, 405 for a known path with another method
   */
  Match match(String method, String rawPath) {
    boolean pathKnown = false;
    for (Route r : routes) {
      Matcher m = r.pattern().matcher(rawPath);
      if (!m.matches()) {
        continue;
      }
      pathKnown = true;
      if (!r.method().equals(method)) {
        continue;
      }
      Map<String, String> params = new LinkedHashMap<>();
      for (int i = 0; i < r.names().size(); i++) {
        params.put(r.names().get(i), URLDecoder.decode(m.group(i + 1).replace("+", "%2B"), StandardCharsets.UTF_8));
      }
      return new Match(r, params);
    }
    if (pathKnown) {
      throw new DssException(405, "Method Not Allowed", method + " is not allowed on " + rawPath);
    }
    throw new DssException(404, "Not Found", "No such API path: " + rawPath);
  }
}
