package hca.dss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import hca.localdss.Faults;
import hca.testing.LocalDssExtension;
import hca.testing.Staging;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** Retries and redirects against the local DSS's fault switches. */
class DssClientRetryTest {

  @RegisterExtension static LocalDssExtension dss = new LocalDssExtension();

  static final byte[] CONTENT = "retried bytes\n".getBytes(StandardCharsets.UTF_8);
  static BundleFileRef file;
  static BundleFileRef bundle;

  @TempDir Path tmp;
  ClientFixture fixture;

  @BeforeAll
  static void aFileAndABundle(@TempDir Path dir) {
    ClientFixture f = new ClientFixture(dir, dss.api() + "/swagger.json");
    f.env.put(Credentials.KEY_FILE_VARIABLE, dss.dss().userKeyFile().toString());
    DssClient c = f.client();
    String uuid = UUID.randomUUID().toString();
    String version = DssVersion.now();
    try (S3Client s3 = Staging.s3(dss.dss())) {
      assertThat(c.putFile(uuid, version, Staging.stage(s3, "retry/f", CONTENT, "text/plain"), 1).status()).isEqualTo(201);
    }
    file = new BundleFileRef(uuid, version, "f.txt", false);
    bundle = new BundleFileRef(UUID.randomUUID().toString(), DssVersion.now(), null, false);
    assertThat(c.putBundle(bundle.uuid(), bundle.version(), "aws", List.of(file), 1).status()).isEqualTo(201);
  }

  @BeforeEach
  void fixture() {
    fixture = new ClientFixture(tmp, dss.api() + "/swagger.json");
    fixture.env.put(Credentials.KEY_FILE_VARIABLE, dss.dss().userKeyFile().toString());
  }

  @AfterEach
  void noFaults() {
    dss.dss().faults().set(Faults.Spec.NONE);
  }

  private static void faults(String spec) {
    dss.dss().faults().set(Faults.Spec.parse(spec));
  }

  private static long counter(String name) {
    return ((Number) dss.dss().faults().counters().get(name)).longValue();
  }

  @Test
  void aGetThatAlwaysFailsIsSentMaxAttemptsTimesThenSurfacesTheError() {
    DssClient client = fixture.client(fixture.http(4).build());
    faults("api-error=1:503,retry-after=0");
    assertThatThrownBy(() -> client.getBundle(bundle.uuid(), "aws", null))
        .isInstanceOfSatisfying(DssApiException.class, e -> {
          assertThat(e.status()).isEqualTo(503);
          assertThat(e.attempts()).isEqualTo(4);
          assertThat(e).hasToString("service_unavailable: injected fault (HTTP 503)");
        });
    assertThat(counter("api_requests")).isEqualTo(4);
    assertThat(fixture.sleeper.waits).containsExactly(Duration.ZERO, Duration.ZERO, Duration.ZERO);
  }

