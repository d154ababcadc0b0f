package hca.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The OAuth2 token that {@code hca dss login} keeps under the config key {@code oauth2_token}:
 * {@code {access_token, refresh_token?, id_token?, expires_at, token_type}}.
 *
 * @param accessToken the bearer token sent to the DSS
 * @param refreshToken the token to get a new access token with, or null
 * @param idToken the OpenID Connect id token, or null
 * @param expiresAt when the access token expires, in seconds since 1970, or {@link #UNKNOWN_EXPIRY}
 * @param tokenType the authorization scheme, normally {@code Bearer}
 */
public record StoredToken(
    String accessToken, String refreshToken, String idToken, long expiresAt, String tokenType) {

  /**
   * The expiry of a token given by hand ({@code login --access-token}); stored by the original as
   * "-1".
   */
  public static final long UNKNOWN_EXPIRY = -1;

  static final String KEY = "oauth2_token";

  public StoredToken {
    Objects.requireNonNull(accessToken, "accessToken");
    tokenType = tokenType == null ? "Bearer" : tokenType;
  }

  /** A token given by hand, with no refresh token and an unknown expiry. */
  public static StoredToken of(String accessToken) {
    return new StoredToken(accessToken, null, null, UNKNOWN_EXPIRY, "Bearer");
  }

  /** When the access token expires, if known. */
  public Optional<Instant> expiry() {
    return expiresAt < 0 ? Optional.empty() : Optional.of(Instant.ofEpochSecond(expiresAt));
  }

  /** Whether the expiry is known and falls within {@code margin} of {@code now} (or before). */
  public boolean expiresWithin(Duration margin, Instant now) {
    return expiry().map(at -> !now.plus(margin).isBefore(at)).orElse(false);
  }

  /** The JSON form stored in the config; absent optional fields are left out. */
  public ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("access_token", accessToken);
    if (refreshToken != null) {
      n.put("refresh_token", refreshToken);
    }
    if (idToken != null) {
      n.put("id_token", idToken);
    }
    n.put("expires_at", expiresAt);
    n.put("token_type", tokenType);
    return n;
  }

  /**
   * Reads the stored form. {@code expires_at} may be a number (fractions are dropped) or a numeric
   * string, as the original wrote {@code "-1"}. A missing or mistyped field is a {@link
   * ConfigException} charged to {@code source}; its message says what kind of value was found,
   * never the value, so that no part of a token reaches a terminal or a log.
   */
  static StoredToken fromJson(JsonNode n, String source) {
    if (!n.isObject()) {
      throw ConfigException.atKey(source, KEY, "must be an object, not " + ConfigException.kind(n));
    }
    JsonNode access = n.get("access_token");
    if (access == null || !access.isTextual() || access.textValue().isEmpty()) {
      throw ConfigException.atKey(
          source,
          KEY + ".access_token",
          "must be a non-empty string, not " + ConfigException.kind(access));
    }
    return new StoredToken(
        access.textValue(),
        optionalText(n, "refresh_token", source),
        optionalText(n, "id_token", source),
        expiresAt(n.get("expires_at"), source),
        optionalText(n, "token_type", source));
  }

  private static String optionalText(JsonNode n, String field, String source) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ConfigException.atKey(
          source, KEY + "." + field, "must be a string, not " + ConfigException.kind(v));
    }
    return v.textValue();
  }

  private static long expiresAt(JsonNode v, String source) {
    if (v == null || v.isNull()) {
      return UNKNOWN_EXPIRY;
    }
    try {
      BigDecimal seconds =
          v.isNumber()
              ? v.decimalValue()
              : v.isTextual() ? new BigDecimal(v.textValue().trim()) : null;
      if (seconds != null) {
        return seconds.setScale(0, RoundingMode.FLOOR).longValueExact();
      }
    } catch (ArithmeticException | NumberFormatException notSeconds) {
      // falls through to the error below
    }
    throw ConfigException.atKey(
        source,
        KEY + ".expires_at",
        "must be a number of seconds since 1970, not " + ConfigException.kind(v));
  }

  /** Shows which fields are present but never their values, so that a token cannot reach a log. */
  @Override
  public String toString() {
    return "StoredToken[tokenType="
        + tokenType
        + ", expiresAt="
        + expiresAt
        + ", refreshToken="
        + (refreshToken != null ? "present" : "absent")
        + ", idToken="
        + (idToken != null ? "present" : "absent")
        + "]";
  }
}
