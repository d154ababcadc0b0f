package hca.localdss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hca.dss.DssVersion;
import hca.testing.DssCalls;
import hca.testing.Http;
import hca.testing.LocalDssExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fault switches clients are tested with: API errors, blob errors and dropped bodies. */
class FaultSwitchesTest {

  @RegisterExtension static LocalDssExtension dss = new LocalDssExtension();


  @AfterEach
  void off() {
    Http.send("PUT", dss.dss().apiOrigin() + "/internal/faults", "none", Map.of());
  }

  private static String blobUrl(byte[] content) {
    DssCalls.FileRef f = dss.calls().file(content, "application/octet-stream");
    return Http.get(dss.api() + "/files/" + f.uuid() + "?replica=aws").header("Location");
  }

  @Test
  void apiErrorsAnswerTheirStatusWithRetryAfterAndAreCounted() {
    Http.Response set = Http.send("PUT", dss.dss().apiOrigin() + "/internal/faults", "api-error=1:429,retry-after=3", Map.of());
    assertThat(set.status()).isEqualTo(200);
    Http.Response r = Http.get(dss.api() + "/bundles/" + UUID.randomUUID() + "?replica=aws");
    assertThat(r.status()).isEqualTo(429);
    assertThat(r.header("Retry-After")).isEqualTo("3");
    assertThat(r.json().get("code").asText()).isEqualTo("too_many_requests");
    Http.send("PUT", dss.dss().apiOrigin() + "/internal/faults", "api-error=1:503", Map.of());
    assertThat(Http.get(dss.api() + "/bundles/" + UUID.randomUUID() + "?replica=aws").status()).isEqualTo(503);
    Http.Response counters = Http.get(dss.dss().apiOrigin() + "/internal/faults");
    assertThat(counters.json().get("api_errors").asInt()).isEqualTo(1);
    Http.Response bad = Http.send("PUT", dss.dss().apiOrigin() + "/internal/faults", "api-error=2", Map.of());
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("title").asText()).contains("api-error");
  }

  @Test
  void aFractionOfBlobGetsFailWithRetryAfterRepeatablyForASeed() {
    String url = blobUrl("blob".getBytes());
    dss.dss().faults().set(Faults.Spec.parse("blob-error=0.5:503,retry-after=2,seed=11"));
    int errors = 0;
    for (int i = 0; i < 40; i++) {
      Http.Response r = Http.get(url);
      if (r.status() == 503) {
        errors++;
        assertThat(r.header("Retry-After")).isEqualTo("2");
      } else {
        assertThat(r.status()).isEqualTo(200);
      }
    }
    assertThat(errors).isBetween(8, 32);
    assertThat(dss.dss().faults().counters().get("blob_errors")).isEqualTo((long) errors);
    dss.dss().faults().set(Faults.Spec.parse("blob-error=0.5:503,retry-after=2,seed=11"));
    int again = 0;
    for (int i = 0; i < 40; i++) {
      again += Http.get(url).status() == 503 ? 1 : 0;
    }
    assertThat(again).isEqualTo(errors);
  }

  @Test
  void aDroppedBlobBodyEndsBeforeItsContentLength() throws Exception {
    byte[] content = new byte[4 * 1024 * 1024];
    new Random(5).nextBytes(content);
    String url = blobUrl(content);
    dss.dss().faults().set(Faults.Spec.parse("blob-drop=1"));
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValueAsLong("Content-Length").orElse(-1)).isEqualTo(content.length);
    assertThatThrownBy(() -> {
          try (InputStream in = r.body()) {
            in.readAllBytes();
          }
        })
        .isInstanceOf(IOException.class);
  }

  @Test
  void theSpecIsCheckedAndStartingWithABadSpecFails() {
    assertThatThrownBy(() -> Faults.Spec.parse("blob-error=abc")).hasMessageContaining("blob-error");
    assertThatThrownBy(() -> Faults.Spec.parse("explode=1")).hasMessageContaining("explode");
    assertThatThrownBy(() -> Faults.Spec.parse("api-error=0.1:404")).hasMessageContaining("api-error");
    assertThat(Faults.Spec.parse("blob-error=0.2,blob-drop=0.1,checkout=2,retry-after=0,seed=4").checkoutRedirects()).isEqualTo(2);
    assertThat(DssVersion.isValid(DssVersion.now())).isTrue();
  }
}
