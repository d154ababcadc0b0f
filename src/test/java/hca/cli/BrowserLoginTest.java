package hca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import hca.dss.DssVersion;
import hca.localdss.Seeder;
import hca.testing.LocalDssExtension;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hca dss login} through a browser against the local DSS as the sign-in provider: consent in
 * headless Chromium, refusal, a forged redirect, a timeout, and logout's revocation.
 */
class BrowserLoginTest {

  @RegisterExtension static LocalDssExtension dss = LocalDssExtension.seededWithExample();

  @TempDir Path tmp;

  private CliRunner cli() throws Exception {
    return new CliRunner(tmp.resolve("home"), dss.api());
  }

  /**
   * Headless Chromium loads the consent page; its {@code #approve} fragment makes the page click
   * its own Approve button, so the real form is posted and the redirect followed by the browser.
   */
  private String chromiumApproves(URI url) throws Exception {
    Path chromium = Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser")
        .map(Path::of).filter(Files::isExecutable).findFirst()
        .orElseThrow(() -> new AssertionError("chromium is not installed (apt-get install chromium)"));
    Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run",
        "--user-data-dir=" + tmp.resolve("chromium"), "--virtual-time-budget=10000", "--dump-dom",
        url + "#approve")
        .redirectError(tmp.resolve("chromium.log").toFile())
        .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(tmp.resolve("chromium.log"))).isZero();
    return new String(out, StandardCharsets.UTF_8);
  }

  private static String[] putCollection(String uuid) {
    String link = "{\"type\": \"bundle\", \"uuid\": \"" + Seeder.EXAMPLE_BUNDLE_UUID + "\", \"version\": \""
        + Seeder.EXAMPLE_BUNDLE_VERSION + "\"}";
    return new String[] {"dss", "put-collection", "--uuid", uuid, "--version", DssVersion.now(),
        "--replica", "aws", "--name", "signed-in", "--description", "made after a browser sign-in",
        "--details", "{}", "--contents", link};
  }

  @Test
  void consentInChromiumStoresATokenThatWritesACollection() throws Exception {
    CliRunner hca = cli();
    LoginFlow login = LoginFlow.start(hca);
    assertThat(login.url.toString()).startsWith(dss.dss().apiOrigin() + "/internal/oauth/authorize?client_id=hca-cli&redirect_uri=http%3A%2F%2F127.0.0.1%3A");
    Map<String, String> q = LoginFlow.query(login.url);
    assertThat(q).containsEntry("response_type", "code").containsEntry("scope", "openid email offline_access")
        .containsEntry("code_challenge_method", "S256").containsKeys("state", "code_challenge");

    String dom = chromiumApproves(login.url);
    CliRunner.Result r = login.finish();
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(dom).contains("You may close this window.");
    Path config = hca.home().resolve(".config/hca/config.json");
    assertThat(r.stderr()).endsWith("Storing access credentials in " + config + "\n");
    assertThat(Files.getPosixFilePermissions(config))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    JsonNode token = LoginFlow.config(hca).get("oauth2_token");
    assertThat(token.get("refresh_token").asText()).isNotEmpty();
    assertThat(token.get("expires_at").asLong()).isBetween(Instant.now().getEpochSecond() + 3500, Instant.now().getEpochSecond() + 3600);
    assertThat(LoginFlow.config(hca).at("/application_secrets/installed/token_uri").asText())
        .isEqualTo(dss.dss().apiOrigin() + "/internal/oauth/token");

    String uuid = UUID.randomUUID().toString();
    CliRunner.Result put = hca.dss(putCollection(uuid));
    assertThat(put.code()).as(put.toString()).isZero();
    assertThat(put.json().get("uuid").asText()).isEqualTo(uuid);
    CliRunner.Result got = hca.dss("dss", "get-collection", "--uuid", uuid, "--replica", "aws");
    assertThat(got.json().get("name").asText()).isEqualTo("signed-in");
    // an hour-long token is used as stored, not refreshed
    assertThat(LoginFlow.config(hca).get("oauth2_token")).isEqualTo(token);
  }

  @Test
  void deniedConsentEndsWithExitSixAndStoresNothing() throws Exception {
    CliRunner hca = cli();
    LoginFlow login = LoginFlow.start(hca);
    assertThat(login.consentPage())
        .contains("<h1>Sign in to the local DSS as <span id=\"who\">local-user@hca-local.iam.gserviceaccount.com</span></h1>")
        .contains("value=\"approve\"").contains("value=\"deny\"");
    URI redirect = login.decide("deny", "someone@example.org");
    assertThat(LoginFlow.query(redirect)).containsEntry("error", "access_denied").doesNotContainKey("code");
    assertThat(LoginFlow.follow(redirect)).contains("You may close this window.");
    CliRunner.Result r = login.finish();
    assertThat(r.code()).isEqualTo(ExitCodes.CREDENTIALS);
    assertThat(r.stderr().lines().reduce((a, b) -> b).orElseThrow()).isEqualTo("hca: Sign-in was refused: access_denied");
    assertThat(LoginFlow.config(hca).has("oauth2_token")).isFalse();
  }

  @Test
  void aRedirectWithAnotherStateIsRefusedAndStoresNothing() throws Exception {
    CliRunner hca = cli();
    LoginFlow login = LoginFlow.start(hca);
    URI redirect = login.decide("approve", "someone@example.org");
    String state = LoginFlow.query(redirect).get("state");
    assertThat(state).isEqualTo(LoginFlow.query(login.url).get("state"));
    LoginFlow.follow(URI.create(redirect.toString().replace("state=" + state, "state=forged")));
    CliRunner.Result r = login.finish();
    assertThat(r.code()).isEqualTo(ExitCodes.CREDENTIALS);
    assertThat(r.stderr().lines().reduce((a, b) -> b).orElseThrow())
        .isEqualTo("hca: Sign-in failed: the redirect's state does not match this login's (a stale or forged redirect)");
    assertThat(LoginFlow.config(hca).has("oauth2_token")).isFalse();
  }

  @Test
  void withoutADisplayTheUrlIsOnlyPrintedAndNoAnswerWithinTheTimeoutEndsWithExitSix() throws Exception {
    CliRunner hca = cli().env("DISPLAY", null).env("WAYLAND_DISPLAY", null);
    LoginFlow login = LoginFlow.startLogin(hca, "--timeout", "2"); // no --no-browser: no display decides
    CliRunner.Result r = login.finish();
    assertThat(r.code()).isEqualTo(ExitCodes.CREDENTIALS);
    assertThat(r.stderr().lines().toList())
        .containsExactly(LoginFlow.PROMPT + login.url, "hca: Sign-in timed out: no answer from the browser within 2 s");
    assertThat(LoginFlow.config(hca).has("oauth2_token")).isFalse();
  }

  @Test
  void logoutRevokesTheRefreshToken() throws Exception {
    CliRunner hca = cli();
    LoginFlow login = LoginFlow.start(hca);
    LoginFlow.follow(login.decide("approve", "someone@example.org"));
    assertThat(login.finish().code()).isZero();
    String refresh = LoginFlow.config(hca).at("/oauth2_token/refresh_token").asText();

    CliRunner.Result out = hca.dss("dss", "logout");
    assertThat(out.code()).as(out.toString()).isZero();
    assertThat(out.stderr()).isEmpty();
    assertThat(LoginFlow.config(hca).has("oauth2_token")).isFalse();
    HttpResponse<String> refused = login.refreshAt(refresh);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(CliRunner.json(refused.body().getBytes(StandardCharsets.UTF_8)).get("error").asText())
        .isEqualTo("invalid_grant");
  }

  @Test
  void logoutForgetsTheTokenEvenWhenRevokingFailsAndSaysSo() throws Exception {
    CliRunner hca = cli();
    LoginFlow login = LoginFlow.start(hca);
    LoginFlow.follow(login.decide("approve", "someone@example.org"));
    assertThat(login.finish().code()).isZero();
    String refresh = LoginFlow.config(hca).at("/oauth2_token/refresh_token").asText();
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    assertThat(hca.run("config", "set", "application_secrets.installed.revoke_uri",
        "http://127.0.0.1:" + closedPort + "/revoke").code()).isZero();

    CliRunner.Result out = hca.dss("dss", "logout");
    assertThat(out.code()).isZero();
    assertThat(out.stderr().strip()).startsWith("hca: warning: the refresh token was not revoked: cannot reach 127.0.0.1:" + closedPort);
    assertThat(LoginFlow.config(hca).has("oauth2_token")).isFalse();
    assertThat(login.refreshAt(refresh).statusCode()).isEqualTo(200); // it was indeed not revoked
  }
}
