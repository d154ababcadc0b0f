package hca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import hca.localdss.LocalDss;
import hca.testing.CloudClis;
import hca.testing.LocalDssExtension;
import hca.testing.Staging;
import hca.testing.UploadTrees;
import hca.transfer.Checksummer;
import hca.transfer.Checksums;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** {@code hca dss upload} as a user runs it: its output, its report, its errors and exit codes. */
class UploadCommandTest {

  @RegisterExtension
  static LocalDssExtension dss = new LocalDssExtension(o -> o.withAsyncCopyThreshold(1024 * 1024));

  @TempDir static Path tmp;
  static CliRunner hca;
  static S3Client s3;
  static String endpoints;

  @BeforeAll
  static void setUp() throws Exception {
    hca = new CliRunner(tmp.resolve("home"), dss.api())
        .env("GOOGLE_APPLICATION_CREDENTIALS", dss.dss().userKeyFile().toString());
    s3 = Staging.s3(dss.dss());
    endpoints = dss.dataDir().resolve("endpoints.json").toString();
  }

  @AfterAll
  static void tearDown() {
    s3.close();
  }

  private static CliRunner.Result upload(Path src, String... more) {
    String[] base = {"dss", "upload", "--src-dir", src.toString(), "--replica", "aws",
        "--staging-bucket", LocalDss.STAGING_BUCKET, "--endpoints", endpoints};
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return hca.dss(all);
  }

  @Test
  void printsTheBundleAndItsFilesAsJsonAndStagesGzipAsApplicationGzip() throws Exception {
    Path src = tmp.resolve("ok");
    UploadTrees.write(src, Map.of("cell_suspension_0.json", "{\"c\": 1}".getBytes(),
        "reads/R1.fastq.gz", UploadTrees.random(10_000, 1)));

    CliRunner.Result r = upload(src);

    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode out = r.json();
    String bundle = out.get("bundle_uuid").asText();
    String version = out.get("version").asText();
    assertThat(out.get("replica").asText()).isEqualTo("aws");
    assertThat(out.get("files")).hasSize(2);
    assertThat(out.get("files").findValuesAsText("name")).containsExactly("cell_suspension_0.json", "reads/R1.fastq.gz");
    assertThat(out.get("files").findValuesAsText("version")).containsOnly(version);
    assertThat(r.stderr()).contains("upload: staging 2 files").contains("upload: registering 2/2 files");
    String readsUuid = out.get("files").get(1).get("uuid").asText();
    HeadObjectResponse staged = s3.headObject(b -> b.bucket(LocalDss.STAGING_BUCKET)
        .key(bundle + "/" + readsUuid + "/reads/R1.fastq.gz"));
    assertThat(staged.contentType()).isEqualTo("application/gzip");
    JsonNode files = UploadTrees.bundle(dss, bundle, "aws").json().get("bundle").get("files");
    Map<String, Boolean> indexed = new HashMap<>();
    files.forEach(f -> indexed.put(f.get("name").asText(), f.get("indexed").asBoolean()));
    assertThat(indexed).containsEntry("cell_suspension_0.json", true).containsEntry("reads/R1.fastq.gz", false);
    assertThat(tmp.resolve("hca-upload-" + bundle + ".tsv")).exists();
  }

