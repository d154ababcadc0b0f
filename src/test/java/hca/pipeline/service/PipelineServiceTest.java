package hca.pipeline.service;

import static hca.pipeline.service.PipelineFixture.await;
import static hca.testing.DownloadFixture.stored;
import static hca.testing.DownloadFixture.tsv;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import hca.localdss.notify.NotificationSigner;
import hca.testing.DownloadFixture;
import hca.testing.DownloadFixture.Stored;
import hca.testing.Http;
import hca.testing.LocalDssExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline service over a local DSS: inbox, job API, syncs, callbacks, health and metrics. */
class PipelineServiceTest {

  @RegisterExtension static LocalDssExtension dss = new LocalDssExtension();

  @TempDir Path tmp;

  private PipelineFixture pipeline;

  @AfterEach
  void stop() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  private static List<Path> list(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
  }

  private static Path only(Path dir, String suffix) throws IOException {
    List<Path> l = list(dir).stream().filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
    assertThat(l).as("files ending %s in %s", suffix, dir).hasSize(1);
    return l.get(0);
  }

  private static boolean has(Path dir, String suffix) {
    try {
      return list(dir).stream().anyMatch(p -> p.getFileName().toString().endsWith(suffix));
    } catch (IOException e) {
      return false;
    }
  }

  private void assertAllStored(List<Stored> files, Path downloads) throws IOException {
    for (Stored s : files) {
      Path p = stored(downloads, s.sha256());
      assertThat(p).exists();
      assertThat(DownloadFixture.sha256(Files.readAllBytes(p))).isEqualTo(s.sha256());
      Path linked = downloads.resolve(s.bundleUuid() + "." + s.bundleVersion()).resolve(s.name());
      assertThat(Files.readAllBytes(linked)).isEqualTo(s.file().content());
    }
  }

  @Test
  void aManifestDroppedIntoTheInboxEndsInDoneWithEveryFileVerifiedAndItsReport() throws Exception {
    pipeline = PipelineFixture.start(dss, tmp, Map.of());
    List<Stored> files = DownloadFixture.bundle(dss, 2, 3, 101);
    pipeline.drop(DownloadFixture.manifest(tmp.resolve("m.tsv"), files), "first.tsv");

    Path done = pipeline.inbox().resolve(".done");
    await("the manifest in .done", Duration.ofSeconds(60), () -> has(done, "-first.tsv"));
    assertThat(pipeline.inbox().resolve("first.tsv")).doesNotExist();
    Path manifest = only(done, "-first.tsv");
    String job = manifest.getFileName().toString().replace("-first.tsv", "");
    List<Map<String, String>> report = tsv(done.resolve(job + "-first.report.tsv"));
    assertThat(report).hasSize(5).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("FETCHED"));
    assertAllStored(files, pipeline.downloads());