  @Test
  void aGetThatFailsHalfTheTimeSucceedsWithinTheRetryBudget() {
    DssHttp http = fixture.http(10).retryPolicy(
        RetryPolicy.defaults().withMaxAttempts(10).withRetryBudget(60).withDelays(Duration.ZERO, Duration.ZERO)).build();
    DssClient client = fixture.client(http);
    faults("api-error=0.5:503,retry-after=0,seed=3");
    int attempts = 0;
    for (int i = 0; i < 10; i++) {
      DssResponse r = client.call("head_file", Map.of("uuid", file.uuid(), "replica", "aws"));
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.attempts()).isBetween(1, 10);
      attempts += r.attempts();
    }
    assertThat(counter("api_requests")).isEqualTo(attempts);
    assertThat(counter("api_errors")).isEqualTo(attempts - 10).isPositive();
    assertThat(http.retriesLeft()).isEqualTo(60 - (attempts - 10));
  }

  @Test
  void tooManyRequestsIsRetriedLikeServiceUnavailable() {
    DssClient client = fixture.client(fixture.http(3).build());
    faults("api-error=1:429,retry-after=0");
    assertThatThrownBy(() -> client.headFile(file.uuid(), "aws", null))
        .isInstanceOfSatisfying(DssApiException.class, e -> {
          assertThat(e.status()).isEqualTo(429);
          assertThat(e.attempts()).isEqualTo(3);
        });
    faults("api-error=0.5:429,retry-after=0,seed=3");
    assertThat(client.getBundle(bundle.uuid(), "aws", null).at("/bundle/uuid").asText()).isEqualTo(bundle.uuid());
    assertThat(counter("api_errors")).isPositive();
  }

  @Test
  void aPatchIsNeverRetried() {
    DssClient client = fixture.client(fixture.http(5).build());
    faults("api-error=1:503,retry-after=0");
    assertThatThrownBy(() -> client.patchBundle(bundle.uuid(), "aws", bundle.version(), List.of(), List.of()))
        .isInstanceOfSatisfying(DssApiException.class, e -> {
          assertThat(e.status()).isEqualTo(503);
          assertThat(e.attempts()).isEqualTo(1);
        });
    assertThat(counter("api_requests")).isEqualTo(1);
  }

  @Test
  void searchIsTheOnlyPostThatIsRetried() {
    DssClient client = fixture.client(fixture.http(3).build());
    faults("api-error=1:503,retry-after=0");
    assertThatThrownBy(() -> client.postBundlesCheckout(bundle.uuid(), "aws", null, null, null))
        .isInstanceOfSatisfying(DssApiException.class, e -> assertThat(e.attempts()).isEqualTo(1));
    ObjectMapper json = new ObjectMapper();
    assertThatThrownBy(() -> client.postSearch(json.createObjectNode(), "aws", null, null))
        .isInstanceOfSatisfying(DssApiException.class, e -> assertThat(e.attempts()).isEqualTo(3));
    assertThat(counter("api_requests")).isEqualTo(4);
  }

  @Test
  void theServersRetryAfterSetsTheWait() {
    DssClient client = fixture.client(fixture.http(3).build());
    faults("api-error=1:503,retry-after=2");
    assertThatThrownBy(() -> client.headFile(file.uuid(), "aws", null)).isInstanceOf(DssApiException.class);
    assertThat(fixture.sleeper.waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
  }

  @Test
  void theRetryBudgetIsSharedByEveryCallOfAClient() {
    DssHttp http = fixture.http(10).retryPolicy(
        RetryPolicy.defaults().withMaxAttempts(10).withRetryBudget(3).withDelays(Duration.ZERO, Duration.ZERO)).build();
    DssClient client = fixture.client(http);
    faults("api-error=1:503,retry-after=0");
    assertThatThrownBy(() -> client.headFile(file.uuid(), "aws", null))
        .isInstanceOfSatisfying(DssApiException.class, e -> assertThat(e.attempts()).isEqualTo(4));
    assertThatThrownBy(() -> client.headFile(file.uuid(), "aws", null))
        .isInstanceOfSatisfying(DssApiException.class, e -> assertThat(e.attempts()).isEqualTo(1));
    assertThat(http.retriesLeft()).isZero();
  }

  @Test
  void checkoutRedirectsAreFollowedAfterEachRetryAfterToTheBytes() {
    DssClient client = fixture.client();
    faults("checkout=3,retry-after=1");
    assertThat(client.getFile(file.uuid(), "aws", null)).isEqualTo(CONTENT);
    assertThat(fixture.sleeper.waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
    assertThat(counter("checkout_redirects")).isEqualTo(3);
  }

  @Test
  void aSmallRetryAfterIsReallyWaitedFor() {
    DssClient client = fixture.client(DssHttp.builder().build());
    faults("checkout=1,retry-after=1");
    long start = System.nanoTime();
    assertThat(client.getFile(file.uuid(), "gcp", null)).isEqualTo(CONTENT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(counter("checkout_redirects")).isEqualTo(1);
  }

  @Test
  void moreCheckoutRedirectsThanTheLimitAreRefused() {
    DssClient client = fixture.client(fixture.http(2).maxRedirects(2).build());
    faults("checkout=5,retry-after=0");
    assertThatThrownBy(() -> client.getFile(file.uuid(), "aws", null))
        .isInstanceOf(DssException.class)
        .hasMessageStartingWith("more than 2 redirects");
  }

  @Test
  void aRedirectToANativeS3UrlIsRefused() {
    DssClient client = fixture.client();
    assertThatThrownBy(() -> client.call("get_file", Map.of("uuid", file.uuid(), "replica", "aws", "directurl", true)))
        .isInstanceOf(DssException.class)
        .hasMessageStartingWith("redirect target is not http(s): s3://");
  }

  @Test
  void aFileCutOffHalfwayIsFetchedAgainFromTheStart() {
    DssClient client = fixture.client(fixture.http(6).build());
    faults("blob-drop=0.5,seed=5");
    for (int i = 0; i < 4; i++) {
      assertThat(client.getFile(file.uuid(), "aws", null)).isEqualTo(CONTENT);
    }
    assertThat(counter("blob_drops")).isPositive();
  }

  @Test
  void aFileThatIsAlwaysCutOffFailsAsUnreachableAfterTheRetries() {
    DssClient client = fixture.client(fixture.http(3).build());
    faults("blob-drop=1");
    assertThatThrownBy(() -> client.getFile(file.uuid(), "aws", null))
        .isInstanceOfSatisfying(DssUnreachableException.class, e -> assertThat(e.attempts()).isEqualTo(6));
    assertThat(counter("blob_drops")).isEqualTo(3);
  }

  @Test
  void aFailingBlobIsRetriedAtTheBlobUrlAndItsErrorReported() {
    DssClient client = fixture.client(fixture.http(3).build());
    faults("blob-error=1:503,retry-after=0");
    assertThatThrownBy(() -> client.getFile(file.uuid(), "aws", null))
        .isInstanceOfSatisfying(DssApiException.class, e -> {
          assertThat(e.attempts()).as("one API request, then three at the blob").isEqualTo(4);
          assertThat(e).hasToString("SlowDown: injected fault (HTTP 503)");
        });
    faults("blob-error=0.5:503,retry-after=0,seed=3");
    for (int i = 0; i < 4; i++) {
      assertThat(client.getFile(file.uuid(), "aws", null)).isEqualTo(CONTENT);
    }
    assertThat(counter("blob_errors")).isPositive();
  }
}
