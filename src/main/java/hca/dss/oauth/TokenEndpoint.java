package hca.dss.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hca.config.HcaConfig;
import hca.config.StoredToken;
import hca.dss.CredentialsException;
import hca.dss.DssUnreachableException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The sign-in provider's token and revocation endpoints: exchanges an authorization code, refreshes
 * an access token, revokes a refresh token. Plain http goes only to loopback unless allowed.
 */
public final class TokenEndpoint {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(40);

  private final ClientSecrets client;
  private final boolean allowInsecureHttp;
  private final Clock clock;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(20))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  public TokenEndpoint(ClientSecrets client, boolean allowInsecureHttp, Clock clock) {
    this.client = client;
    this.allowInsecureHttp = allowInsecureHttp;
    this.clock = clock;
  }

  /** The {@code authorization_code} grant with the PKCE verifier. */
  public StoredToken exchange(String code, String redirectUri, String codeVerifier) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("grant_type", "authorization_code");
    f.put("code", code);
    f.put("redirect_uri", redirectUri);
    f.put("code_verifier", codeVerifier);
    return token(f, "the authorization code", null);
  }

  /** The {@code refresh_token} grant; a provider that sends no new refresh token keeps the old one valid. */
  public StoredToken refresh(String refreshToken) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("grant_type", "refresh_token");
    f.put("refresh_token", refreshToken);
    return token(f, "the refresh token", refreshToken);
  }

  /**
   * Revokes a refresh token (RFC 7009).
   *
   * @return false when the provider has no revocation endpoint
   * @throws CredentialsException when the provider refuses
   */
  public boolean revoke(String refreshToken) {
    if (client.revokeUri() == null) {
      return false;
    }
    Map<String, String> f = new LinkedHashMap<>();
    f.put("token", refreshToken);
    f.put("token_type_hint", "refresh_token");
    HttpResponse<byte[]> r = post(client.revokeUri(), f);
    if (r.statusCode() != 200) {
      throw new CredentialsException(
          "The sign-in provider refused to revoke the refresh token (HTTP " + r.statusCode() + ")");
    }
    return true;
  }

  private StoredToken token(Map<String, String> form, String what, String oldRefresh) {
    HttpResponse<byte[]> r = post(client.tokenUri(), form);
    JsonNode b;
    try {
      b = JSON.readTree(r.body());
    } catch (IOException e) {
      b = JSON.createObjectNode();
    }
    if (r.statusCode() != 200 || !b.path("access_token").isTextual()) {
      String error = b.path("error").asText("");
      throw new CredentialsException(
          "The sign-in provider refused " + what + ": "
              + (error.isEmpty() ? "HTTP " + r.statusCode() : error + " (HTTP " + r.statusCode() + ")"));
    }
    long expiresAt =
        b.has("expires_in")
            ? clock.instant().getEpochSecond() + b.path("expires_in").asLong()
            : StoredToken.UNKNOWN_EXPIRY;
    return new StoredToken(
        b.get("access_token").textValue(), b.path("refresh_token").asText(oldRefresh),
        b.path("id_token").asText(null), expiresAt, b.path("token_type").asText("Bearer"));
  }

  private HttpResponse<byte[]> post(URI uri, Map<String, String> form) {
    if (!HcaConfig.httpAllowed(uri, allowInsecureHttp)) {
      throw new CredentialsException(
          "Not sending credentials over plain http to " + uri.getHost() + " (set allow_insecure_http to allow it)");
    }
    Map<String, String> all = new LinkedHashMap<>(form);
    all.put("client_id", client.clientId());
    if (client.clientSecret() != null) {
      all.put("client_secret", client.clientSecret());
    }
    StringJoiner body = new StringJoiner("&");
    all.forEach((k, v) -> body.add(enc(k) + "=" + enc(v)));
    HttpRequest req =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new DssUnreachableException(uri, 1, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CredentialsException("interrupted while talking to the sign-in provider", e);
    }
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
