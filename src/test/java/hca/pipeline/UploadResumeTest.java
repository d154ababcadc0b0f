package hca.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import hca.dss.DssClient;
import hca.localdss.LocalDss;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import hca.testing.Http;
import hca.testing.LocalDssExtension;
import hca.testing.Staging;
import hca.testing.UploadTrees;
import hca.transfer.UploadFailedException;
import hca.transfer.UploadRequest;
import hca.transfer.UploadResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * When files fail, no bundle is created and the report says how far each got; running the upload
 * again with the same bundle uuid resumes it at the same version and file uuids, and finishes.
 */
class UploadResumeTest {

  @RegisterExtension
  static LocalDssExtension dss = new LocalDssExtension(o -> o.withAsyncCopyThreshold(1024 * 1024));

  @TempDir static Path tmp;
  static DssClient client;

  @BeforeAll
  static void setUp() {
    client = UploadTrees.client(dss, tmp.resolve("home"));
  }

  private static UploadRequest.Builder request(Path src, String replica, String bundleUuid) {
    return UploadRequest.builder(src, replica, LocalDss.STAGING_BUCKET)
        .staging(UploadTrees.staging(dss)).bundleUuid(bundleUuid);
  }

  /** The report's rows as name -> [file_uuid, file_version, status, error]. */
  private static Map<String, List<String>> report(Path report) throws IOException {
    Map<String, List<String>> rows = new HashMap<>();
    for (String line : Files.readAllLines(report).subList(1, Files.readAllLines(report).size())) {
      String[] c = line.split("\t", -1);
      rows.put(c[0], List.of(c[3], c[4], c[7], c[8]));
    }
    return rows;
  }

  @Test
  void aFileThatChangesWhileItIsReadFailsStagingAndNothingIsRegistered() throws Exception {
    Path src = tmp.resolve("changing");
    UploadTrees.write(src, Map.of("a.json", "{\"a\": 1}".getBytes(), "b.bin", UploadTrees.random(50_000, 1),
        "c/d.txt", "d".getBytes()));
    String bundle = UUID.randomUUID().toString();
    int bundlesBefore = UploadTrees.bundleCount(dss, "gcp");

    UploadFailedException e = (UploadFailedException) org.assertj.core.api.Assertions.catchThrowable(() ->
        Uploads.upload(client, request(src, "gcp", bundle).afterChecksum(p -> {
          if (p.endsWith("b.bin")) {
            append(p, "more");
          }
        }).build()));

    assertThat(e).isNotNull();
    assertThat(e.sourceProblem()).isTrue();
    assertThat(e.getMessage()).startsWith("1 of 3 files failed in staging (b.bin: staging: ")
        .contains("b.bin: the file changed while it was being read")
        .endsWith("to resume, run again with --bundle-uuid " + bundle);
    Map<String, List<String>> rows = report(e.report());
    assertThat(rows.get("b.bin").get(2)).isEqualTo("failed");
    assertThat(rows.get("a.json").get(2)).isEqualTo("staged");
    assertThat(rows.get("c/d.txt").get(2)).isEqualTo("staged");
    for (List<String> row : rows.values()) {
      assertThat(Http.send("HEAD", dss.api() + "/files/" + row.get(0) + "?replica=gcp", null, Map.of()).status())
          .isEqualTo(404);
    }
    assertThat(UploadTrees.bundle(dss, bundle, "gcp").status()).isEqualTo(404);
    assertThat(UploadTrees.bundleCount(dss, "gcp")).isEqualTo(bundlesBefore);
    Map<String, Long> generations = new HashMap<>();
    try (Storage gcs = Staging.gcs(dss.dss())) {
      for (String name : List.of("a.json", "c/d.txt")) {
        String key = bundle + "/" + rows.get(name).get(0) + "/" + name;
        generations.put(name, gcs.get(BlobId.of(LocalDss.STAGING_BUCKET, key)).getGeneration());
      }
    }

    UploadResult r = Uploads.upload(client, request(src, "gcp", bundle).build());

    // the files staged by the first run, unchanged since, were not read and sent again
    try (Storage gcs = Staging.gcs(dss.dss())) {
      for (String name : List.of("a.json", "c/d.txt")) {
        String key = bundle + "/" + rows.get(name).get(0) + "/" + name;
        assertThat(gcs.get(BlobId.of(LocalDss.STAGING_BUCKET, key)).getGeneration()).as(name).isEqualTo(generations.get(name));
      }
    }
    assertThat(UploadTrees.fileBytes(dss, rows.get("b.bin").get(0), r.version(), "gcp")).isEqualTo(Files.readAllBytes(src.resolve("b.bin")));
    assertThat(r.version()).isEqualTo(rows.get("a.json").get(1));
    assertThat(r.files()).extracting(UploadResult.File::uuid)
        .containsExactlyInAnyOrder(rows.get("a.json").get(0), rows.get("b.bin").get(0), rows.get("c/d.txt").get(0));
    assertThat(UploadTrees.bundle(dss, bundle, "gcp").status()).isEqualTo(200);
  }

