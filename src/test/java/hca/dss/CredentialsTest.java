package hca.dss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hca.config.ConfigEnvironment;
import hca.config.HcaConfig;
import hca.config.StoredToken;
import hca.localdss.auth.ServiceAccountKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where credentials come from, and the service-account tokens made from a key file. */
class CredentialsTest {

  @TempDir Path tmp;
  private final Map<String, String> env = new HashMap<>();
  private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T12:00:00Z"));
  private ServiceAccountKey key;
  private Path keyFile;

  @BeforeEach
  void keyFile() throws Exception {
    keyFile = tmp.resolve("sa.json");
    key = ServiceAccountKey.generate(keyFile, "robot@project.iam.gserviceaccount.com", "project");
  }

  private HcaConfig config() {
    return HcaConfig.load(new ConfigEnvironment(env, tmp.resolve("home"), tmp.resolve("etc")), Map.of());
  }

  private Credentials credentials() {
    return new Credentials(config(), env, Credentials.DEFAULT_AUDIENCE, clock);
  }

  private static JsonNode part(String jwt, int i) throws Exception {
    return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[i]));
  }

  @Test
  void aServiceAccountTokenCarriesTheClaimsTheDssExpects() throws Exception {
    env.put(Credentials.KEY_FILE_VARIABLE, keyFile.toString());
    Credentials c = credentials();
    assertThat(c.source()).isEqualTo(Credentials.Source.SERVICE_ACCOUNT);
    String header = c.authorization();
    assertThat(header).startsWith("Bearer ");
    String jwt = header.substring("Bearer ".length());

    JsonNode head = part(jwt, 0);
    assertThat(head.get("alg").asText()).isEqualTo("RS256");
    assertThat(head.get("kid").asText()).isEqualTo(key.keyId());
    JsonNode claims = part(jwt, 1);
    String email = "robot@project.iam.gserviceaccount.com";
    assertThat(claims.get("iss").asText()).isEqualTo(email);
    assertThat(claims.get("sub").asText()).isEqualTo(email);
    assertThat(claims.get("email").asText()).isEqualTo(email);
    assertThat(claims.get("https://auth.data.humancellatlas.org/email").asText()).isEqualTo(email);
    assertThat(claims.get("https://auth.data.humancellatlas.org/group").asText()).isEqualTo("hca");
    assertThat(claims.get("aud").asText()).isEqualTo("https://dev.data.humancellatlas.org/");
    assertThat(claims.get("iat").asLong()).isEqualTo(clock.instant().getEpochSecond());
    assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(3600);
    assertThat(claims.get("scope").toString()).isEqualTo("[\"email\",\"openid\",\"offline_access\"]");

    String[] parts = jwt.split("\\.");
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initVerify(key.publicKey());
    s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(s.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
  }

  @Test
  void aServiceAccountTokenIsReusedUntilAMinuteBeforeItExpires() throws Exception {
    env.put(Credentials.KEY_FILE_VARIABLE, keyFile.toString());
    Credentials c = credentials();
    String first = c.authorization();
    clock.advance(Duration.ofSeconds(3539));
    assertThat(c.authorization()).isEqualTo(first);
    clock.advance(Duration.ofSeconds(2));
    String renewed = c.authorization();
    assertThat(renewed).isNotEqualTo(first);
    assertThat(part(renewed.substring(7), 1).get("iat").asLong()).isEqualTo(clock.instant().getEpochSecond());
  }

  @Test
  void theServiceAccountWinsOverAStoredToken() {
    config().storeToken(StoredToken.of("stored-token"));
    env.put(Credentials.KEY_FILE_VARIABLE, keyFile.toString());
    assertThat(credentials().authorization()).doesNotContain("stored-token");
  }

  @Test
  void aStoredTokenIsUsedWhenThereIsNoKeyFile() {
    config().storeToken(StoredToken.of("stored-token"));
    Credentials c = credentials();
    assertThat(c.source()).isEqualTo(Credentials.Source.STORED_TOKEN);
    assertThat(c.authorization()).isEqualTo("Bearer stored-token");
    assertThat(c.toString()).doesNotContain("stored-token");
  }

  @Test
  void anExpiredStoredTokenAsksToLogInAgain() {
    long past = clock.instant().minusSeconds(10).getEpochSecond();
    config().storeToken(new StoredToken("old-token", null, null, past, "Bearer"));
    assertThatThrownBy(() -> credentials().authorization())
        .isInstanceOf(CredentialsException.class)
        .hasMessageStartingWith("The stored access token has expired; please log in: run \"hca dss login")
        .hasMessageNotContaining("old-token");
  }

  @Test
  void withoutCredentialsTheMessageSaysHowToLogIn() {
    Credentials c = credentials();
    assertThat(c.source()).isEqualTo(Credentials.Source.NONE);
    assertThatThrownBy(c::authorization)
        .isInstanceOf(CredentialsException.class)
        .hasMessage("Please log in: run \"hca dss login\" (or \"hca dss login --access-token TOKEN\") or set "
            + "GOOGLE_APPLICATION_CREDENTIALS to a service-account key file");
  }

  @Test
  void aKeyFileThatIsNotJsonIsOneLineNamingTheFile() throws Exception {
    Path bad = Files.writeString(tmp.resolve("bad.json"), "-----BEGIN PRIVATE KEY-----\nnot json\n");
    env.put(Credentials.KEY_FILE_VARIABLE, bad.toString());
    assertThatThrownBy(() -> credentials().authorization())
        .isInstanceOf(CredentialsException.class)
        .hasMessage("service-account key file " + bad + ": not JSON");
  }

  @Test
  void aKeyFileWithoutAPrivateKeyOrWithABadOneNamesTheFileAndTheProblem() throws Exception {
    Path partial = Files.writeString(tmp.resolve("partial.json"), "{\"client_email\": \"x@y\", \"private_key_id\": \"k\"}");
    env.put(Credentials.KEY_FILE_VARIABLE, partial.toString());
    assertThatThrownBy(() -> credentials().authorization())
        .hasMessage("service-account key file " + partial
            + ": not a service-account key file (needs client_email, private_key_id and private_key)");

    Path garbled = Files.writeString(tmp.resolve("garbled.json"),
        "{\"client_email\": \"x@y\", \"private_key_id\": \"k\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----\\n\"}");
    env.put(Credentials.KEY_FILE_VARIABLE, garbled.toString());
    assertThatThrownBy(() -> credentials().authorization())
        .hasMessage("service-account key file " + garbled + ": private_key is not an RSA key in PKCS#8 PEM");

    Path missing = tmp.resolve("missing.json");
    env.put(Credentials.KEY_FILE_VARIABLE, missing.toString());
    assertThatThrownBy(() -> credentials().authorization())
        .hasMessage("service-account key file " + missing + ": cannot be read (no such file)");
  }

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
