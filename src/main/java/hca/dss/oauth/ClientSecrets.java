package hca.dss.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hca.config.HcaConfig;
import hca.dss.CredentialsException;
import hca.dss.DssUnreachableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * An OAuth client configuration in Google's client-secrets JSON shape ({@code {"installed": {...}}}
 * or {@code {"web": {...}}}), as the DSS serves it at {@code /internal/application_secrets} and
 * the config keeps it under {@code application_secrets}.
 *
 * @param clientId the client's id
 * @param clientSecret the installed app's (not secret) secret, or null for a public client
 * @param authUri where the user consents
 * @param tokenUri where codes and refresh tokens are exchanged
 * @param revokeUri where a token is revoked (RFC 7009), or null
 */
public record ClientSecrets(
    String clientId, String clientSecret, URI authUri, URI tokenUri, URI revokeUri) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Reads the JSON; {@code source} names where it came from in the one-line error.
   *
   * @throws CredentialsException when it lacks {@code client_id}, {@code auth_uri} or {@code token_uri}
   */
  public static ClientSecrets fromJson(JsonNode n, String source) {
    JsonNode c = n.has("installed") ? n.get("installed") : n.path("web");
    String id = c.path("client_id").asText("");
    String auth = c.path("auth_uri").asText("");
    String token = c.path("token_uri").asText("");
    if (id.isEmpty() || auth.isEmpty() || token.isEmpty()) {
      throw new CredentialsException(
          source + " is not an OAuth client configuration (needs installed.client_id, auth_uri and token_uri)");
    }
    try {
      String revoke = c.path("revoke_uri").asText("");
      return new ClientSecrets(
          id, c.path("client_secret").asText(null), URI.create(auth), URI.create(token),
          revoke.isEmpty() ? null : URI.create(revoke));
    } catch (IllegalArgumentException e) {
      throw new CredentialsException(source + " has an endpoint that is not a URL: " + e.getMessage());
    }
  }

  /**
   * Fetches the client configuration a DSS serves at {@code /internal/application_secrets}.
   *
   * @param dssOrigin {@code scheme://host[:port]} of the DSS (its spec's host)
   * @return the JSON, to keep in the configuration
   * @throws CredentialsException when the DSS serves none
   * @throws DssUnreachableException when the DSS cannot be reached
   */
  public static JsonNode fetch(URI dssOrigin, boolean allowInsecureHttp) {
    URI uri = dssOrigin.resolve("/internal/application_secrets");
    if (!HcaConfig.httpAllowed(uri, allowInsecureHttp)) {
      throw new CredentialsException(
          "Not fetching the sign-in configuration over plain http from " + uri.getHost()
              + " (set allow_insecure_http to allow it)");
    }
    HttpClient http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<byte[]> r;
    try {
      r = http.send(
          HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(40)).header("Accept", "application/json").build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new DssUnreachableException(uri, 1, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CredentialsException("interrupted while fetching " + uri, e);
    }
    if (r.statusCode() != 200) {
      throw new CredentialsException(
          uri + " serves no sign-in configuration (HTTP " + r.statusCode()
              + "); set application_secrets in the configuration, or use --access-token");
    }
    try {
      JsonNode n = JSON.readTree(r.body());
      fromJson(n, uri.toString());
      return n;
    } catch (IOException e) {
      throw new CredentialsException(uri + " is not JSON: " + e.getMessage());
    }
  }

  /** Leaves out the secret. */
  @Override
  public String toString() {
    return "ClientSecrets[clientId=" + clientId + ", tokenUri=" + tokenUri + "]";
  }
}
