package hca.localdss.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

/** Builds query strings. */
public final class UrlQuery {
  private UrlQuery() {}

  /** {@code ?k=v&...} (or empty), values percent-encoded. */
  public static String of(Map<String, String> params) {
    if (params.isEmpty()) {
      return "";
    }
    StringJoiner j = new StringJoiner("&", "?", "");
    params.forEach((k, v) -> j.add(encode(k) + "=" + encode(v)));
    return j.toString();
  }

  public static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
