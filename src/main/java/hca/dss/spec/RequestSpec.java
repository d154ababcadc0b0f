package hca.dss.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request ready to send, independent of any HTTP stack.
 *
 * @param method the HTTP method in upper case
 * @param pathAndQuery the path (parameters substituted and percent-encoded) and query string, to be
 *     appended to the spec's base URL, for example {@code /bundles/abc?replica=aws}
 * @param headers the header parameters (no content type or credentials)
 * @param body the JSON body, or null when the operation takes none
 */
public record RequestSpec(String method, String pathAndQuery, Map<String, String> headers, JsonNode body) {

  public RequestSpec {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** The body, or null; the same as {@link #body()}. */
  public JsonNode bodyOrNull() {
    return body;
  }
}