    JsonNode j = pipeline.api("GET", "/jobs/" + job, null).json();
    assertThat(j.path("state").asText()).isEqualTo("DONE");
    assertThat(j.path("kind").asText()).isEqualTo("manifest");
    assertThat(j.path("fetched").asLong()).isEqualTo(5);
    assertThat(j.path("source").asText()).isEqualTo("inbox:first.tsv");
  }

  @Test
  void aManifestStillBeingWrittenIsTakenOnlyWhenComplete() throws Exception {
    pipeline = PipelineFixture.start(dss, tmp, Map.of());
    List<Stored> files = DownloadFixture.bundle(dss, 0, 6, 102);
    String text = Files.readString(DownloadFixture.manifest(tmp.resolve("slow.tsv"), files));
    Path target = pipeline.inbox().resolve("slow.tsv");
    // a line every 0.4 s, the last one written in two halves: a consumer that took the file early
    // would see a partial manifest (fewer rows, or a broken last row)
    try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
      for (String line : text.split("(?<=\n)")) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length / 2);
        out.flush();
        Thread.sleep(200);
        out.write(b, b.length / 2, b.length - b.length / 2);
        out.flush();
        Thread.sleep(200);
      }
    }
    Path done = pipeline.inbox().resolve(".done");
    await("the manifest in .done", Duration.ofSeconds(60), () -> has(done, "-slow.tsv"));
    Path report = only(done, "-slow.report.tsv");
    assertThat(tsv(report)).hasSize(6).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("FETCHED"));
    assertThat(list(pipeline.inbox().resolve(".failed"))).isEmpty();
    assertThat(pipeline.service.jobs().ledger().jobs(10)).hasSize(1);
  }

  @Test
  void theSameManifestDroppedTwiceRunsOnce() throws Exception {
    pipeline = PipelineFixture.start(dss, tmp, Map.of());
    List<Stored> files = DownloadFixture.bundle(dss, 1, 2, 103);
    Path m = DownloadFixture.manifest(tmp.resolve("twice.tsv"), files);
    pipeline.drop(m, "once.tsv");
    Path done = pipeline.inbox().resolve(".done");
    await("the first manifest in .done", Duration.ofSeconds(60), () -> has(done, "-once.tsv"));
    pipeline.drop(m, "again.tsv");
    await("the second manifest in .done", Duration.ofSeconds(60), () -> has(done, "-again.tsv"));

    String first = only(done, "-once.tsv").getFileName().toString().replace("-once.tsv", "");
    assertThat(only(done, "-again.tsv").getFileName().toString()).isEqualTo(first + "-again.tsv");
    assertThat(Files.readString(done.resolve(first + "-again.duplicate.txt")))
        .contains("the same content as job " + first).contains("not run again");
    assertThat(pipeline.service.jobs().ledger().jobs(10)).hasSize(1);
    assertThat(pipeline.service.jobs().ledger().fileCount(first, "FETCHED")).isEqualTo(3);
  }

  @Test
  void aBadManifestGoesToFailedWithAReadableError() throws Exception {
    pipeline = PipelineFixture.start(dss, tmp, Map.of());
    Path bad = tmp.resolve("bad.tsv");
    Files.writeString(bad, "file_uuid\tfile_name\nnot-a-uuid\tx\n");
    pipeline.drop(bad, "bad.tsv");
    Path empty = tmp.resolve("empty.tsv");
    Files.writeString(empty, "");
    pipeline.drop(empty, "empty.tsv");

    Path failed = pipeline.inbox().resolve(".failed");
    await("both manifests in .failed", Duration.ofSeconds(60), () -> has(failed, "-bad.tsv") && has(failed, "-empty.tsv"));
    String badError = Files.readString(only(failed, "-bad.error.txt"));
    assertThat(badError).startsWith("bad.tsv: job ").contains("failed").contains("file_sha256");
    assertThat(Files.readString(only(failed, "-empty.error.txt"))).contains("empty");
    assertThat(list(pipeline.inbox().resolve(".done"))).isEmpty();
    Path store = pipeline.downloads().resolve(".hca");
    assertThat(store).doesNotExist();
  }

  @Test
  void theJobApiNeedsItsTokenAndRunsBundleAndManifestJobs() throws Exception {
    pipeline = PipelineFixture.start(dss, tmp, Map.of());
    List<Stored> files = DownloadFixture.bundle(dss, 1, 2, 104);

    Http.Response none = Http.send("GET", pipeline.base + "/jobs", null, Map.of());
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.headers().get("WWW-Authenticate")).isNotNull();
    Http.Response wrong = Http.send("POST", pipeline.base + "/jobs", "{\"bundle_uuid\": \"" + files.get(0).bundleUuid() + "\"}",
        Map.of("Authorization", "Bearer nope", "Content-Type", "application/json"));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(pipeline.service.jobs().ledger().jobs(10)).isEmpty();

    Http.Response bad = pipeline.api("POST", "/jobs", "{\"bundle_uuid\": \"../../etc\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().path("title").asText()).contains("bundle_uuid");

    Http.Response posted = pipeline.api("POST", "/jobs", "{\"bundle_uuid\": \"" + files.get(0).bundleUuid()
        + "\", \"bundle_version\": \"" + files.get(0).bundleVersion() + "\"}");
    assertThat(posted.status()).as(posted.toString()).isEqualTo(202);
    String id = posted.json().path("id").asText();
    assertThat(posted.headers().get("Location")).containsExactly("/jobs/" + id);
    await("the bundle job done", Duration.ofSeconds(60),
        () -> pipeline.api("GET", "/jobs/" + id, null).json().path("state").asText().equals("DONE"));
    assertAllStored(files, pipeline.downloads());
    assertThat(pipeline.api("GET", "/jobs/" + id, null).json().path("fetched").asLong()).isEqualTo(3);

    String tsvText = Files.readString(DownloadFixture.manifest(tmp.resolve("api.tsv"), files));
    Http.Response m = Http.send("POST", pipeline.base + "/jobs", tsvText,
        Map.of("Authorization", "Bearer test-token", "Content-Type", "text/tab-separated-values"));
    assertThat(m.status()).isEqualTo(202);
    String mid = m.json().path("id").asText();
    await("the manifest job done", Duration.ofSeconds(60),
        () -> pipeline.api("GET", "/jobs/" + mid, null).json().path("state").asText().equals("DONE"));
    JsonNode mj = pipeline.api("GET", "/jobs/" + mid, null).json();
    assertThat(mj.path("present").asLong()).isEqualTo(3);
    assertThat(mj.path("fetched").asLong()).isZero();

    JsonNode all = pipeline.api("GET", "/jobs", null).json();
    assertThat(all.path("jobs")).hasSize(2);
    assertThat(pipeline.api("GET", "/jobs/" + java.util.UUID.randomUUID(), null).status()).isEqualTo(404);
  }

  @Test
  void anUploadJobStagesRegistersAndBundlesAFolder() throws Exception {
    pipeline = PipelineFixture.start(dss, tmp, Map.of("hca.staging.endpoints",
        dss.dataDir().resolve("endpoints.json").toString()));
    Path src = pipeline.home.resolve("uploads").resolve("to-upload");
    Files.createDirectories(src.resolve("reads"));
    byte[] reads = new byte[300_000];
    new java.util.Random(5).nextBytes(reads);
    Files.write(src.resolve("reads/R1.fastq.gz"), reads);
    Files.writeString(src.resolve("sample.json"), "{\"sample\": \"upload-job\"}");

    Http.Response bad = pipeline.api("POST", "/jobs", "{\"upload\": \"relative/dir\", \"staging_bucket\": \"hca-staging\"}");
    assertThat(bad.status()).isEqualTo(400);
    Http.Response posted = pipeline.api("POST", "/jobs",
        "{\"upload\": \"" + src + "\", \"staging_bucket\": \"hca-staging\", \"replica\": \"aws\"}");
    assertThat(posted.status()).as(posted.toString()).isEqualTo(202);
    String id = posted.json().path("id").asText();
    await("the upload job ended", Duration.ofSeconds(90), () -> {
      String st = pipeline.api("GET", "/jobs/" + id, null).json().path("state").asText();
      return st.equals("DONE") || st.equals("FAILED");
    });
    JsonNode job = pipeline.api("GET", "/jobs/" + id, null).json();
    assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("DONE");
    assertThat(job.path("files").asLong()).isEqualTo(2);
    assertThat(job.path("uploaded").asLong()).isEqualTo(2);
    assertThat(job.has("fetched")).isFalse();
    JsonNode result = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(pipeline.home.resolve("jobs").resolve(id).resolve("result.json").toFile());
    String bundle = result.path("bundle_uuid").asText();
    String version = result.path("version").asText();
    JsonNode got = Http.call("GET", dss.api() + "/bundles/" + bundle + "?replica=aws&version=" + version, null,
        dss.token()).json();
    assertThat(got.path("bundle").path("files").findValuesAsText("name"))
        .containsExactlyInAnyOrder("reads/R1.fastq.gz", "sample.json");
    for (JsonNode f : got.path("bundle").path("files")) {
      byte[] expected = f.path("name").asText().equals("sample.json")
          ? "{\"sample\": \"upload-job\"}".getBytes(StandardCharsets.UTF_8) : reads;
      assertThat(f.path("sha256").asText()).isEqualTo(DownloadFixture.sha256(expected));
    }
  }

  @Test
  void healthAndMetricsAnswerWithoutAToken() throws Exception {
    pipeline = PipelineFixture.start(dss, tmp, Map.of());
    List<Stored> files = DownloadFixture.bundle(dss, 0, 2, 105);
    pipeline.drop(DownloadFixture.manifest(tmp.resolve("h.tsv"), files), "h.tsv");
    await("the manifest in .done", Duration.ofSeconds(60), () -> has(pipeline.inbox().resolve(".done"), "-h.tsv"));

    Http.Response live = Http.get(pipeline.base + "/health/live");
    assertThat(live.status()).isEqualTo(200);
    Http.Response ready = Http.get(pipeline.base + "/health/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().path("checks").path("ledger").asText()).isEqualTo("UP");
    Http.Response metrics = Http.get(pipeline.base + "/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.headers().get("Content-Type").get(0)).startsWith("text/plain");
    long bytes = files.stream().mapToLong(s -> s.file().content().length).sum();
    assertThat(metrics.text())
        .contains("hca_files_total{status=\"FETCHED\"} 2\n")
        .contains("hca_bytes_total " + bytes + "\n")
        .contains("hca_jobs_total{kind=\"manifest\",state=\"DONE\"} 1\n")
        .contains("hca_inflight_exchanges{route=\"fetch-file\"} 0\n");
  }

  @Test
  void aTimerSyncDownloadsABundleAddedAfterThePipelineStarted() throws Exception {
    long seed = 4242;
    Path query = tmp.resolve("sync-query.json");
    Files.writeString(query, "{\"es_query\": {\"query\": {\"term\": {\"files.meta_json.seed\": " + seed + "}}}}");
    Map<String, String> sync = new HashMap<>();
    sync.put("hca.sync.fresh.query-file", query.toString());
    sync.put("hca.sync.fresh.every", "1s");
    pipeline = PipelineFixture.start(dss, tmp, sync);
    await("a first sync run", Duration.ofSeconds(30), () -> jobsOfKind("sync") >= 1);

    List<Stored> files = DownloadFixture.bundle(dss, 1, 2, seed);
    Path bundleDir = pipeline.downloads().resolve(files.get(0).bundleUuid() + "." + files.get(0).bundleVersion());
    await("the new bundle downloaded", Duration.ofSeconds(60),
        () -> files.stream().allMatch(s -> Files.exists(bundleDir.resolve(s.name()))));
    assertAllStored(files, pipeline.downloads());
    assertThat(bundleDir.resolve("bundle.json")).exists();
    assertThat(pipeline.service.jobs().ledger()
        .hasBundle("sync:fresh", files.get(0).bundleUuid(), files.get(0).bundleVersion())).isTrue();
    // later runs find it taken and fetch nothing
    long runs = jobsOfKind("sync");
    await("two more sync runs", Duration.ofSeconds(30), () -> jobsOfKind("sync") >= runs + 2);
    assertThat(pipeline.service.jobs().ledger().jobs(100).stream()
        .filter(j -> j.kind().equals("sync")).mapToLong(Ledger.JobRow::fetched).sum()).isEqualTo(3);
  }

  @Test
  void aCronSyncRunsOnItsQuartzSchedule() throws Exception {
    long seed = 4343;
    List<Stored> files = DownloadFixture.bundle(dss, 1, 1, seed);
    Path query = tmp.resolve("cron-query.json");
    Files.writeString(query, "{\"query\": {\"term\": {\"files.meta_json.seed\": " + seed + "}}}");
    pipeline = PipelineFixture.start(dss, tmp, Map.of("hca.sync.nightly.query-file", query.toString(),
        "hca.sync.nightly.cron", "0/1 * * * * ?"));
    await("a cron sync run", Duration.ofSeconds(30), () -> jobsOfKind("sync") >= 1);
    assertAllStored(files, pipeline.downloads());
    assertThat(pipeline.service.camel().getRoute("sync-nightly").getEndpoint().getEndpointUri()).startsWith("quartz:");
  }

  private long jobsOfKind(String kind) {
    try {
      return pipeline.service.jobs().ledger().jobs(1000).stream()
          .filter(j -> j.kind().equals(kind) && j.state() == Ledger.State.DONE).count();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aSignedSubscriptionCallbackDownloadsTheBundleAndABadSignatureRunsNothing() throws Exception {
    long seed = 777;
    // a real subscription, registered from the configuration: the local DSS signs its notification with our key
    Path query = tmp.resolve("sub-query.json");
    Files.writeString(query, "{\"es_query\": {\"query\": {\"term\": {\"files.meta_json.seed\": " + seed + "}}}}");
    pipeline = PipelineFixture.start(dss, tmp, Map.of("hca.callbacks.secret", "s3cret", "hca.callbacks.key-id", "k1",
        "hca.subscribe.fresh.query-file", query.toString()));
    JsonNode subs = Http.call("GET", dss.api() + "/subscriptions?replica=aws&subscription_type=elasticsearch", null,
        dss.token()).json().path("subscriptions");
    assertThat(subs.findValuesAsText("callback_url")).containsOnlyOnce(pipeline.base + "/callbacks/dss");
    List<Stored> files = DownloadFixture.bundle(dss, 1, 2, seed);
    Path bundleDir = pipeline.downloads().resolve(files.get(0).bundleUuid() + "." + files.get(0).bundleVersion());
    await("the notified bundle downloaded", Duration.ofSeconds(60),
        () -> files.stream().allMatch(s -> Files.exists(bundleDir.resolve(s.name()))));
    assertAllStored(files, pipeline.downloads());

    // forged: signed with another secret, or not at all
    List<Stored> other = DownloadFixture.bundle(dss, 1, 1, seed + 1);
    byte[] body = ("{\"subscription_id\": \"x\", \"match\": {\"bundle_uuid\": \"" + other.get(0).bundleUuid()
        + "\", \"bundle_version\": \"" + other.get(0).bundleVersion() + "\"}}").getBytes(StandardCharsets.UTF_8);
    Map<String, String> forged = new HashMap<>(NotificationSigner.headers("k1", "guess", body, ZonedDateTime.now()));
    forged.put("Content-Type", "application/json");
    Http.Response r1 = Http.send("POST", pipeline.base + "/callbacks/dss", new String(body, StandardCharsets.UTF_8), forged);
    assertThat(r1.status()).isEqualTo(401);
    assertThat(r1.json().path("title").asText()).contains("signature does not match");
    Http.Response r2 = Http.send("POST", pipeline.base + "/callbacks/dss", new String(body, StandardCharsets.UTF_8),
        Map.of("Content-Type", "application/json"));
    assertThat(r2.status()).isEqualTo(401);
    Map<String, String> stale = new HashMap<>(NotificationSigner.headers("k1", "s3cret", body, ZonedDateTime.now().minusHours(1)));
    stale.put("Content-Type", "application/json");
    assertThat(Http.send("POST", pipeline.base + "/callbacks/dss", new String(body, StandardCharsets.UTF_8), stale).status())
        .isEqualTo(401);
    Thread.sleep(1000);
    assertThat(pipeline.downloads().resolve(other.get(0).bundleUuid() + "." + other.get(0).bundleVersion())).doesNotExist();
    assertThat(pipeline.service.jobs().ledger().jobs(10)).hasSize(1);
    assertThat(Http.get(pipeline.base + "/metrics").text()).contains("hca_callbacks_refused_total 3\n");
  }
}
