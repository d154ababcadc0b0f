package hca.localdss.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.localdss.api.Json;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers notifications to subscribers' callback URLs: the subscription's method and encoding,
 * an HMAC signature when it has a key, redirects not followed, any 2xx a success, and retries
 * after each of the configured delays until one succeeds.
 */
public final class Deliveries implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);

  private final List<Duration> delays;
  private final ScheduledExecutorService scheduler =
      Executors.newScheduledThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "dss-notify");
            t.setDaemon(true);
            return t;
          });
  private final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final AtomicLong attempts = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong abandoned = new AtomicLong();

  /** @param delays the wait before each attempt; the first is usually zero */
  public Deliveries(List<Duration> delays) {
    if (delays.isEmpty()) {
      throw new IllegalArgumentException("at least one delivery attempt is needed");
    }
    this.delays = List.copyOf(delays);
  }

  void send(ObjectNode subscription, ObjectNode payload) {
    schedule(subscription, payload, 0);
  }

  private void schedule(ObjectNode sub, ObjectNode payload, int attempt) {
    scheduler.schedule(() -> attempt(sub, payload, attempt), delays.get(attempt).toMillis(), TimeUnit.MILLISECONDS);
  }

  private void attempt(ObjectNode sub, ObjectNode payload, int attempt) {
    attempts.incrementAndGet();
    String url = sub.path("callback_url").asText();
    try {
      HttpResponse<Void> r = http.send(request(sub, payload, attempt), HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() / 100 == 2) {
        delivered.incrementAndGet();
        return;
      }
      LOG.info("notification to {} answered {} (attempt {})", url, r.statusCode(), attempt + 1);
    } catch (Exception e) {
      LOG.info("notification to {} failed (attempt {}): {}", url, attempt + 1, e.toString());
    }
    if (attempt + 1 < delays.size()) {
      schedule(sub, payload, attempt + 1);
    } else {
      abandoned.incrementAndGet();
      LOG.warn("gave up notifying {} after {} attempts", url, delays.size());
    }
  }

  private static HttpRequest request(ObjectNode sub, ObjectNode payload, int attempt) {
    byte[] body;
    String contentType;
    if ("multipart/form-data".equals(sub.path("encoding").asText())) {
      String boundary = "dss-" + UUID.randomUUID();
      Map<String, String> fields = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = sub.path("form_fields").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        fields.put(f.getKey(), f.getValue().asText());
      }
      fields.put(sub.path("payload_form_field").asText("payload"), payload.toString());
      body = multipart(boundary, fields);
      contentType = "multipart/form-data; boundary=" + boundary;
    } else {
      body = Json.bytes(payload);
      contentType = "application/json";
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(sub.path("callback_url").asText()))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", contentType)
            .header("X-dss-notify-attempt", Integer.toString(attempt + 1))
            .method(sub.path("method").asText("POST"), HttpRequest.BodyPublishers.ofByteArray(body));
    String secret = sub.path("hmac_secret_key").asText(null);
    if (secret != null) {
      String keyId = sub.path("hmac_key_id").asText("hca-dss:" + sub.path("uuid").asText());
      NotificationSigner.headers(keyId, secret, body, ZonedDateTime.now()).forEach(b::header);
    }
    return b.build();
  }

  private static byte[] multipart(String boundary, Map<String, String> fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    fields.forEach((name, value) -> {
      String part = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
      out.writeBytes(part.getBytes(StandardCharsets.UTF_8));
    });
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** Counts for the admin endpoint and tests. */
  public Map<String, Long> counters() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("attempts", attempts.get());
    m.put("delivered", delivered.get());
    m.put("abandoned", abandoned.get());
    return m;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
