package hca.localdss.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import hca.localdss.Faults;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The blob fault switches on media downloads. */
class GcsFaultsTest {

  @TempDir static Path dir;
  static LocalGcs gcs;
  static byte[] data = LocalGcs.randomBytes(8 * 1024 * 1024, 5);
  static HttpClient http = HttpClient.newHttpClient();
  static String media;

  @BeforeAll
  static void start() throws Exception {
    gcs = LocalGcs.start(dir);
    gcs.endpoint.bucket("faulty").ensureBucket().write("blob", data, null, Map.of());
    media = gcs.endpoint.url() + "/download/storage/v1/b/faulty/o/blob?alt=media";
  }

  @AfterEach
  void clearFaults() {
    gcs.faults.set(Faults.Spec.NONE);
  }

  @AfterAll
  static void stop() throws Exception {
    gcs.close();
  }

  @Test
  void anInjectedErrorAnswersItsStatusWithRetryAfter() throws Exception {
    gcs.faults.set(Faults.Spec.parse("blob-error=1:503,retry-after=2"));
    HttpResponse<String> r =
        http.send(HttpRequest.newBuilder(URI.create(media)).build(), BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).hasValue("2");
    assertThat(r.body()).contains("\"code\":503");
    assertThat(gcs.faults.counters()).containsEntry("blob_errors", 1L);

    String signed = gcs.endpoint.signedUrl("faulty", "blob", Duration.ofMinutes(1));
    assertThat(http.send(HttpRequest.newBuilder(URI.create(signed)).build(),
        BodyHandlers.discarding()).statusCode()).isEqualTo(503);
    // Metadata requests are not blob GETs.
    assertThat(http.send(HttpRequest.newBuilder(
            URI.create(gcs.endpoint.url() + "/storage/v1/b/faulty/o/blob")).build(),
        BodyHandlers.discarding()).statusCode()).isEqualTo(200);
  }

  @Test
  void anInjectedDropDeliversFewerBytesThanTheContentLength() throws Exception {
    gcs.faults.set(Faults.Spec.parse("blob-drop=1"));
    HttpResponse<InputStream> r =
        http.send(HttpRequest.newBuilder(URI.create(media)).build(), BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    long declared = Long.parseLong(r.headers().firstValue("Content-Length").orElseThrow());
    assertThat(declared).isEqualTo(data.length);
    long received = 0;
    boolean broken = false;
    try (InputStream in = r.body()) {
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = in.read(buf)) >= 0) {
        received += n;
      }
    } catch (IOException e) {
      broken = true;
    }
    assertThat(received).isLessThan(declared).isGreaterThan(0);
    assertThat(broken).as("the short body ends in an I/O error").isTrue();
    assertThat(gcs.faults.counters()).containsEntry("blob_drops", 1L);

    gcs.faults.set(Faults.Spec.NONE);
    assertThat(http.send(HttpRequest.newBuilder(URI.create(media)).build(),
        BodyHandlers.ofByteArray()).body()).isEqualTo(data);
  }
}
