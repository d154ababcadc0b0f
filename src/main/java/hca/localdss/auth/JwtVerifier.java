package hca.localdss.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hca.localdss.api.DssException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies {@code Authorization: Bearer <JWT>} as the real DSS did: RS256 only; the issuer must be
 * a trusted service account with {@code iss == sub}; the key is chosen by {@code kid}; audience,
 * expiry, issue time and a lifetime of at most an hour are checked; the caller's email and group come from the HCA claims.
 * Tokens of a trusted sign-in provider ({@link #trustSignIn}) name the user as {@code sub} instead.
 */
public final class JwtVerifier {

  public static final String EMAIL_CLAIM = "https://auth.data.humancellatlas.org/email";
  public static final String GROUP_CLAIM = "https://auth.data.humancellatlas.org/group";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long LEEWAY_SECONDS = 30;
  /** How far ahead of this server's clock a token's issue time may be. */
  private static final long MAX_CLOCK_SKEW_SECONDS = 60;
  /** The longest lifetime Google's token endpoint accepts for a service account's assertion. */
  private static final long MAX_LIFETIME_SECONDS = 3600;

  /** Trusted keys: issuer (service-account email) → key id → key. */
  private final Map<String, Map<String, ServiceAccountKey>> trusted = new ConcurrentHashMap<>();

  /** Issuers that sign users in: their tokens' {@code sub} is the user, not the issuer. */
  private final Set<String> signInIssuers = ConcurrentHashMap.newKeySet();

  private final Set<String> audiences;
  private final Clock clock;

  public JwtVerifier(Collection<ServiceAccountKey> keys, Set<String> audiences, Clock clock) {
    keys.forEach(this::trust);
    this.audiences = Set.copyOf(audiences);
    this.clock = clock;
  }

  public void trust(ServiceAccountKey k) {
    trusted.computeIfAbsent(k.clientEmail(), e -> new ConcurrentHashMap<>()).put(k.keyId(), k);
  }

  /** Trusts a sign-in provider's key: its tokens may name any user as their subject. */
  public void trustSignIn(ServiceAccountKey k) {
    trust(k);
    signInIssuers.add(k.clientEmail());
  }

  /** Verifies the header value and returns the caller; throws the DSS's 401/403 otherwise. */
  public Principal verify(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw new DssException(401, "Unauthorized", "No authorization token provided");
    }
    String[] parts = authorization.trim().split("\\s+");
    if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
      throw new DssException(401, "Unauthorized", "Invalid authorization header");
    }
    String[] jwt = parts[1].split("\\.", -1);
    JsonNode header;
    JsonNode claims;
    byte[] signature;
    try {
      if (jwt.length != 3) {
        throw new IllegalArgumentException("not three parts");
      }
      header = JSON.readTree(Base64.getUrlDecoder().decode(jwt[0]));
      claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt[1]));
      signature = Base64.getUrlDecoder().decode(jwt[2]);
      if (!header.isObject() || !claims.isObject()) {
        throw new IllegalArgumentException("not JSON objects");
      }
    } catch (Exception e) {
      throw new DssException(401, "Unauthorized", "Failed to decode token.");
    }
    String iss = claims.path("iss").asText("");
    Map<String, ServiceAccountKey> keys = trusted.get(iss);
    if (keys == null
        || (!signInIssuers.contains(iss) && !iss.equals(claims.path("sub").asText("")))) {
      throw new DssException(403, "Forbidden", "User is not authorized to access this resource");
    }
    ServiceAccountKey key = keys.get(header.path("kid").asText(""));
    if (key == null
        || !"RS256".equals(header.path("alg").asText())
        || !signatureValid(key, jwt[0] + "." + jwt[1], signature)
        || !audienceValid(claims.get("aud"))) {
      throw new DssException(401, "Unauthorized", "Authorization token is invalid");
    }
    checkTimes(claims);
    String email = claims.path(EMAIL_CLAIM).asText(claims.path("email").asText(""));
    if (email.isEmpty()) {
      throw new DssException(401, "Unauthorized", "Authorization token is missing email claims.");
    }
    return new Principal(email, claims.path(GROUP_CLAIM).asText(null), iss);
  }

  private static boolean signatureValid(ServiceAccountKey key, String signed, byte[] sig) {
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initVerify(key.publicKey());
      s.update(signed.getBytes(StandardCharsets.US_ASCII));
      return s.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private boolean audienceValid(JsonNode aud) {
    if (aud == null) {
      return false;
    }
    List<JsonNode> values = aud.isArray() ? List.copyOf(toList(aud)) : List.of(aud);
    return values.stream().anyMatch(v -> audiences.contains(v.asText()));
  }

  private static List<JsonNode> toList(JsonNode arr) {
    java.util.ArrayList<JsonNode> l = new java.util.ArrayList<>();
    arr.forEach(l::add);
    return l;
  }

  /**
   * Expiry and issue time as Google's token endpoint checks them: an {@code exp}, not past; an
   * {@code iat} at most a minute ahead; at most an hour between the two. A token without
   * {@code iat} may not run for more than an hour from now.
   */
  private void checkTimes(JsonNode claims) {
    long now = clock.instant().getEpochSecond();
    JsonNode exp = claims.get("exp");
    if (exp == null || !exp.isNumber()) {
      throw unauthorized("Authorization token has no exp (expiry) claim");
    }
    if (exp.asLong() + LEEWAY_SECONDS < now) {
      throw unauthorized("Authorization token is invalid");
    }
    JsonNode nbf = claims.get("nbf");
    if (nbf != null && nbf.asLong() - LEEWAY_SECONDS > now) {
      throw unauthorized("Authorization token is invalid");
    }
    JsonNode iat = claims.get("iat");
    if (iat != null && !iat.isNumber()) {
      throw unauthorized("Authorization token has an iat (issued at) claim that is not a number");
    }
    if (iat != null && iat.asLong() > now + MAX_CLOCK_SKEW_SECONDS) {
      throw unauthorized(
          "Authorization token is issued in the future (iat more than "
              + MAX_CLOCK_SKEW_SECONDS + " s ahead of the server's clock)");
    }
    long start = iat != null ? iat.asLong() : now;
    if (exp.asLong() - start > MAX_LIFETIME_SECONDS + (iat != null ? 0 : MAX_CLOCK_SKEW_SECONDS)) {
      throw unauthorized("Authorization token lives longer than one hour (exp - iat > 3600 s)");
    }
  }

  private static DssException unauthorized(String title) {
    return new DssException(401, "Unauthorized", title);
  }
}
