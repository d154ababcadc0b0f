package hca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import hca.dss.DssVersion;
import hca.localdss.Seeder;
import hca.testing.LocalDssExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A browser sign-in's token that has expired is refreshed before a request, and the pair rotated. */
class TokenRefreshTest {

  @RegisterExtension
  static LocalDssExtension dss =
      new LocalDssExtension(o -> o.withSeeds(List.of("example")).withSignInTokenLifetime(Duration.ofSeconds(2)));

  @TempDir Path tmp;

  /** Waits, up to 10 s, until the clock has passed {@code epochSecond}. */
  private static void awaitPast(long epochSecond) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (Instant.now().getEpochSecond() <= epochSecond) {
      assertThat(System.nanoTime()).as("the clock passing %d", epochSecond).isLessThan(deadline);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  @Test
  void anExpiredTokenIsRefreshedBeforeARequestAndTheOldRefreshTokenIsSpent() throws Exception {
    CliRunner hca = new CliRunner(tmp.resolve("home"), dss.api());
    LoginFlow login = LoginFlow.start(hca);
    LoginFlow.follow(login.decide("approve", "someone@example.org"));
    CliRunner.Result in = login.finish();
    assertThat(in.code()).as(in.toString()).isZero();
    JsonNode first = LoginFlow.config(hca).get("oauth2_token");
    assertThat(first.get("expires_at").asLong()).isLessThanOrEqualTo(Instant.now().getEpochSecond() + 2);
    awaitPast(first.get("expires_at").asLong());

    String uuid = UUID.randomUUID().toString();
    String link = "{\"type\": \"bundle\", \"uuid\": \"" + Seeder.EXAMPLE_BUNDLE_UUID + "\", \"version\": \""
        + Seeder.EXAMPLE_BUNDLE_VERSION + "\"}";
    CliRunner.Result put = hca.dss("dss", "put-collection", "--uuid", uuid, "--version", DssVersion.now(),
        "--replica", "aws", "--name", "refreshed", "--description", "after expiry", "--details", "{}",
        "--contents", link);
    assertThat(put.code()).as(put.toString()).isZero();
    assertThat(put.json().get("uuid").asText()).isEqualTo(uuid);

    JsonNode second = LoginFlow.config(hca).get("oauth2_token");
    assertThat(second.get("access_token").asText()).isNotEqualTo(first.get("access_token").asText());
    assertThat(second.get("refresh_token").asText()).isNotEqualTo(first.get("refresh_token").asText());
    assertThat(second.get("expires_at").asLong()).isGreaterThan(first.get("expires_at").asLong());
    HttpResponse<String> spent = login.refreshAt(first.get("refresh_token").asText());
    assertThat(spent.statusCode()).isEqualTo(400);
    assertThat(CliRunner.json(spent.body().getBytes(StandardCharsets.UTF_8)).get("error").asText())
        .isEqualTo("invalid_grant");
  }

  @Test
  void aRevokedRefreshTokenEndsAnExpiredSessionWithExitSix() throws Exception {
    CliRunner hca = new CliRunner(tmp.resolve("home"), dss.api());
    LoginFlow login = LoginFlow.start(hca);
    LoginFlow.follow(login.decide("approve", "someone@example.org"));
    assertThat(login.finish().code()).isZero();
    JsonNode token = LoginFlow.config(hca).get("oauth2_token");
    // spend the refresh token elsewhere, as a second client holding a copy would
    assertThat(login.refreshAt(token.get("refresh_token").asText()).statusCode()).isEqualTo(200);
    awaitPast(token.get("expires_at").asLong());

    CliRunner.Result list = hca.dss("dss", "get-collections");
    assertThat(list.code()).isEqualTo(ExitCodes.CREDENTIALS);
    assertThat(list.stderr().strip())
        .isEqualTo("hca: The sign-in provider refused the refresh token: invalid_grant (HTTP 400); please log in: "
            + "run \"hca dss login\" (or \"hca dss login --access-token TOKEN\") or set GOOGLE_APPLICATION_CREDENTIALS "
            + "to a service-account key file");
  }
}
