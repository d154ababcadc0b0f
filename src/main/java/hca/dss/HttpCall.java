package hca.dss;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request for {@link DssHttp}: method, absolute URL, headers and an optional body. Header
 * values never appear in {@link #toString()}, since one of them may be a credential.
 *
 * @param method the HTTP method in upper case
 * @param uri the absolute http(s) URL
 * @param headers request headers
 * @param body the body, or null for none
 */
public record HttpCall(String method, URI uri, Map<String, String> headers, byte[] body) {

  /** The header that carries credentials; dropped on redirects to another origin. */
  public static final String AUTHORIZATION = "Authorization";

  public HttpCall {
    method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
    Objects.requireNonNull(uri, "uri");
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** A GET of {@code uri} with no headers. */
  public static HttpCall get(URI uri) {
    return new HttpCall("GET", uri, Map.of(), null);
  }

  /** The same request sent to another URL (the next page of a listing). */
  public HttpCall to(URI next) {
    return new HttpCall(method, next, headers, body);
  }

  /** This request with one more header (replacing one of the same name). */
  public HttpCall withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.keySet().removeIf(k -> k.equalsIgnoreCase(name));
    h.put(name, value);
    return new HttpCall(method, uri, h, body);
  }

  /**
   * The request to send after a redirect with {@code status} to {@code target}: 303, and 301/302
   * after a POST, become a bodiless GET (HEAD stays HEAD); credentials go only to the same origin.
   */
  HttpCall redirectedTo(URI target, int status) {
    boolean toGet =
        status == 303 && !method.equals("HEAD")
            || (status == 301 || status == 302) && method.equals("POST");
    Map<String, String> h = new LinkedHashMap<>(headers);
    if (!sameOrigin(uri, target)) {
      h.keySet().removeIf(k -> k.equalsIgnoreCase(AUTHORIZATION));
    }
    if (toGet) {
      h.keySet().removeIf(k -> k.equalsIgnoreCase("Content-Type"));
    }
    return new HttpCall(toGet ? "GET" : method, target, h, toGet ? null : body);
  }

  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && String.valueOf(a.getHost()).equalsIgnoreCase(String.valueOf(b.getHost()))
        && port(a) == port(b);
  }

  private static int port(URI u) {
    return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  /** Method and URL without its query (which may hold signatures), and the header names only. */
  @Override
  public String toString() {
    return method + " " + withoutQuery(uri) + " headers=" + headers.keySet();
  }

  /** A URL without its query and fragment, for messages and logs. */
  static String withoutQuery(URI u) {
    String s = u.getScheme() + "://" + u.getRawAuthority() + (u.getRawPath() == null ? "" : u.getRawPath());
    return u.getRawQuery() == null ? s : s + "?...";
  }
}
