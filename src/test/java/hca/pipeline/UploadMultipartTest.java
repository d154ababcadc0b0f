package hca.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hca.dss.DssClient;
import hca.dss.FileHead;
import hca.localdss.LocalDss;
import hca.testing.LocalDssExtension;
import hca.testing.UploadTrees;
import hca.transfer.Checksummer;
import hca.transfer.Checksums;
import hca.transfer.UploadRequest;
import hca.transfer.UploadResult;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

  /** {@code aws s3api head-object} of a staged object, as JSON. */
  private static JsonNode headObject(String key) throws Exception {
    assumeTrue(onPath("aws"), "aws-cli is not installed");
    ProcessBuilder pb = new ProcessBuilder("aws", "--endpoint-url", dss.dss().s3Url(), "s3api", "head-object",
        "--bucket", LocalDss.STAGING_BUCKET, "--key", key).redirectErrorStream(true);
    pb.environment().remove("AWS_CA_BUNDLE");
    pb.environment().put("AWS_ACCESS_KEY_ID", dss.dss().settings().s3AccessKey());
    pb.environment().put("AWS_SECRET_ACCESS_KEY", dss.dss().settings().s3SecretKey());
    pb.environment().put("AWS_DEFAULT_REGION", "us-east-1");
    pb.environment().put("AWS_CONFIG_FILE", tmp.resolve("aws-config").toString());
    pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", tmp.resolve("aws-credentials").toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return new ObjectMapper().readTree(out);
  }

  private static Map<String, String> metadata(JsonNode headObject) {
    return new ObjectMapper().convertValue(headObject.get("Metadata"),
        new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {});
  }

  static boolean onPath(String tool) {
    for (String d : System.getenv("PATH").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }
}
