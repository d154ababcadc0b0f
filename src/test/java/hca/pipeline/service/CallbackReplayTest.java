package hca.pipeline.service;

import static hca.pipeline.service.PipelineFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import hca.localdss.notify.NotificationSigner;
import hca.testing.DownloadFixture;
import hca.testing.DownloadFixture.Stored;
import hca.testing.Http;
import hca.testing.LocalDssExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A signed DSS notification is taken once per subscription and bundle, however often and however fast it comes. */
class CallbackReplayTest {

  @RegisterExtension static LocalDssExtension dss = new LocalDssExtension();

  @TempDir Path tmp;

  private PipelineFixture pipeline;

  @AfterEach
  void stop() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  private Http.Response notify(String body, Map<String, String> headers) {
    return Http.send("POST", pipeline.base + "/callbacks/dss", body, headers);
  }

  private static Map<String, String> signed(String body) {
    Map<String, String> h = new HashMap<>(
        NotificationSigner.headers("k1", "s3cret", body.getBytes(StandardCharsets.UTF_8), ZonedDateTime.now()));
    h.put("Content-Type", "application/json");
    return h;
  }

  @Test
  void fiveConcurrentCopiesOfOneSignedNotificationMakeOneJob() throws Exception {
    pipeline = PipelineFixture.start(dss, tmp, Map.of("hca.callbacks.secret", "s3cret", "hca.callbacks.key-id", "k1"));
    List<Stored> files = DownloadFixture.bundle(dss, 1, 1, 8801);
    String bundle = files.get(0).bundleUuid() + "." + files.get(0).bundleVersion();
    String body = "{\"subscription_id\": \"sub-1\", \"event_type\": \"CREATE\", \"match\": {\"bundle_uuid\": \""
        + files.get(0).bundleUuid() + "\", \"bundle_version\": \"" + files.get(0).bundleVersion() + "\"}}";
    Map<String, String> headers = signed(body);

    ExecutorService clients = Executors.newFixedThreadPool(5);
    List<Http.Response> replies = new ArrayList<>();
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Http.Response>> sent = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        sent.add(clients.submit(() -> {
          go.await();
          return notify(body, headers);
        }));
      }
      go.countDown();
      for (Future<Http.Response> f : sent) {
        replies.add(f.get());
      }
    } finally {
      clients.shutdownNow();
    }

    List<Http.Response> accepted = replies.stream().filter(r -> r.status() == 202).toList();
    assertThat(accepted).as(replies.toString()).hasSize(1);
    String job = accepted.get(0).json().path("job").asText();
    assertThat(pipeline.service.jobs().ledger().job(job)).isPresent();
    List<Http.Response> replays = replies.stream().filter(r -> r.status() != 202).toList();
    assertThat(replays).hasSize(4).allSatisfy(r -> {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().path("job").asText()).isEqualTo(job);
      assertThat(r.json().path("duplicate").asBoolean()).isTrue();
      assertThat(r.json().path("bundle").asText()).isEqualTo(bundle);
    });
    await("the job done", Duration.ofSeconds(60), () -> pipeline.api("GET", "/jobs/" + job, null)
        .json().path("state").asText().equals("DONE"));
    assertThat(pipeline.service.jobs().ledger().jobs(100)).extracting(Ledger.JobRow::id).containsExactly(job);
    assertThat(pipeline.service.jobs().ledger().fileCount(job, "FETCHED")).isEqualTo(2);
    try (var s = Files.list(pipeline.home.resolve("jobs"))) {
      assertThat(s.toList()).containsExactly(pipeline.home.resolve("jobs").resolve(job));
    }

    // later, signed afresh: still the same job; another subscription's notification of the bundle is its own
    Http.Response later = notify(body, signed(body));
    assertThat(later.status()).isEqualTo(200);
    assertThat(later.json().path("job").asText()).isEqualTo(job);
    String other = body.replace("sub-1", "sub-2");
    Http.Response second = notify(other, signed(other));
    assertThat(second.status()).as(second.toString()).isEqualTo(202);
    assertThat(second.json().path("job").asText()).isNotEqualTo(job);
    assertThat(pipeline.service.jobs().ledger().jobs(100)).hasSize(2);
  }

  @Test
  void aNotificationNamingNoBundleVersionIsRefusedAndRunsNothing() throws Exception {
    pipeline = PipelineFixture.start(dss, tmp, Map.of("hca.callbacks.secret", "s3cret", "hca.callbacks.key-id", "k1"));
    String body = "{\"subscription_id\": \"sub-1\", \"match\": {\"bundle_uuid\": \"../../etc\", "
        + "\"bundle_version\": \"2018-08-01T223408.596553Z\"}}";
    Http.Response r = notify(body, signed(body));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("title").asText()).isEqualTo("a notification names a lower-case UUID in "
        + "match.bundle_uuid, a DSS version in match.bundle_version and a subscription_id of at most 200 characters");
    assertThat(pipeline.service.jobs().ledger().jobs(100)).isEmpty();
  }
}