  @Test
  void aCopyNotDoneByTheTimeoutFailsRegistrationAndARerunFinishesWithTheSameVersion() throws Exception {
    Path src = tmp.resolve("slow");
    byte[] big = UploadTrees.random(2 * 1024 * 1024 + 1, 2);
    UploadTrees.write(src, Map.of("small.json", "{\"s\": 1}".getBytes(), "big.bin", big));
    String bundle = UUID.randomUUID().toString();

    assertThatThrownBy(() -> Uploads.upload(client, request(src, "aws", bundle).timeout(Duration.ZERO).build()))
        .isInstanceOfSatisfying(UploadFailedException.class, e -> {
          assertThat(e.sourceProblem()).isFalse();
          assertThat(e.getMessage()).startsWith("1 of 2 files failed in registration (big.bin: registration: "
              + "the DSS did not finish copying the file within 0 s");
        });
    Path report = tmp.resolve("hca-upload-" + bundle + ".tsv");
    Map<String, List<String>> first = report(report);
    assertThat(first.get("small.json").get(2)).isEqualTo("registered");
    assertThat(first.get("big.bin").get(2)).isEqualTo("failed");
    assertThat(UploadTrees.bundle(dss, bundle, "aws").status()).isEqualTo(404);
    assertThat(tmp.resolve(".hca-upload-" + bundle + ".json")).exists();

    UploadResult r = Uploads.upload(client, request(src, "aws", bundle).build());

    assertThat(r.version()).isEqualTo(first.get("small.json").get(1));
    Map<String, List<String>> second = report(report);
    assertThat(second.get("small.json")).containsExactly(first.get("small.json").get(0), r.version(), "registered", "");
    assertThat(second.get("big.bin").get(0)).isEqualTo(first.get("big.bin").get(0));
    assertThat(second.get("big.bin").get(2)).isEqualTo("registered");
    JsonNode files = UploadTrees.bundle(dss, bundle, "aws").json().get("bundle").get("files");
    assertThat(files).hasSize(2);
    assertThat(UploadTrees.fileBytes(dss, second.get("big.bin").get(0), r.version(), "aws")).isEqualTo(big);
    // registering the same file at the same version again is what the re-run relied on
    UploadResult.File small = r.files().stream().filter(f -> f.name().equals("small.json")).findFirst().orElseThrow();
    assertThat(client.putFile(small.uuid(), r.version(), small.sourceUrl(), 0).status()).isEqualTo(200);
  }

  @Test
  void aStagedObjectGoneBeforeTheRerunFailsRegistrationOnceAndTheNextRunStagesItAgain() throws Exception {
    Path src = tmp.resolve("gone");
    byte[] kept = UploadTrees.random(40_000, 3);
    UploadTrees.write(src, Map.of("kept.bin", kept, "moving.txt", "v1".getBytes()));
    String bundle = UUID.randomUUID().toString();
    assertThatThrownBy(() -> Uploads.upload(client, request(src, "aws", bundle).afterChecksum(p -> {
      if (p.endsWith("moving.txt")) {
        append(p, "+");
      }
    }).build())).isInstanceOf(UploadFailedException.class);
    Path report = tmp.resolve("hca-upload-" + bundle + ".tsv");
    String keptUuid = report(report).get("kept.bin").get(0);
    String key = bundle + "/" + keptUuid + "/kept.bin";
    try (var s3 = Staging.s3(dss.dss())) {
      s3.deleteObject(b -> b.bucket(LocalDss.STAGING_BUCKET).key(key));
    }

    assertThatThrownBy(() -> Uploads.upload(client, request(src, "aws", bundle).build()))
        .isInstanceOfSatisfying(UploadFailedException.class, e ->
            assertThat(e.getMessage()).startsWith("1 of 2 files failed in registration (kept.bin: registration: "));
    assertThat(report(report).get("moving.txt").get(2)).isEqualTo("registered");

    UploadResult r = Uploads.upload(client, request(src, "aws", bundle).build());

    assertThat(UploadTrees.fileBytes(dss, keptUuid, r.version(), "aws")).isEqualTo(kept);
    assertThat(UploadTrees.bundle(dss, bundle, "aws").json().get("bundle").get("files")).hasSize(2);
  }

  private static void append(Path p, String s) {
    try {
      Files.writeString(p, s, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
