package hca.localdss.api;

import static org.assertj.core.api.Assertions.assertThat;

import hca.dss.DssVersion;
import hca.testing.Http;
import hca.testing.LocalDssExtension;
import hca.testing.Staging;
import hca.transfer.Checksums;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

class FilesApiTest {

  @RegisterExtension static LocalDssExtension dss = new LocalDssExtension();

  static S3Client s3;

  @BeforeAll
  static void client() {
    s3 = Staging.s3(dss.dss());
  }

  @AfterAll
  static void close() {
    s3.close();
  }

  private static String putFile(String uuid, String version, String sourceUrl) {
    return Http.json(Map.of("source_url", sourceUrl, "creator_uid", 4321));
  }

  @Test
  void putFileThenHeadAndGetRedirectToItsBytes() {
    byte[] content = "hello, cells\n".getBytes(StandardCharsets.UTF_8);
    Checksums sums = Staging.sums(content);
    String src = Staging.stage(s3, "t1/hello.txt", content, "text/plain");
    String uuid = UUID.randomUUID().toString();
    String version = DssVersion.now();

    Http.Response put =
        Http.call("PUT", dss.api() + "/files/" + uuid + "?version=" + version, putFile(uuid, version, src), dss.token());
    assertThat(put.status()).as(put.toString()).isEqualTo(201);
    assertThat(put.json().get("version").asText()).isEqualTo(version);

    Http.Response head = Http.head(dss.api() + "/files/" + uuid + "?replica=aws");
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("X-DSS-SHA256")).isEqualTo(sums.sha256());
    assertThat(head.header("X-DSS-SIZE")).isEqualTo(Integer.toString(content.length));
    assertThat(head.header("X-DSS-CONTENT-TYPE")).isEqualTo("text/plain");
    assertThat(head.header("X-DSS-VERSION")).isEqualTo(version);

    Http.Response get = Http.get(dss.api() + "/files/" + uuid + "?replica=aws&version=" + version);
    assertThat(get.status()).isEqualTo(302);
    Http.Response blob = Http.get(get.header("Location"));
    assertThat(blob.status()).isEqualTo(200);
    assertThat(blob.body()).isEqualTo(content);

    Http.Response again =
        Http.call("PUT", dss.api() + "/files/" + uuid + "?version=" + version, putFile(uuid, version, src), dss.token());
    assertThat(again.status()).isEqualTo(200);
  }
}
