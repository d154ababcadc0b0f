package hca.pipeline.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import hca.testing.DownloadFixture;
import hca.testing.DownloadFixture.Stored;
import hca.testing.Http;
import hca.testing.LocalDssExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** POST /jobs refuses paths outside its roots, the pipeline's own files and bad names, leaving nothing behind. */
class JobSubmissionTest {

  @RegisterExtension static LocalDssExtension dss = new LocalDssExtension();

  @TempDir Path tmp;

  private PipelineFixture pipeline;

  @AfterEach
  void stop() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  private Http.Response post(String json) {
    return pipeline.api("POST", "/jobs", json);
  }

  private static String field(String name, Path value) {
    return "{\"" + name + "\": " + Http.json(value.toString()) + ", \"staging_bucket\": \"hca-staging\"}";
  }

  private void assertRefused(Http.Response r, String title) {
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.json().path("code").asText()).isEqualTo("bad_request");
    assertThat(r.json().path("title").asText()).isEqualTo(title);
  }

  /** No job row and no job folder: the refused requests had no effect on disk or in the ledger. */
  private void assertNoJobs() throws Exception {
    assertThat(pipeline.service.jobs().ledger().jobs(100)).isEmpty();
    assertThat(jobFolders()).isEmpty();
  }

  private List<Path> jobFolders() throws IOException {
    Path jobs = pipeline.home.resolve("jobs");
    if (!Files.isDirectory(jobs)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(jobs)) {
      return s.toList();
    }
  }

  @Test
  void pathsOutsideTheJobRootsAreRefusedAfterResolvingLinks() throws Exception {
    pipeline = PipelineFixture.start(dss, tmp, Map.of());
    String roots = pipeline.inbox() + ", " + pipeline.home.resolve("uploads") + ", " + pipeline.downloads();
    String outside = "is outside the folders jobs may read (hca.jobs.roots: " + roots + ")";
    Path uploads = Files.createDirectories(pipeline.home.resolve("uploads"));

    assertRefused(post(field("manifest", Path.of("/etc/passwd"))), "manifest: '/etc/passwd' " + outside);
    assertRefused(post(field("upload", Path.of("/etc"))), "upload: '/etc' " + outside);
    assertRefused(post(field("manifest", Path.of("/etc/no-such-file"))), "manifest: '/etc/no-such-file' " + outside);
    assertRefused(post(field("manifest", uploads.resolve("missing.tsv"))),
        "manifest: '" + uploads.resolve("missing.tsv") + "' is not a readable file named by an absolute path");
    Path linked = Files.createSymbolicLink(uploads.resolve("innocent.tsv"), Path.of("/etc/passwd"));
    assertRefused(post(field("manifest", linked)), "manifest: '" + linked + "' " + outside);
    Path linkedDir = Files.createSymbolicLink(uploads.resolve("etc"), Path.of("/etc"));
    assertRefused(post(field("upload", linkedDir)), "upload: '" + linkedDir + "' " + outside);
    Path dotdot = uploads.resolve("../../elsewhere");
    Files.createDirectories(dotdot);
    assertRefused(post(field("upload", dotdot)), "upload: '" + dotdot + "' " + outside);
    assertNoJobs();

    // inside a root, the same kinds of request are taken
    List<Stored> files = DownloadFixture.bundle(dss, 1, 0, 9101);
    Path ok = DownloadFixture.manifest(uploads.resolve("ok.tsv"), files);
    Http.Response taken = post(field("manifest", ok));
    assertThat(taken.status()).as(taken.toString()).isEqualTo(202);
    String id = taken.json().path("id").asText();
    assertThat(Files.readString(pipeline.home.resolve("jobs").resolve(id).resolve("ok.tsv")))
        .isEqualTo(Files.readString(ok));
    assertThat(jobFolders()).containsExactly(pipeline.home.resolve("jobs").resolve(id));
  }

  @Test
  void thePipelinesOwnFilesAreRefusedWhateverTheRootsSay() throws Exception {
    Path home = tmp.resolve("home");
    Path localDss = home.resolve("local-dss");
    pipeline = PipelineFixture.start(dss, tmp, Map.of("hca.jobs.roots", tmp.toString(),
        "hca.local-dss.data", localDss.toString()));
    Path credentials = Files.createDirectories(localDss.resolve("credentials"));
    Files.writeString(credentials.resolve("admin.json"), "{\"private_key\": \"secret\"}");
    Path jobInput = Files.createDirectories(home.resolve("jobs").resolve("earlier"));
    Files.writeString(jobInput.resolve("m.tsv"), "file_uuid\n");
    Files.writeString(home.resolve("api-token"), "a token made on an earlier start\n"); // (the fixture sets its own)
    String own = "is one of the pipeline's own files, which jobs never read";

    assertRefused(post(field("upload", credentials)), "upload: '" + credentials + "' " + own);
    assertRefused(post(field("upload", localDss)), "upload: '" + localDss + "' " + own);
    assertRefused(post(field("manifest", credentials.resolve("admin.json"))),
        "manifest: '" + credentials.resolve("admin.json") + "' " + own);
    assertRefused(post(field("manifest", home.resolve("api-token"))), "manifest: '" + home.resolve("api-token") + "' " + own);
    assertRefused(post(field("manifest", home.resolve("ledger.mv.db"))),
        "manifest: '" + home.resolve("ledger.mv.db") + "' " + own);
    assertRefused(post(field("manifest", jobInput.resolve("m.tsv"))), "manifest: '" + jobInput.resolve("m.tsv") + "' " + own);
    assertRefused(post(field("upload", home)),
        "upload: '" + home + "' is a folder that holds the pipeline's own files, which jobs never read");
    Path link = Files.createSymbolicLink(tmp.resolve("token.tsv"), home.resolve("api-token"));
    assertRefused(post(field("manifest", link)), "manifest: '" + link + "' " + own);

    // a link inside an upload folder that leads to a secret: the whole upload is refused
    Path batch = Files.createDirectories(tmp.resolve("batch"));
    Files.writeString(batch.resolve("sample.json"), "{}");
    Path key = Files.createSymbolicLink(batch.resolve("key.json"), credentials.resolve("admin.json"));
    assertRefused(post(field("upload", batch)), "upload: '" + key + "' is a symbolic link to '"
        + credentials.resolve("admin.json").toRealPath() + "', which " + own
        + "; links out of an upload folder's allowed roots are refused");

    assertThat(pipeline.service.jobs().ledger().jobs(100)).isEmpty();
    try (Stream<Path> s = Files.list(home.resolve("jobs"))) {
      assertThat(s.toList()).containsExactly(jobInput);
    }
  }

  @Test
  void anUploadJobWhoseFolderGainedALinkToASecretFailsWithoutUploadingIt() throws Exception {
    pipeline = PipelineFixture.start(dss, tmp, Map.of("hca.staging.endpoints",
        dss.dataDir().resolve("endpoints.json").toString(), "hca.jobs.concurrent", "1"));
    Path batch = Files.createDirectories(pipeline.home.resolve("uploads").resolve("batch"));
    Files.writeString(batch.resolve("sample.json"), "{}");
    // the job is recorded, then the folder changes before it runs: the run checks again
    Ledger.JobRow job = pipeline.service.jobs().newUploadJob(batch, "aws", "hca-staging", null, "http");
    Path token = Files.writeString(pipeline.home.resolve("api-token"), "a token made on an earlier start\n");
    Path key = Files.createSymbolicLink(batch.resolve("token.txt"), token);
    Ledger.JobRow end = pipeline.service.jobs().runNow(job.id());
    assertThat(end.state()).isEqualTo(Ledger.State.FAILED);
    assertThat(end.error()).isEqualTo("upload: '" + key + "' is a symbolic link to '" + token.toRealPath()
        + "', which is one of the pipeline's own files, which jobs never read; "
        + "links out of an upload folder's allowed roots are refused");
    assertThat(pipeline.home.resolve("jobs").resolve(job.id()).resolve("result.json")).doesNotExist();
  }

  @Test
  void aJobNameOf5000CharactersIsRefusedWithNothingLeftBehind() throws Exception {
    pipeline = PipelineFixture.start(dss, tmp, Map.of());
    String manifest = "file_uuid\tfile_version\n";
    String limit = "name: a job name is 1 to 200 characters, letters, digits, '.', '_' and '-', starting with a letter "
        + "or digit";
    Http.Response longName = post("{\"manifest_tsv\": " + Http.json(manifest) + ", \"name\": \"" + "a".repeat(5000) + "\"}");
    assertRefused(longName, limit + " (this one has 5000 characters)");
    Http.Response upward = post("{\"manifest_tsv\": " + Http.json(manifest) + ", \"name\": \"../up.tsv\"}");
    assertRefused(upward, limit + " (this one has 9 characters, not all of them allowed)");
    Http.Response hidden = post("{\"manifest_tsv\": " + Http.json(manifest) + ", \"name\": \".hidden\"}");
    assertRefused(hidden, limit + " (this one has 7 characters, not all of them allowed)");
    assertNoJobs();
    assertThat(Files.list(pipeline.home).filter(p -> p.getFileName().toString().startsWith(".posted")).toList()).isEmpty();

    Http.Response longest = post("{\"manifest_tsv\": " + Http.json(manifest) + ", \"name\": \"" + "b".repeat(200) + "\"}");
    assertThat(longest.status()).as(longest.toString()).isEqualTo(202);
    assertThat(longest.json().path("input").asText()).isEqualTo("b".repeat(200) + ".tsv");
  }

  @Test
  void aManifestJobThatCannotBeMadeLeavesNoFolderAndNoRow() throws Exception {
    pipeline = PipelineFixture.start(dss, tmp, Map.of());
    // a link swapped in for the checked file: the copy does not follow it, and the job is not made
    Path link = Files.createSymbolicLink(tmp.resolve("swapped.tsv"), Path.of("/etc/passwd"));
    assertThatThrownBy(() -> pipeline.service.jobs().newManifestJob(link, "http:swapped.tsv", "aws", null))
        .isInstanceOf(IOException.class);
    assertNoJobs();
    JsonNode list = pipeline.api("GET", "/jobs", null).json();
    assertThat(list.path("jobs")).isEmpty();
  }

  @Test
  void aSymbolicLinkDroppedIntoTheInboxIsRefusedWithoutCopyingWhatItNames() throws Exception {
    pipeline = PipelineFixture.start(dss, tmp, Map.of());
    Path link = pipeline.inbox().resolve(".link.tsv.part");
    Files.createSymbolicLink(link, Path.of("/etc/passwd"));
    Files.move(link, pipeline.inbox().resolve("link.tsv"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    Path failed = pipeline.inbox().resolve(".failed");
    PipelineFixture.await("the link in .failed", java.time.Duration.ofSeconds(30),
        () -> Files.isSymbolicLink(failed.resolve("refused-link.tsv")));
    assertThat(Files.readString(failed.resolve("refused-link.error.txt")))
        .isEqualTo("link.tsv: a symbolic link; the inbox takes only regular files\n");
    assertThat(Files.readSymbolicLink(failed.resolve("refused-link.tsv"))).isEqualTo(Path.of("/etc/passwd"));
    assertNoJobs();
  }
}
