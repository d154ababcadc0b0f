package hca.pipeline.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hca.dss.DssVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /callbacks/dss}: a DSS subscription notification. Its HTTP signature (HMAC-SHA256
 * over the headers it names, which must include {@code date} and {@code digest}) is checked against
 * the configured key, the digest against the body, the date against the clock; only then is the
 * notified bundle version downloaded, once per subscription (a replayed notification names the
 * first one's job).
 */
public final class Callbacks {

  private static final Logger LOG = LoggerFactory.getLogger(Callbacks.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  static final Duration MAX_SKEW = Duration.ofMinutes(15);

  private final Jobs jobs;
  private final Metrics metrics;
  private final String keyId;
  private final byte[] secret;

  public Callbacks(Jobs jobs, Metrics metrics, String keyId, String secret) {
    this.jobs = jobs;
    this.metrics = metrics;
    this.keyId = keyId;
    this.secret = secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
  }

  public void receive(Exchange e) throws Exception {
    byte[] body = e.getIn().getBody(byte[].class);
    body = body == null ? new byte[0] : body;
    String refused = verify(e, body);
    if (refused != null) {
      metrics.callbackRefused();
      LOG.warn("callback refused: {}", refused);
      JobApi.reply(e, 401, JSON.createObjectNode().put("code", "unauthorized").put("title", refused));
      return;
    }
    JsonNode n;
    try {
      n = JSON.readTree(body);
    } catch (Exception ex) {
      n = null;
    }
    String uuid = n == null ? "" : n.path("match").path("bundle_uuid").asText("");
    String version = n == null ? "" : n.path("match").path("bundle_version").asText("");
    String subscription = n == null ? "" : n.path("subscription_id").asText("");
    if (uuid.isEmpty() || version.isEmpty()) {
      JobApi.reply(e, 400, JSON.createObjectNode().put("code", "bad_request")
          .put("title", "a notification names match.bundle_uuid and match.bundle_version"));
      return;
    }
    String event = n.path("event_type").asText("CREATE");
    if (event.equals("TOMBSTONE") || event.equals("DELETE")) {
      LOG.info("callback: {} of {}.{}; nothing to download", event, uuid, version);
      JobApi.reply(e, 200, JSON.createObjectNode().put("ignored", event));
      return;
    }
    if (!JobApi.UUID_RE.matcher(uuid).matches() || !DssVersion.PATTERN.matcher(version).matches()
        || subscription.length() > 200) {
      JobApi.reply(e, 400, JSON.createObjectNode().put("code", "bad_request")
          .put("title", "a notification names a lower-case UUID in match.bundle_uuid, a DSS version in "
              + "match.bundle_version and a subscription_id of at most 200 characters"));
      return;
    }
    String replica = n.path("replica").asText(jobs.settings().replica());
    if (!replica.equals("aws") && !replica.equals("gcp")) {
      replica = jobs.settings().replica();
    }
    String bundle = uuid + "." + version;
    Ledger.JobRow job = jobs.bundleRow(uuid, version, replica, "callback:" + subscription);
    // taken once per subscription and bundle, by the ledger's key: a replay, even a concurrent one, names the first job
    Optional<String> first = jobs.ledger().insertOnce(subscription, bundle, job);
    if (first.isPresent()) {
      LOG.info("callback for {} from subscription {} again: job {} has it", bundle, subscription, first.get());
      JobApi.reply(e, 200, JSON.createObjectNode().put("duplicate", true).put("job", first.get()).put("bundle", bundle));
      return;
    }
    LOG.info("callback for {} from subscription {}: job {}", bundle, subscription, job.id());
    jobs.start(job.id());
    JobApi.reply(e, 202, JSON.createObjectNode().put("job", job.id()));
  }

  /** Null when the request is signed with our key, else why not. */
  String verify(Exchange e, byte[] body) {
    if (secret == null) {
      return "no callback secret is configured (hca.callbacks.secret)";
    }
    String auth = e.getIn().getHeader("Authorization", String.class);
    if (auth == null || !auth.startsWith("Signature ")) {
      return "no HTTP signature (Authorization: Signature ...)";
    }
    Map<String, String> params = new LinkedHashMap<>();
    Matcher m = PARAM.matcher(auth.substring("Signature ".length()));
    while (m.find()) {
      params.put(m.group(1), m.group(2));
    }
    if (!keyId.equals(params.get("keyId"))) {
      return "unknown keyId '" + params.get("keyId") + "'";
    }
    if (!"hmac-sha256".equalsIgnoreCase(params.getOrDefault("algorithm", "hmac-sha256"))) {
      return "algorithm '" + params.get("algorithm") + "' is not hmac-sha256";
    }
    String headers = params.getOrDefault("headers", "date");
    java.util.List<String> names = java.util.Arrays.asList(headers.toLowerCase(java.util.Locale.ROOT).split(" "));
    if (!names.contains("date") || !names.contains("digest")) {
      return "the signature must cover date and digest, not '" + headers + "'";
    }
    String digest = e.getIn().getHeader("Digest", String.class);
    String expected = "SHA-256=" + Base64.getEncoder().encodeToString(sha256(body));
    if (digest == null || !MessageDigest.isEqual(digest.getBytes(StandardCharsets.US_ASCII),
        expected.getBytes(StandardCharsets.US_ASCII))) {
      return "the Digest header does not match the body";
    }
    String date = e.getIn().getHeader("Date", String.class);
    try {
      Instant t = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      if (Duration.between(t, Instant.now()).abs().compareTo(MAX_SKEW) > 0) {
        return "the Date header is more than 15 minutes off";
      }
    } catch (RuntimeException ex) {
      return "no readable Date header";
    }
    StringBuilder signing = new StringBuilder();
    for (String h : names) {
      if (!signing.isEmpty()) {
        signing.append('\n');
      }
      String v = h.equals("(request-target)")
          ? "post " + e.getIn().getHeader(Exchange.HTTP_PATH, "/callbacks/dss", String.class)
          : e.getIn().getHeader(h, String.class);
      if (v == null) {
        return "signed header '" + h + "' is missing";
      }
      signing.append(h).append(": ").append(v);
    }
    byte[] sig;
    try {
      sig = Base64.getDecoder().decode(params.getOrDefault("signature", ""));
    } catch (IllegalArgumentException ex) {
      return "the signature is not base64";
    }
    if (!MessageDigest.isEqual(sig, hmac(signing.toString()))) {
      return "the signature does not match";
    }
    return null;
  }

  private byte[] hmac(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (Exception ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (Exception ex) {
      throw new IllegalStateException(ex);
    }
  }
}
