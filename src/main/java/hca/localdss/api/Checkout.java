package hca.localdss.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.localdss.Faults;
import java.util.Map;
import java.util.UUID;

/**
 * The "checkout in progress" path of GET /files and GET /bundles with URLs: the real DSS answered
 * 301 to the same URL with a {@code token} and {@code Retry-After} until the content was copied
 * to its checkout bucket. Here content is served in place, so the path is taken only when the
 * fault switch {@code checkout=N} asks for N such redirects.
 */
final class Checkout {

  private final Faults faults;

  Checkout(Faults faults) {
    this.faults = faults;
  }

  /**
   * The 301 to answer instead of the content, or null when the content can be served.
   *
   * @throws DssException 400 {@code illegal_token} for a token that is not one
   */
  ApiReply redirectIfInProgress(ApiRequest r) {
    int wanted = faults.spec().checkoutRedirects();
    int attempts = -1;
    String executionId = UUID.randomUUID().toString();
    double start = System.currentTimeMillis() / 1000.0;
    if (r.query("token").isPresent()) {
      JsonNode t;
      try {
        t = Json.MAPPER.readTree(r.query("token").get());
      } catch (Exception e) {
        throw DssException.badRequest("illegal_token", "Could not parse token");
      }
      if (t == null || !t.path("attempts").canConvertToInt()) {
        throw DssException.badRequest("illegal_token", "Token has no attempts count");
      }
      attempts = t.path("attempts").asInt();
      executionId = t.path("execution_id").asText(executionId);
      start = t.path("start_time").asDouble(start);
    }
    if (attempts + 1 >= wanted) {
      return null;
    }
    ObjectNode token = Json.object();
    token.put("execution_id", executionId);
    token.put("start_time", start);
    token.put("attempts", attempts + 1);
    faults.countCheckoutRedirect();
    return ApiReply.redirect(301, r.selfUrl(Map.of("token", token.toString())))
        .header("Retry-After", Integer.toString(faults.spec().retryAfterSeconds()));
  }
}
