package hca.dss;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * Self-signed RS256 JWTs made from a Google service-account key file, with the claims the DSS
 * expects: {@code iss = sub = email = client_email}, the audience, an hour of validity, the scopes
 * {@code email openid offline_access} and the HCA group and email claims. A token is reused until it
 * is within a minute of expiry.
 */
final class ServiceAccountJwt {

  static final Duration LIFETIME = Duration.ofSeconds(3600);
  static final Duration RENEW_BEFORE = Duration.ofSeconds(60);
  static final String GROUP_CLAIM = "https://auth.data.humancellatlas.org/group";
  static final String EMAIL_CLAIM = "https://auth.data.humancellatlas.org/email";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final Path file;
  private final String clientEmail;
  private final String keyId;
  private final PrivateKey key;
  private final String audience;
  private final Clock clock;
  private String token;
  private long expiresAt;

  private ServiceAccountJwt(
      Path file, String clientEmail, String keyId, PrivateKey key, String audience, Clock clock) {
    this.file = file;
    this.clientEmail = clientEmail;
    this.keyId = keyId;
    this.key = key;
    this.audience = audience;
    this.clock = clock;
  }

  /**
   * Reads a key file.
   *
   * @throws CredentialsException naming the file when it cannot be read or is not a service-account
   *     key with an RSA private key in PKCS#8 PEM
   */
  // the reason only: a parser's message could quote the key file's content
  private static String readProblem(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return "an I/O error";
  }

  static ServiceAccountJwt load(Path file, String audience, Clock clock) {
    JsonNode n;
    try {
      n = JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw bad(file, e instanceof com.fasterxml.jackson.core.JsonProcessingException
          ? "not JSON" : "cannot be read (" + readProblem(e) + ")", e);
    }
    String email = text(n, "client_email");
    String keyId = text(n, "private_key_id");
    String pem = text(n, "private_key");
    if (email == null || keyId == null || pem == null) {
      throw bad(file, "not a service-account key file (needs client_email, private_key_id and private_key)", null);
    }
    return new ServiceAccountJwt(file, email, keyId, privateKey(file, pem), audience, clock);
  }

  private static PrivateKey privateKey(Path file, String pem) {
    String base64 =
        pem.replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s+", "");
    try {
      byte[] der = Base64.getDecoder().decode(base64);
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw bad(file, "private_key is not an RSA key in PKCS#8 PEM", e);
    }
  }

  private static CredentialsException bad(Path file, String problem, Exception cause) {
    return new CredentialsException("service-account key file " + file + ": " + problem, cause);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    return v != null && v.isTextual() && !v.textValue().isBlank() ? v.textValue() : null;
  }

  /** The key file this was read from. */
  Path file() {
    return file;
  }

  /** The service account's email. */
  String clientEmail() {
    return clientEmail;
  }

  /** A token valid for at least another minute. */
  synchronized String token() {
    long now = clock.instant().getEpochSecond();
    if (token == null || now + RENEW_BEFORE.toSeconds() >= expiresAt) {
      expiresAt = now + LIFETIME.toSeconds();
      token = sign(now, expiresAt);
    }
    return token;
  }

  private String sign(long iat, long exp) {
    ObjectNode header = JSON.createObjectNode();
    header.put("alg", "RS256");
    header.put("typ", "JWT");
    header.put("kid", keyId);
    ObjectNode claims = JSON.createObjectNode();
    claims.put("iss", clientEmail);
    claims.put("sub", clientEmail);
    claims.put("email", clientEmail);
    claims.put("aud", audience);
    claims.put("iat", iat);
    claims.put("exp", exp);
    claims.putArray("scope").add("email").add("openid").add("offline_access");
    claims.put(GROUP_CLAIM, "hca");
    claims.put(EMAIL_CLAIM, clientEmail);
    try {
      String signed = B64.encodeToString(JSON.writeValueAsBytes(header)) + "."
          + B64.encodeToString(JSON.writeValueAsBytes(claims));
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key);
      s.update(signed.getBytes(StandardCharsets.US_ASCII));
      return signed + "." + B64.encodeToString(s.sign());
    } catch (IOException | GeneralSecurityException e) {
      throw new CredentialsException("service-account key file " + file + ": cannot sign a token", e);
    }
  }

  @Override
  public String toString() {
    return "ServiceAccountJwt[" + clientEmail + " from " + file + "]";
  }
}
