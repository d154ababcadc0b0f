package hca.localdss.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.localdss.auth.Principal;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One API request as the handlers see it: path and query parameters, JSON body, caller. */
public final class ApiRequest {

  private final HttpServletRequest raw;
  private final String method;
  private final String path;
  private final Map<String, String> pathParams;
  private final Map<String, List<String>> query;
  private final byte[] body;
  private Principal principal;

  ApiRequest(HttpServletRequest raw, String path, Map<String, String> pathParams, byte[] body) {
    this.raw = raw;
    this.method = raw.getMethod();
    this.path = path;
    this.pathParams = pathParams;
    this.query = parseQuery(raw.getQueryString());
    this.body = body;
  }

  static Map<String, List<String>> parseQuery(String qs) {
    Map<String, List<String>> q = new LinkedHashMap<>();
    if (qs == null || qs.isEmpty()) {
      return q;
    }
    for (String pair : qs.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = decode(eq < 0 ? pair : pair.substring(0, eq));
      String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
      q.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return q;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw DssException.illegalArguments("malformed query string near '" + s + "'");
    }
  }

  public String method() {
    return method;
  }

  /** The path below the base path, e.g. {@code /bundles/UUID}. */
  public String path() {
    return path;
  }

  public Map<String, List<String>> queryParams() {
    return query;
  }

  public byte[] rawBody() {
    return body;
  }

  public String header(String name) {
    return raw.getHeader(name);
  }

  /** A path parameter (uuids are lower-cased by the handlers where the DSS did). */
  public String pathParam(String name) {
    return pathParams.get(name);
  }

  public Optional<String> query(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  public String requiredQuery(String name) {
    return query(name)
        .filter(s -> !s.isEmpty())
        .orElseThrow(() -> DssException.illegalArguments("Missing query parameter '" + name + "'"));
  }

  public int intQuery(String name, int dflt, int min, int max) {
    Optional<String> v = query(name);
    if (v.isEmpty()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.get());
      if (n < min || n > max) {
        throw DssException.illegalArguments(
            name + " must be between " + min + " and " + max + ", not " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw DssException.illegalArguments(name + " must be an integer, not '" + v.get() + "'");
    }
  }

  public boolean boolQuery(String name) {
    return query(name).map(s -> s.toLowerCase(Locale.ROOT)).map(s -> s.equals("true")).orElse(false);
  }

  /** The JSON body; malformed JSON is a 400. */
  public JsonNode json() {
    if (body == null || body.length == 0) {
      throw DssException.illegalArguments("Request body is missing");
    }
    try {
      return Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw DssException.illegalArguments(
          "Request body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  /** The JSON body, which must be an object. */
  public ObjectNode jsonObject() {
    JsonNode n = json();
    if (!(n instanceof ObjectNode o)) {
      throw DssException.illegalArguments("Request body must be a JSON object");
    }
    return o;
  }

  public Principal principal() {
    return principal;
  }

  void principal(Principal p) {
    this.principal = p;
  }

  /** {@code scheme://host:port} as the client addressed us, for absolute links. */
  public String origin() {
    String host = raw.getHeader("Host");
    if (host == null || host.isBlank()) {
      host = raw.getServerName() + ":" + raw.getServerPort();
    }
    return raw.getScheme() + "://" + host;
  }

  /** The absolute URL of this request with some query parameters replaced. */
  public String selfUrl(Map<String, String> replace) {
    Map<String, String> q = new LinkedHashMap<>();
    query.forEach((k, v) -> q.put(k, v.get(0)));
    replace.forEach((k, v) -> {
      if (v == null) {
        q.remove(k);
      } else {
        q.put(k, v);
      }
    });
    return origin() + "/v1" + path + UrlQuery.of(q);
  }
}
