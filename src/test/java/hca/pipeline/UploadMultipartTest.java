package hca.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import hca.dss.DssClient;
import hca.dss.FileHead;
import hca.localdss.LocalDss;
import hca.testing.CloudClis;
import hca.testing.LocalDssExtension;
import hca.testing.UploadTrees;
import hca.transfer.Checksummer;
import hca.transfer.Checksums;
import hca.transfer.UploadRequest;
import hca.transfer.UploadResult;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files above the multipart threshold go to S3 in parts and keep their hca-dss-* metadata, checked
 * with aws-cli; a file over 64 MiB gets the multipart s3_etag ({@code -2}), which the DSS accepts,
 * and is copied in the background (202, then HEAD).
 */
class UploadMultipartTest {

  private static final int MIB = 1024 * 1024;

  @RegisterExtension
  static LocalDssExtension dss = new LocalDssExtension(o -> o.withAsyncCopyThreshold(MIB));

  @TempDir static Path tmp;
  static DssClient client;

  @BeforeAll
  static void setUp() {
    client = UploadTrees.client(dss, tmp.resolve("home"));
  }

  @Test
  void aFileOver64MiBIsStagedInPartsWithTheMultipartEtagAndRegistered() throws Exception {
    Path src = tmp.resolve("big");
    byte[] big = UploadTrees.random(64 * MIB + 1, 64);
    UploadTrees.write(src, Map.of("big.bam", big, "analysis_file_0.json", "{\"x\": 1}".getBytes()));
    Checksums sums = Checksummer.of(big);
    assertThat(sums.s3Etag()).endsWith("-2");

    UploadResult r = Uploads.upload(client,
        UploadRequest.builder(src, "aws", LocalDss.STAGING_BUCKET).staging(UploadTrees.staging(dss)).build());

    UploadResult.File f = r.files().stream().filter(x -> x.name().equals("big.bam")).findFirst().orElseThrow();
    FileHead head = client.headFile(f.uuid(), "aws", r.version());
    assertThat(head.header("S3-ETAG")).isEqualTo(sums.s3Etag());
    assertThat(head.size()).isEqualTo(big.length);
    assertThat(UploadTrees.fileBytes(dss, f.uuid(), r.version(), "aws")).isEqualTo(big);
    JsonNode staged = headObject(r.bundleUuid() + "/" + f.uuid() + "/big.bam");
    assertThat(staged.get("ContentLength").asLong()).isEqualTo(big.length);
    assertThat(staged.get("ETag").asText()).isEqualTo("\"" + sums.s3Etag() + "\"");
    assertThat(staged.get("ContentType").asText()).isEqualTo("application/octet-stream");
    assertThat(metadata(staged)).isEqualTo(sums.stagingMetadata());
  }

  @Test
  void aLoweredThresholdStagesSmallerFilesInPartsWithTheirMetadata() throws Exception {
    Path src = tmp.resolve("parts");
    byte[] content = UploadTrees.random(12 * MIB + 3, 3);
    UploadTrees.write(src, Map.of("reads/R1.fastq.gz", content));

    UploadResult r = Uploads.upload(client, UploadRequest.builder(src, "aws", LocalDss.STAGING_BUCKET)
        .staging(UploadTrees.staging(dss)).multipartThreshold(MIB).partSize(5 * MIB).build());

    UploadResult.File f = r.files().get(0);
    JsonNode staged = headObject(r.bundleUuid() + "/" + f.uuid() + "/reads/R1.fastq.gz");
    assertThat(staged.get("ETag").asText()).endsWith("-3\"");
    assertThat(staged.get("ContentType").asText()).isEqualTo("application/gzip");
    assertThat(metadata(staged)).isEqualTo(Checksummer.of(content).stagingMetadata());
    assertThat(UploadTrees.fileBytes(dss, f.uuid(), r.version(), "gcp")).isEqualTo(content);
  }

  private static JsonNode headObject(String key) throws Exception {
    return CloudClis.awsHeadObject(dss.dss(), tmp, LocalDss.STAGING_BUCKET, key);
  }

  private static Map<String, String> metadata(JsonNode headObject) {
    return CloudClis.metadata(headObject.get("Metadata"));
  }
}
