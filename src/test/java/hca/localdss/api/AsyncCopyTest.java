package hca.localdss.api;

import static org.assertj.core.api.Assertions.assertThat;

import hca.dss.DssVersion;
import hca.testing.Http;
import hca.testing.LocalDssExtension;
import hca.testing.SpecConformance;
import hca.testing.Staging;
import hca.transfer.Checksummer;
import hca.transfer.Checksums;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sources above the copy threshold are registered asynchronously: 202, then HEAD turns 200. */
class AsyncCopyTest {

  @RegisterExtension
  static LocalDssExtension dss = new LocalDssExtension(o -> o.withAsyncCopyThreshold(1024 * 1024));

  private static Http.Response putFile(String uuid, String version, String src) {
    return Http.call(
        "PUT",
        dss.api() + "/files/" + uuid + "?version=" + version,
        Http.json(Map.of("source_url", src, "creator_uid", 1)),
        dss.token());
  }

  private static int awaitHead(String uuid, String version) throws InterruptedException {
    return awaitHead(uuid, version, "aws");
  }

  /** The replicas are written one after the other, as the DSS's were: each is awaited on its own. */
  private static int awaitHead(String uuid, String version, String replica) throws InterruptedException {
    int status = 404;
    for (int i = 0; i < 200 && status == 404; i++) {
      status = Http.head(dss.api() + "/files/" + uuid + "?replica=" + replica + "&version=" + version).status();
      if (status == 404) {
        Thread.sleep(50);
      }
    }
    return status;
  }

  @Test
  void aLargeSourceAnswers202AndBecomesAvailable() throws Exception {
    byte[] content = new byte[3 * 1024 * 1024];
    new Random(3).nextBytes(content);
    String uuid = UUID.randomUUID().toString();
    String version = DssVersion.now();
    Http.Response put = putFile(uuid, version, Staging.stage(dss.s3(), "a1/big", content, "application/octet-stream"));
    assertThat(put.status()).as(put.toString()).isEqualTo(202);
    assertThat(put.json().get("task_id").asText()).isNotBlank();
    SpecConformance.assertConforms("PUT", "/files/" + uuid, put);
    assertThat(awaitHead(uuid, version)).isEqualTo(200);
    assertThat(awaitHead(uuid, version, "gcp")).isEqualTo(200);
    Http.Response get = Http.get(dss.api() + "/files/" + uuid + "?replica=gcp&version=" + version);
    assertThat(Http.get(get.header("Location")).body()).isEqualTo(content);
  }

  @Test
  void aFailedAsynchronousCopyTurnsHeadInto422() throws Exception {
    byte[] content = new byte[2 * 1024 * 1024];
    new Random(4).nextBytes(content);
    Map<String, String> wrong = new HashMap<>(Checksummer.of(content).stagingMetadata());
    wrong.put(Checksums.META_CRC32C, "12345678");
    String uuid = UUID.randomUUID().toString();
    String version = DssVersion.now();
    Http.Response put = putFile(uuid, version, Staging.stage(dss.s3(), "a2/bad", content, "application/octet-stream", wrong));
    assertThat(put.status()).isEqualTo(202);
    assertThat(awaitHead(uuid, version)).isEqualTo(422);
  }
}
