package hca.dss;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reply to one DSS operation: status, headers, and the body, parsed when it is JSON. For a
 * paginated operation followed to the end, the body is the first page with all pages' items joined.
 */
public final class DssResponse {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]{1,100})</Code>");
  private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]{0,1000})</Message>");

  private final int status;
  private final Map<String, List<String>> headers;
  private final JsonNode json;
  private final byte[] bytes;
  private final int attempts;

  DssResponse(int status, Map<String, List<String>> headers, JsonNode json, byte[] bytes, int attempts) {
    this.status = status;
    TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
    this.headers = Collections.unmodifiableMap(h);
    this.json = json;
    this.bytes = bytes;
    this.attempts = attempts;
  }

  /** A reply read from the wire; the body is parsed when the content type says JSON. */
  static DssResponse of(int status, Map<String, List<String>> headers, byte[] body, int attempts) {
    DssResponse plain = new DssResponse(status, headers, null, body, attempts);
    String type = plain.header("Content-Type");
    JsonNode parsed = null;
    if (type != null && type.toLowerCase(Locale.ROOT).contains("json") && body.length > 0) {
      try {
        parsed = JSON.readTree(body);
      } catch (IOException notJson) {
        // kept as bytes
      }
    }
    return parsed == null ? plain : new DssResponse(status, headers, parsed, body, attempts);
  }

  /** The HTTP status (of the last page, for a listing followed to the end). */
  public int status() {
    return status;
  }

  /** The headers, with case-insensitive names. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The first value of a header, or null. */
  public String header(String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** Whether the body is JSON. */
  public boolean isJson() {
    return json != null;
  }

  /** The body as JSON, or null when it is not JSON (or empty). */
  public JsonNode json() {
    return json;
  }

  /** The body's bytes (for a joined listing, the joined JSON). */
  public byte[] bytes() {
    if (bytes == null) {
      try {
        return JSON.writeValueAsBytes(json);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return bytes.clone();
  }

  /** The body as UTF-8 text. */
  public String text() {
    return new String(bytes(), StandardCharsets.UTF_8);
  }

  /** How many requests it took, retries, redirects and further pages included. */
  public int attempts() {
    return attempts;
  }

  /**
   * This reply as an error: {@code code} and {@code title} from a DSS problem body, or from the
   * storage services' own errors (S3's XML {@code Code}/{@code Message}, GCS's {@code error.message})
   * after a redirect to a blob, else the first line of the body.
   */
  DssApiException error() {
    String text = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8).strip();
    String code = "error";
    String title = null;
    if (json != null && (json.path("code").isTextual() || json.path("title").isTextual())) {
      code = json.path("code").asText(code);
      title = json.path("title").isTextual() ? json.get("title").asText() : null;
    } else if (json != null && json.path("error").path("message").isTextual()) {
      code = json.path("error").path("errors").path(0).path("reason").asText(code);
      title = json.path("error").path("message").asText();
    } else {
      Matcher c = XML_CODE.matcher(text);
      Matcher m = XML_MESSAGE.matcher(text);
      if (c.find()) {
        code = c.group(1).strip();
        title = m.find() ? m.group(1).strip() : null;
      }
    }
    if (title == null) {
      int nl = text.indexOf('\n');
      title = text.isEmpty() ? "no details" : nl < 0 ? text : text.substring(0, nl);
    }
    title = title.replaceAll("\\s+", " ");
    if (title.length() > 300) {
      title = title.substring(0, 297) + "...";
    }
    return new DssApiException(status, code, title, attempts, json);
  }

  @Override
  public String toString() {
    return "DssResponse[status=" + status + ", " + (json != null ? "json" : "bytes")
        + ", attempts=" + attempts + "]";
  }
}
