package hca.localdss.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hca.localdss.auth.SignInProvider;
import hca.testing.LocalDssExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The local DSS as a sign-in provider, spoken to over HTTP as an installed app would. */
class SignInApiTest {

  @RegisterExtension static LocalDssExtension dss = new LocalDssExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String REDIRECT = "http://127.0.0.1:9/";
  private static final String VERIFIER = "a-verifier-of-enough-length-0123456789-abcdefghijklmnop";

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(dss.dss().apiOrigin() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
    StringJoiner b = new StringJoiner("&");
    form.forEach((k, v) -> b.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(dss.dss().apiOrigin() + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(b.toString())).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Consents as the form would and returns the code from the redirect. */
  private static String code(String redirect) throws Exception {
    return code(redirect, "someone@example.org");
  }

  private static String code(String redirect, String email) throws Exception {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("client_id", SignInProvider.CLIENT_ID);
    f.put("redirect_uri", redirect);
    f.put("state", "s1");
    f.put("scope", "openid email offline_access");
    f.put("code_challenge", SignInProvider.challengeOf(VERIFIER));
    f.put("code_challenge_method", "S256");
    f.put("email", email);
    f.put("decision", "approve");
    HttpResponse<String> r = post("/internal/oauth/authorize", f);
    assertThat(r.statusCode()).isEqualTo(303);
    String location = r.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(redirect + "?code=").endsWith("&state=s1");
    return location.substring((redirect + "?code=").length(), location.indexOf("&state="));
  }

  private static HttpResponse<String> exchange(String code, String verifier) throws Exception {
    return post("/internal/oauth/token", Map.of("grant_type", "authorization_code", "client_id", "hca-cli",
        "code", code, "redirect_uri", REDIRECT, "code_verifier", verifier));
  }

  private static String error(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    return JSON.readTree(r.body()).get("error").asText();
  }

  @Test
  void applicationSecretsHaveTheInstalledAppShapeAndEndpointsJsonNamesTheUrls() throws Exception {
    HttpResponse<String> r = get("/internal/application_secrets");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode i = JSON.readTree(r.body()).get("installed");
    String origin = dss.dss().apiOrigin();
    assertThat(i.get("client_id").asText()).isEqualTo("hca-cli");
    assertThat(i.get("auth_uri").asText()).isEqualTo(origin + "/internal/oauth/authorize");
    assertThat(i.get("token_uri").asText()).isEqualTo(origin + "/internal/oauth/token");
    assertThat(i.get("revoke_uri").asText()).isEqualTo(origin + "/internal/oauth/revoke");
    assertThat(i.get("redirect_uris").toString()).isEqualTo("[\"http://127.0.0.1\"]");
    JsonNode endpoints = JSON.readTree(Files.readAllBytes(dss.dataDir().resolve("endpoints.json"))).get("sign_in");
    assertThat(endpoints.get("token_endpoint").asText()).isEqualTo(i.get("token_uri").asText());
    assertThat(endpoints.get("revocation_endpoint").asText()).isEqualTo(i.get("revoke_uri").asText());
    assertThat(endpoints.get("application_secrets").asText()).isEqualTo(origin + "/internal/application_secrets");
  }

  @Test
  void aCodeIsExchangedOnceAndOnlyWithItsVerifierForAnHourLongJwt() throws Exception {
    String code = code(REDIRECT);
    assertThat(error(exchange(code, VERIFIER + "x"))).isEqualTo("invalid_grant");
    // a wrong verifier spends the code: it cannot be retried with the right one
    assertThat(error(exchange(code, VERIFIER))).isEqualTo("invalid_grant");

    String second = code(REDIRECT);
    HttpResponse<String> ok = exchange(second, VERIFIER);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode t = JSON.readTree(ok.body());
    assertThat(t.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(t.get("expires_in").asLong()).isEqualTo(3600);
    JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(t.get("access_token").asText().split("\\.")[1]));
    assertThat(claims.get("sub").asText()).isEqualTo("someone@example.org");
    assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(3600);
    assertThat(claims.get("iat").asLong()).isLessThanOrEqualTo(Instant.now().getEpochSecond());
    assertThat(error(exchange(second, VERIFIER))).isEqualTo("invalid_grant");

    HttpResponse<String> whoami = HTTP.send(
        HttpRequest.newBuilder(URI.create(dss.api() + "/collections"))
            .header("Authorization", "Bearer " + t.get("access_token").asText()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(whoami.statusCode()).as(whoami.body()).isEqualTo(200);
  }

  @Test
  void aRefreshTokenIsSpentByUseAndByRevocation() throws Exception {
    JsonNode t = JSON.readTree(exchange(code(REDIRECT), VERIFIER).body());
    HttpResponse<String> refreshed = post("/internal/oauth/token",
        Map.of("grant_type", "refresh_token", "client_id", "hca-cli", "refresh_token", t.get("refresh_token").asText()));
    assertThat(refreshed.statusCode()).isEqualTo(200);
    String next = JSON.readTree(refreshed.body()).get("refresh_token").asText();
    assertThat(error(post("/internal/oauth/token", Map.of("grant_type", "refresh_token", "client_id", "hca-cli",
        "refresh_token", t.get("refresh_token").asText())))).isEqualTo("invalid_grant");

    assertThat(post("/internal/oauth/revoke", Map.of("token", next, "client_id", "hca-cli")).statusCode()).isEqualTo(200);
    assertThat(error(post("/internal/oauth/token", Map.of("grant_type", "refresh_token", "client_id", "hca-cli",
        "refresh_token", next)))).isEqualTo("invalid_grant");
    // RFC 7009: an unknown token is revoked without complaint
    assertThat(post("/internal/oauth/revoke", Map.of("token", "unknown")).statusCode()).isEqualTo(200);
  }

  @Test
  void aRedirectOffLoopbackOrAnUnknownClientGetsAPageNotARedirect() throws Exception {
    String challenge = SignInProvider.challengeOf(VERIFIER);
    HttpResponse<String> elsewhere = get("/internal/oauth/authorize?client_id=hca-cli&response_type=code"
        + "&redirect_uri=" + URLEncoder.encode("https://attacker.example/cb", StandardCharsets.UTF_8)
        + "&code_challenge=" + challenge + "&code_challenge_method=S256&state=x");
    assertThat(elsewhere.statusCode()).isEqualTo(400);
    assertThat(elsewhere.headers().firstValue("Location")).isEmpty();
    assertThat(elsewhere.body()).contains("redirect_uri must be a loopback http address: https://attacker.example/cb");

    HttpResponse<String> stranger = get("/internal/oauth/authorize?client_id=other&response_type=code"
        + "&redirect_uri=" + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8));
    assertThat(stranger.statusCode()).isEqualTo(400);
    assertThat(stranger.body()).contains("Unknown client_id: other");

    HttpResponse<String> noPkce = get("/internal/oauth/authorize?client_id=hca-cli&response_type=code&state=x"
        + "&redirect_uri=" + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8));
    assertThat(noPkce.statusCode()).isEqualTo(303);
    assertThat(noPkce.headers().firstValue("Location").orElseThrow())
        .isEqualTo(REDIRECT + "?error=invalid_request&error_description=PKCE%20S256%20is%20required&state=x");
  }

  @Test
  void aLifetimeOverAnHourIsRefusedAtStart() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new SignInProvider("http://127.0.0.1/", Duration.ofHours(2), java.time.Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token lifetime must be between 1 s and 1 h: PT2H");
  }

  @Test
  void aSignedInUserIsNoAdminEvenUnderTheAdminsEmail() throws Exception {
    String admin = dss.dss().userKey().clientEmail();
    String token = JSON.readTree(exchange(code(REDIRECT, admin), VERIFIER).body()).get("access_token").asText();
    java.util.function.Function<String, HttpResponse<String>> delete = bearer -> {
      try {
        return HTTP.send(
            HttpRequest.newBuilder(URI.create(dss.api() + "/bundles/" + java.util.UUID.randomUUID() + "?replica=aws"))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"reason\": \"x\"}")).build(),
            HttpResponse.BodyHandlers.ofString());
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    };
    HttpResponse<String> refused = delete.apply(token);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(refused.body()).get("title").asText()).isEqualTo("You can't delete bundles with these credentials!");
    assertThat(delete.apply(dss.token()).statusCode()).isEqualTo(404); // the key holder is past the check
  }

  @Test
  void theConsentPageCannotBeFramed() throws Exception {
    HttpResponse<String> page = get("/internal/oauth/authorize?client_id=hca-cli&response_type=code&state=x"
        + "&redirect_uri=" + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8)
        + "&code_challenge=" + SignInProvider.challengeOf(VERIFIER) + "&code_challenge_method=S256");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue("frame-ancestors 'none'");
    assertThat(page.body()).contains("<input type=\"hidden\" name=\"state\" value=\"x\">");
  }
}
