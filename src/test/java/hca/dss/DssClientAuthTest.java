package hca.dss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hca.testing.LocalDssExtension;
import hca.testing.Staging;
import hca.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** Credentials as the local DSS sees them: accepted, missing, invalid, or not allowed. */
class DssClientAuthTest {

  @RegisterExtension static LocalDssExtension dss = new LocalDssExtension();

  static String source;

  @TempDir Path tmp;
  ClientFixture fixture;

  @BeforeAll
  static void staged() {
    try (S3Client s3 = Staging.s3(dss.dss())) {
      source = Staging.stage(s3, "auth/f", "authorised".getBytes(StandardCharsets.UTF_8), "text/plain");
    }
  }

  @BeforeEach
  void fixture() {
    fixture = new ClientFixture(tmp, dss.api() + "/swagger.json");
  }

  private static DssResponse putFile(DssClient client) {
    return client.putFile(UUID.randomUUID().toString(), DssVersion.now(), source, 3);
  }

  private static long apiRequests() {
    return ((Number) dss.dss().faults().counters().get("api_requests")).longValue();
  }

  @Test
  void aServiceAccountKeyFileSignsTokensTheServerAccepts() {
    fixture.env.put(Credentials.KEY_FILE_VARIABLE, dss.dss().userKeyFile().toString());
    assertThat(putFile(fixture.client()).status()).isEqualTo(201);
  }

  @Test
  void aTokenStoredByLoginIsUsedAndKeptInAnOwnerOnlyFile() throws Exception {
    DssClient client = fixture.client();
    client.login(dss.token());
    assertThat(putFile(client).status()).isEqualTo(201);
    Path file = client.config().writableFile();
    assertThat(Files.readString(file)).contains("oauth2_token");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(putFile(fixture.client()).status()).as("a new client reads the stored token").isEqualTo(201);
  }

  @Test
  void afterLogoutAnAuthenticatedCallAsksToLogInWithoutSendingAnything() throws Exception {
    DssClient client = fixture.client();
    client.login(dss.token());
    client.logout();
    assertThat(Files.readString(client.config().writableFile())).doesNotContain("oauth2_token");
    long sent = client.http().requestsSent();
    long served = apiRequests();
    assertThatThrownBy(() -> putFile(client))
        .isInstanceOf(CredentialsException.class)
        .hasMessage(Credentials.LOGIN_MESSAGE);
    assertThat(client.http().requestsSent()).isEqualTo(sent);
    assertThat(apiRequests()).isEqualTo(served);
  }

  @Test
  void anonymousOperationsNeedNoCredentials() {
    DssClient client = fixture.client();
    assertThatThrownBy(() -> client.getBundle(UUID.randomUUID().toString(), "aws", null))
        .isInstanceOfSatisfying(DssApiException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void aTokenTheServerCannotDecodeIsUnauthorized() {
    DssClient client = fixture.client();
    client.login("not-a-jwt");
    assertThatThrownBy(() -> putFile(client))
        .isInstanceOfSatisfying(DssApiException.class, e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.code()).isEqualTo("Unauthorized");
          assertThat(e).hasToString("Unauthorized: Failed to decode token. (HTTP 401)");
        });
  }

  @Test
  void aTokenOutsideTheHcaGroupIsForbiddenAndNeverShown() {
    String token = Tokens.mint(dss.dss().userKey(), c -> c.put("https://auth.data.humancellatlas.org/group", "public"));
    DssClient client = fixture.client();
    client.login(token);
    assertThatThrownBy(() -> putFile(client))
        .isInstanceOfSatisfying(DssApiException.class, e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.code()).isEqualTo("Forbidden");
          assertThat(e.getMessage()).doesNotContain(token);
        });
    assertThat(client.toString()).doesNotContain(token);
    assertThat(client.config().token().orElseThrow().toString()).doesNotContain(token);
  }
}
