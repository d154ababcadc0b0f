package hca.localdss.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed download URLs, as the DSS hands them out in its /files redirects. */
class GcsSignedUrlTest {

  private static final String KEY = "blobs/ab12 cd/ünï%.bin";

  @TempDir static Path dir;
  static LocalGcs gcs;
  static byte[] data = LocalGcs.randomBytes(3 * 1024 * 1024 + 5, 21);
  static HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    gcs = LocalGcs.start(dir);
    gcs.endpoint.bucket("signed").ensureBucket().write(KEY, data, "application/x-test", Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    gcs.close();
  }

  private static HttpResponse<byte[]> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofByteArray());
  }

  @Test
  void aSignedUrlDownloadsTheObject() throws Exception {
    String url = gcs.endpoint.signedUrl("signed", KEY, Duration.ofMinutes(5));
    assertThat(url).startsWith(gcs.endpoint.url() + "/signed/").contains("X-Goog-Signature=");
    HttpResponse<byte[]> r = get(url);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(data);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-test");
    assertThat(r.headers().firstValue("x-goog-hash").orElseThrow())
        .contains("crc32c=" + LocalGcs.crc32c(data));
  }

  @Test
  void aTamperedSignatureIsForbidden() throws Exception {
    String url = gcs.endpoint.signedUrl("signed", KEY, Duration.ofMinutes(5));
    int at = url.indexOf("X-Goog-Signature=") + "X-Goog-Signature=".length();
    char flipped = url.charAt(at) == '0' ? '1' : '0';
    String tampered = url.substring(0, at) + flipped + url.substring(at + 1);
    assertThat(get(tampered).statusCode()).isEqualTo(403);

    String longer = url.replace("X-Goog-Expires=300", "X-Goog-Expires=999999");
    assertThat(get(longer).statusCode()).isEqualTo(403);
  }

  @Test
  void anExpiredSignatureIsForbidden() throws Exception {
    UrlSigner signer = new UrlSigner(LocalGcs.SIGNING_KEY);
    String query = signer.query("GET", "signed", KEY, Instant.now().minus(Duration.ofHours(2)),
        Duration.ofHours(1));
    String url = gcs.endpoint.url() + "/signed/" + GcsEndpoint.encodeKey(KEY) + "?" + query;
    HttpResponse<byte[]> r = get(url);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(new String(r.body())).contains("expired");

    String fresh = signer.query("GET", "signed", KEY, Instant.now(), Duration.ofHours(1));
    assertThat(get(gcs.endpoint.url() + "/signed/" + GcsEndpoint.encodeKey(KEY) + "?" + fresh)
        .statusCode()).isEqualTo(200);
  }

  @Test
  void aUrlSignedForAnotherObjectIsForbiddenButAnUnsignedOneIsAnonymousAccess() throws Exception {
    String url = gcs.endpoint.signedUrl("signed", "other", Duration.ofMinutes(5));
    String swapped = url.replace("/signed/other?", "/signed/" + GcsEndpoint.encodeKey(KEY) + "?");
    assertThat(get(swapped).statusCode()).isEqualTo(403);

    HttpResponse<byte[]> unsigned =
        get(gcs.endpoint.url() + "/signed/" + GcsEndpoint.encodeKey(KEY));
    assertThat(unsigned.statusCode()).isEqualTo(200);
    assertThat(unsigned.body()).isEqualTo(data);
  }
}
