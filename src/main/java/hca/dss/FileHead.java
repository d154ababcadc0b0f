package hca.dss;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code HEAD /files/{uuid}} tells about a file: the {@code X-DSS-*} headers, keyed in upper
 * case ({@code X-DSS-SHA256}, {@code X-DSS-SIZE}, ...).
 *
 * @param status the HTTP status (200)
 * @param dssHeaders the {@code X-DSS-*} headers and their first values
 */
public record FileHead(int status, Map<String, String> dssHeaders) {

  public FileHead {
    dssHeaders = Collections.unmodifiableMap(new TreeMap<>(dssHeaders));
  }

  /** The {@code X-DSS-*} headers of a reply. */
  static FileHead of(int status, Map<String, List<String>> headers) {
    Map<String, String> dss = new TreeMap<>();
    headers.forEach((name, values) -> {
      String upper = name.toUpperCase(Locale.ROOT);
      if (upper.startsWith("X-DSS-") && !values.isEmpty()) {
        dss.put(upper, values.get(0));
      }
    });
    return new FileHead(status, dss);
  }

  /** One header by its name after {@code X-DSS-}, for example {@code header("SHA256")}; or null. */
  public String header(String suffix) {
    return dssHeaders.get("X-DSS-" + suffix.toUpperCase(Locale.ROOT));
  }

  /** {@code X-DSS-VERSION}. */
  public String version() {
    return header("VERSION");
  }

  /** {@code X-DSS-SIZE} as a number, or -1 when absent. */
  public long size() {
    String s = header("SIZE");
    return s == null ? -1 : Long.parseLong(s.trim());
  }

  /** {@code X-DSS-SHA256}. */
  public String sha256() {
    return header("SHA256");
  }

  /** {@code X-DSS-CONTENT-TYPE}. */
  public String contentType() {
    return header("CONTENT-TYPE");
  }
}
