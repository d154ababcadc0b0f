package hca.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import hca.config.ConfigEnvironment;
import hca.config.HcaConfig;
import hca.dss.DssClient;
import hca.localdss.LocalDss;
import hca.testing.LocalDssExtension;
import hca.testing.Staging;
import hca.testing.UploadTrees;
import hca.transfer.Checksummer;
import hca.transfer.Checksums;
import hca.transfer.UploadRequest;
import hca.transfer.UploadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upload flow end to end against the local DSS, on both replicas: what was uploaded is
 * registered under its relative names at one version, reads back byte for byte, and its JSON is
 * searchable. A file above the (lowered) asynchronous copy threshold takes the 202 + HEAD path.
 * Uploads go through {@link DssClient#upload}, as a library user calls it.
 */
class UploadFlowTest {

  @RegisterExtension
  static LocalDssExtension dss = new LocalDssExtension(o -> o.withAsyncCopyThreshold(1024 * 1024));

  @TempDir static Path tmp;
  static DssClient client;

  @BeforeAll
  static void setUp() {
    client = UploadTrees.client(dss, tmp.resolve("home"));
  }

  private static UploadResult upload(Path src, String replica) throws Exception {
    return Uploads.upload(client,
        UploadRequest.builder(src, replica, LocalDss.STAGING_BUCKET).staging(UploadTrees.staging(dss)).build());
  }

  @Test
  void aNestedFolderUploadedToAwsReadsBackByteForByteAndItsJsonIsSearchable() throws Exception {
    uploadsAndReadsBack("aws");
  }

  @Test
  void aNestedFolderUploadedToGcpReadsBackByteForByteAndItsJsonIsSearchable() throws Exception {
    uploadsAndReadsBack("gcp");
  }

  private static void uploadsAndReadsBack(String replica) throws Exception {
    Path src = tmp.resolve("src-" + replica);
    String tag = "tag-" + UUID.randomUUID();
    Map<String, byte[]> files = UploadTrees.nested(src, tag, 3 * 1024 * 1024 + 17);

    UploadResult r = upload(src, replica);

    assertThat(r.replica()).isEqualTo(replica);
    assertThat(r.files()).extracting(UploadResult.File::name).containsExactlyInAnyOrderElementsOf(files.keySet());
    assertThat(r.files()).extracting(UploadResult.File::version).containsOnly(r.version());
    JsonNode bundle = UploadTrees.bundle(dss, r.bundleUuid(), replica).json().get("bundle");
    assertThat(bundle.get("version").asText()).isEqualTo(r.version());
    Map<String, JsonNode> byName = new HashMap<>();
    bundle.get("files").forEach(f -> byName.put(f.get("name").asText(), f));
    assertThat(byName.keySet()).isEqualTo(files.keySet());
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      JsonNode f = byName.get(e.getKey());
      assertThat(f.get("version").asText()).isEqualTo(r.version());
      assertThat(f.get("indexed").asBoolean()).as(e.getKey()).isEqualTo(e.getKey().endsWith(".json"));
      assertThat(f.get("sha256").asText()).isEqualTo(Checksummer.of(e.getValue()).sha256());
      byte[] back = UploadTrees.fileBytes(dss, f.get("uuid").asText(), r.version(), replica);
      assertThat(back).as(e.getKey()).isEqualTo(e.getValue());
    }
    // and through the download flow: the bundle layout holds the same bytes under the same names
    Path down = tmp.resolve("down-" + replica);
    hca.transfer.DownloadSummary d = Downloads.bundle(client, r.bundleUuid(), replica, down);
    assertThat(d.ok()).isTrue();
    assertThat(d.fetched()).isEqualTo(files.size());
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      assertThat(java.nio.file.Files.readAllBytes(down.resolve(r.bundleUuid() + "." + r.version()).resolve(e.getKey())))
          .as(e.getKey()).isEqualTo(e.getValue());
    }
    assertThat(byName.get("data/reads/R1.fastq.gz").get("content-type").asText()).isEqualTo("application/gzip");
    assertThat(byName.get("donor_organism_0.json").get("content-type").asText()).isEqualTo("application/json");

    JsonNode hits = UploadTrees.search(dss, replica,
        "{\"query\": {\"match\": {\"files.donor_organism_json.upload_tag\": \"" + tag + "\"}}}");
    assertThat(hits.get("total_hits").asInt()).isEqualTo(1);
    assertThat(hits.get("results").get(0).get("bundle_fqid").asText()).isEqualTo(r.bundleUuid() + "." + r.version());
  }

  @Test
  void theClientsUploadTakesTheStagingEndpointsFromItsEnvironmentOnBothClouds() throws Exception {
    Map<String, String> env = Map.of(
        "GOOGLE_APPLICATION_CREDENTIALS", dss.dss().userKeyFile().toString(),
        "AWS_ENDPOINT_URL_S3", dss.dss().s3Url(),
        "AWS_ACCESS_KEY_ID", dss.dss().settings().s3AccessKey(),
        "AWS_SECRET_ACCESS_KEY", dss.dss().settings().s3SecretKey(),
        "STORAGE_EMULATOR_HOST", dss.dss().gcsUrl());
    Path home = tmp.resolve("home-env");
    DssClient fromEnv = DssClient.builder()
        .config(HcaConfig.load(new ConfigEnvironment(env, home, home.resolve("etc")), Map.of()))
        .swaggerUrl(dss.api() + "/swagger.json").build();
    for (String replica : new String[] {"aws", "gcp"}) {
      Path src = tmp.resolve("src-env-" + replica);
      byte[] content = UploadTrees.random(70_000, replica.hashCode());
      UploadTrees.write(src, Map.of("sub/x.bin", content));

      UploadResult r = Uploads.upload(fromEnv, src, replica, LocalDss.STAGING_BUCKET);

      assertThat(r.files()).extracting(UploadResult.File::name).containsExactly("sub/x.bin");
      assertThat(UploadTrees.fileBytes(dss, r.files().get(0).uuid(), r.version(), replica)).isEqualTo(content);
    }
  }

  @Test
  void objectsStagedToGcsCarryTheirChecksumsAndContentTypeAsMetadata() throws Exception {
    Path src = tmp.resolve("src-gcs-meta");
    byte[] reads = UploadTrees.random(200_000, 5);
    UploadTrees.write(src, Map.of("R2.fastq.gz", reads, "links.json", "{\"links\": []}".getBytes()));

    UploadResult r = upload(src, "gcp");

    UploadResult.File f = r.files().stream().filter(x -> x.name().equals("R2.fastq.gz")).findFirst().orElseThrow();
    String key = r.bundleUuid() + "/" + f.uuid() + "/R2.fastq.gz";
    try (Storage gcs = Staging.gcs(dss.dss())) {
      Blob blob = gcs.get(BlobId.of(LocalDss.STAGING_BUCKET, key));
      assertThat(blob).as(key).isNotNull();
      assertThat(blob.getContentType()).isEqualTo("application/gzip");
      assertThat(blob.getMetadata()).isEqualTo(Checksummer.of(reads).stagingMetadata());
    }
  }

  @Test
  void theReportSaysEveryFileWasRegistered() throws Exception {
    Path src = tmp.resolve("src-report");
    UploadTrees.write(src, Map.of("a.txt", "a".getBytes(), "b/c.csv", "x,y\n".getBytes()));

    UploadResult r = upload(src, "aws");

    assertThat(r.report()).isEqualTo(tmp.resolve("hca-upload-" + r.bundleUuid() + ".tsv"));
    var lines = Files.readAllLines(r.report());
    assertThat(lines.get(0)).isEqualTo(
        "name\tsize\tcontent_type\tfile_uuid\tfile_version\tsha256\tsource_url\tstatus\terror");
    assertThat(lines).hasSize(3);
    Checksums a = Checksummer.of("a".getBytes());
    assertThat(lines.get(1)).startsWith("a.txt\t1\ttext/plain\t").contains("\t" + a.sha256() + "\ts3://hca-staging/")
        .endsWith("\tregistered\t");
    assertThat(lines.get(2)).startsWith("b/c.csv\t4\ttext/csv\t").endsWith("\tregistered\t");
  }
}