  @Test
  void stagedObjectsCarryTheirChecksumsAndContentTypeForIndependentClientsOnBothClouds() throws Exception {
    byte[] reads = UploadTrees.random(300_000, 11);
    Checksums sums = Checksummer.of(reads);
    for (String replica : new String[] {"aws", "gcp"}) {
      Path src = tmp.resolve("independent-" + replica);
      UploadTrees.write(src, Map.of("lane1/R1.fastq.gz", reads));

      CliRunner.Result r = hca.dss("dss", "upload", "--src-dir", src.toString(), "--replica", replica,
          "--staging-bucket", LocalDss.STAGING_BUCKET, "--endpoints", endpoints, "--stage-only", "--no-progress");

      assertThat(r.code()).as(r.toString()).isZero();
      JsonNode file = r.json().get("files").get(0);
      String scheme = replica.equals("aws") ? "s3://" : "gs://";
      assertThat(file.get("source_url").asText()).startsWith(scheme + LocalDss.STAGING_BUCKET + "/")
          .endsWith("/lane1/R1.fastq.gz");
      String key = file.get("source_url").asText().substring((scheme + LocalDss.STAGING_BUCKET + "/").length());
      if (replica.equals("aws")) {
        JsonNode head = CloudClis.awsHeadObject(dss.dss(), tmp, LocalDss.STAGING_BUCKET, key);
        assertThat(head.get("ContentLength").asLong()).isEqualTo(reads.length);
        assertThat(head.get("ETag").asText()).isEqualTo("\"" + sums.s3Etag() + "\"");
        assertThat(head.get("ContentType").asText()).isEqualTo("application/gzip");
        assertThat(CloudClis.metadata(head.get("Metadata"))).isEqualTo(sums.stagingMetadata());
      } else {
        JsonNode object = CloudClis.gcloudDescribe(dss.dss(), tmp, LocalDss.STAGING_BUCKET, key);
        assertThat(object.get("size").asLong()).isEqualTo(reads.length);
        assertThat(object.get("md5_hash").asText())
            .isEqualTo(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sums.s3Etag())));
        assertThat(object.get("content_type").asText()).isEqualTo("application/gzip");
        assertThat(CloudClis.metadata(object.get("custom_fields"))).isEqualTo(sums.stagingMetadata());
      }
    }
  }

  @Test
  void noJsonIndexedKeepsJsonFilesOutOfTheIndex() throws Exception {
    Path src = tmp.resolve("unindexed");
    UploadTrees.write(src, Map.of("project_0.json", "{\"p\": 1}".getBytes()));

    CliRunner.Result r = upload(src, "--no-json-indexed", "--no-progress");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.stderr()).isEmpty();
    JsonNode f = UploadTrees.bundle(dss, r.json().get("bundle_uuid").asText(), "aws").json().get("bundle").get("files").get(0);
    assertThat(f.get("indexed").asBoolean()).isFalse();
  }

  @Test
  void aMissingStagingBucketIsOneLineWithExitCode7AndNothingRegistered() throws Exception {
    Path src = tmp.resolve("nobucket");
    UploadTrees.write(src, Map.of("a.txt", "a".getBytes()));
    int before = UploadTrees.bundleCount(dss, "aws");

    CliRunner.Result r = hca.dss("dss", "upload", "--src-dir", src.toString(), "--replica", "aws",
        "--staging-bucket", "no-such-bucket", "--endpoints", endpoints);

    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.stderr()).isEqualTo("hca: staging bucket no-such-bucket does not exist on " + dss.dss().s3Url() + "\n");
    assertThat(r.out()).isEmpty();
    assertThat(UploadTrees.bundleCount(dss, "aws")).isEqualTo(before);
  }

  @Test
  void aMissingGcsStagingBucketIsOneLineToo() throws Exception {
    Path src = tmp.resolve("nogcsbucket");
    UploadTrees.write(src, Map.of("a.txt", "a".getBytes()));

    CliRunner.Result r = hca.dss("dss", "upload", "--src-dir", src.toString(), "--replica", "gcp",
        "--staging-bucket", "no-such-bucket", "--endpoints", endpoints);

    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.stderr()).isEqualTo("hca: staging bucket no-such-bucket does not exist on " + dss.dss().gcsUrl() + "\n");
  }

  @Test
  void wrongCredentialsFromTheEnvironmentMakeTheBucketUnwritable() throws Exception {
    Path src = tmp.resolve("badkey");
    UploadTrees.write(src, Map.of("a.txt", "a".getBytes()));
    CliRunner env = new CliRunner(tmp.resolve("home-env"), dss.api())
        .env("GOOGLE_APPLICATION_CREDENTIALS", dss.dss().userKeyFile().toString())
        .env("AWS_ENDPOINT_URL_S3", dss.dss().s3Url())
        .env("AWS_ACCESS_KEY_ID", dss.dss().settings().s3AccessKey())
        .env("AWS_SECRET_ACCESS_KEY", "not-the-secret");

    CliRunner.Result r = env.dss("dss", "upload", "--src-dir", src.toString(), "--replica", "aws",
        "--staging-bucket", LocalDss.STAGING_BUCKET);

    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.stderr()).startsWith("hca: staging bucket hca-staging on " + dss.dss().s3Url() + " cannot be written: ")
        .endsWith("(HTTP 403)\n");
  }

  @Test
  void anEmptyFolderIsOneLineWithExitCode7() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("empty/nothing-below"));
    int before = UploadTrees.bundleCount(dss, "aws");

    CliRunner.Result r = upload(src.getParent());

    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.stderr()).isEqualTo("hca: " + src.getParent() + ": the folder has no files to upload\n");
    assertThat(UploadTrees.bundleCount(dss, "aws")).isEqualTo(before);
  }

  @Test
  void aSymbolicLinkLoopIsOneLineWithExitCode7AndNothingRegistered() throws Exception {
    Path src = tmp.resolve("loop");
    UploadTrees.write(src, Map.of("a.txt", "a".getBytes()));
    Files.createSymbolicLink(src.resolve("x"), src.resolve("y"));
    Files.createSymbolicLink(src.resolve("y"), src.resolve("x"));
    int before = UploadTrees.bundleCount(dss, "aws");

    CliRunner.Result r = upload(src);

    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.stderr()).matches("hca: " + src + "/[xy]: a symbolic link loop\n");
    assertThat(UploadTrees.bundleCount(dss, "aws")).isEqualTo(before);
  }

  @Test
  void filesThatFailToRegisterExitWith8AndTheSameBundleUuidResumes() throws Exception {
    Path src = tmp.resolve("partial");
    UploadTrees.write(src, Map.of("small.json", "{}".getBytes(), "big.bin", UploadTrees.random(2 * 1024 * 1024, 8)));
    String bundle = UUID.randomUUID().toString();

    CliRunner.Result failed = upload(src, "--bundle-uuid", bundle, "--timeout-seconds", "0", "--no-progress");

    assertThat(failed.code()).as(failed.toString()).isEqualTo(ExitCodes.PARTIAL);
    assertThat(failed.stderr().lines()).hasSize(1);
    assertThat(failed.stderr()).startsWith("hca: 1 of 2 files failed in registration (big.bin: registration: ")
        .contains("no bundle was created; report: " + tmp.resolve("hca-upload-" + bundle + ".tsv"));
    assertThat(failed.out()).isEmpty();
    assertThat(UploadTrees.bundle(dss, bundle, "aws").status()).isEqualTo(404);

    CliRunner.Result resumed = upload(src, "--bundle-uuid", bundle, "--no-progress");

    assertThat(resumed.code()).as(resumed.toString()).isZero();
    assertThat(resumed.json().get("bundle_uuid").asText()).isEqualTo(bundle);
    assertThat(UploadTrees.bundle(dss, bundle, "aws").status()).isEqualTo(200);
  }

  @Test
  void badOptionValuesAreUsageErrors() {
    CliRunner.Result r = upload(tmp, "--bundle-uuid", "not-a-uuid");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderr()).isEqualTo("hca: bundle uuid must be a lower-case uuid, not 'not-a-uuid'\n");
    CliRunner.Result replica = hca.dss("dss", "upload", "--src-dir", tmp.toString(), "--replica", "azure",
        "--staging-bucket", "b");
    assertThat(replica.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(replica.stderr()).isEqualTo("hca: replica must be aws or gcp, not azure\n");
  }

  @Test
  void uploadIsListedWithTheOtherDssCommandsAndHasHelp() {
    assertThat(hca.dss("dss", "--help").out()).contains("upload").contains("Upload a folder of files as a new bundle.");
    CliRunner.Result help = hca.dss("dss", "upload", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("--src-dir=DIR").contains("--staging-bucket=BUCKET").contains("--bundle-uuid=UUID")
        .contains("--timeout-seconds=N").contains("--no-json-indexed").contains("--endpoints=FILE")
        .doesNotContain("--multipart-threshold");
  }
}
