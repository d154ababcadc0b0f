package hca.localdss.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs notification requests as the DSS did when a subscription has an HMAC key: HTTP
 * signatures (draft-cavage) over the {@code date} and {@code digest} headers with HMAC-SHA256.
 */
public final class NotificationSigner {

  private NotificationSigner() {}

  /** The headers to add to a request with this body: Date, Digest and Authorization. */
  public static Map<String, String> headers(String keyId, String secret, byte[] body, ZonedDateTime now) {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.withZoneSameInstant(ZoneOffset.UTC));
    String digest = "SHA-256=" + Base64.getEncoder().encodeToString(sha256(body));
    String signingString = "date: " + date + "\ndigest: " + digest;
    String signature = Base64.getEncoder().encodeToString(hmac(secret, signingString));
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Date", date);
    h.put("Digest", digest);
    h.put(
        "Authorization",
        "Signature keyId=\"" + keyId + "\",algorithm=\"hmac-sha256\",headers=\"date digest\",signature=\""
            + signature + "\"");
    return h;
  }

  static byte[] hmac(String secret, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
