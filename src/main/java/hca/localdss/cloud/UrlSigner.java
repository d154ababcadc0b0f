package hca.localdss.cloud;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks the endpoint's time-limited download URLs. The query parameters are named as in
 * GCS V4 signed URLs ({@code X-Goog-Date}, {@code X-Goog-Expires}, {@code X-Goog-Signature}); the
 * signature is an HMAC-SHA256 over the method, bucket, object, date and lifetime.
 */
final class UrlSigner {

  static final String ALGORITHM = "GOOG4-HMAC-SHA256";
  static final String DATE = "X-Goog-Date";
  static final String EXPIRES = "X-Goog-Expires";
  static final String SIGNATURE = "X-Goog-Signature";

  private static final DateTimeFormatter BASIC =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final byte[] key;

  UrlSigner(String key) {
    this.key = key.getBytes(StandardCharsets.UTF_8);
  }

  /** The query string (without '?') that lets a GET of bucket/object in until issued + ttl. */
  String query(String method, String bucket, String object, Instant issued, Duration ttl) {
    String date = BASIC.format(issued);
    long seconds = Math.max(1, ttl.toSeconds());
    return "X-Goog-Algorithm=" + ALGORITHM
        + "&" + DATE + "=" + date
        + "&" + EXPIRES + "=" + seconds
        + "&" + SIGNATURE + "=" + sign(method, bucket, object, date, Long.toString(seconds));
  }

  /** Whether a request carries signature parameters at all (unsigned requests are anonymous). */
  static boolean isSigned(Map<String, String> query) {
    return query.containsKey(SIGNATURE) || query.containsKey(EXPIRES) || query.containsKey(DATE);
  }

  /** Checks a signed request; throws 403 when the signature is wrong or has expired. */
  void verify(String method, String bucket, String object, Map<String, String> query, Instant now) {
    String date = query.get(DATE);
    String expires = query.get(EXPIRES);
    String signature = query.get(SIGNATURE);
    if (date == null || expires == null || signature == null) {
      throw GcsException.forbidden("Signed URL is missing " + DATE + ", " + EXPIRES + " or "
          + SIGNATURE);
    }
    byte[] expected = sign(method, bucket, object, date, expires).getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8))) {
      throw new GcsException(403, "SignatureDoesNotMatch",
          "The request signature we calculated does not match the signature you provided.");
    }
    Instant issued;
    long seconds;
    try {
      issued = Instant.from(BASIC.parse(date));
      seconds = Long.parseLong(expires);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw GcsException.forbidden("Signed URL has a malformed date or expiry");
    }
    if (now.isAfter(issued.plusSeconds(seconds))) {
      throw new GcsException(403, "ExpiredToken", "Request has expired");
    }
  }

  private String sign(String method, String bucket, String object, String date, String expires) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      String payload = method + "\n" + bucket + "\n" + object + "\n" + date + "\n" + expires;
      return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
