package hca.pipeline.service;

import static hca.pipeline.service.PipelineFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import hca.testing.DownloadFixture;
import hca.testing.DownloadFixture.Stored;
import hca.testing.Http;
import hca.testing.LocalDssExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many jobs at once: {@code hca.load.jobs} submissions (one in ten invalid) from {@code
 * hca.load.clients} HTTP clients while {@code hca.load.inbox} manifests (one in twenty with a bad
 * row) land in the inbox together. Each submission is answered, none is lost or run twice, and
 * the ledger agrees with the job folders and the inbox's .done and .failed.
 */
class PipelineLoadTest {

  private static final int JOBS = Integer.getInteger("hca.load.jobs", 1000);
  private static final int CLIENTS = Integer.getInteger("hca.load.clients", 20);
  private static final int INBOX = Integer.getInteger("hca.load.inbox", 200);

  @RegisterExtension static LocalDssExtension dss = new LocalDssExtension();

  @TempDir Path tmp;

  private PipelineFixture pipeline;

  @AfterEach
  void stop() {
    if (pipeline != null) {
      long t = System.nanoTime();
      pipeline.close();
      System.out.printf("load: stopped in %.1f s%n", (System.nanoTime() - t) / 1e9);
    }
  }

  /** A one-row manifest whose ignored notes column makes its content unique. */
  private static String manifest(Stored s, String note, boolean badRow) {
    return "file_name\tfile_sha256\tnotes\tbundle_uuid\tbundle_version\tfile_uuid\tfile_version\tfile_size\n"
        + s.name() + "\t" + s.sha256() + "\t" + note + "\t" + s.bundleUuid() + "\t" + s.bundleVersion() + "\t"
        + (badRow ? "not-a-uuid" : s.file().uuid()) + "\t" + s.file().version() + "\t" + s.file().content().length
        + "\n";
  }

  @Test
  void aThousandSubmissionsAndTwoHundredInboxManifestsAreEachRunOnceAndAccountedFor() throws Exception {
    long t0 = System.nanoTime();
    pipeline = PipelineFixture.start(dss, tmp, Map.of("hca.jobs.concurrent", "4", "hca.inbox.min-age-ms", "500"));
    Stored file = DownloadFixture.bundle(dss, 1, 0, 5150).get(0);
    System.out.printf("load: started in %.1f s%n", (System.nanoTime() - t0) / 1e9);

    // the inbox manifests, written outside and moved in together once the submissions start
    Path staged = Files.createDirectories(tmp.resolve("staged"));
    Set<String> inboxNames = new HashSet<>();
    for (int i = 0; i < INBOX; i++) {
      String name = "inbox-" + i + ".tsv";
      Files.writeString(staged.resolve(name), manifest(file, "inbox " + i, i % 20 == 19));
      inboxNames.add(name);
    }

    Map<Integer, Http.Response> answers = new ConcurrentHashMap<>();
    Map<Integer, String> broken = new ConcurrentHashMap<>();
    AtomicInteger next = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    long started;
    long submitted;
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        running.add(clients.submit(() -> {
          go.await();
          for (int i; (i = next.getAndIncrement()) < JOBS; ) {
            String body = i % 10 == 9
                ? "{\"manifest_tsv\": \"x\", \"name\": \"bad name " + i + "\"}"
                : "{\"manifest_tsv\": " + Http.json(manifest(file, "api " + i, false)) + ", \"name\": \"api-" + i + "\"}";
            try {
              answers.put(i, pipeline.api("POST", "/jobs", body));
            } catch (RuntimeException e) {
              broken.put(i, e + " (" + e.getCause() + ")");
            }
          }
          return null;
        }));
      }
      started = System.nanoTime();
      go.countDown();
      for (String name : inboxNames) {
        Files.move(staged.resolve(name), pipeline.inbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);
      }
      for (Future<?> f : running) {
        f.get();
      }
      submitted = System.nanoTime();
    } finally {
      clients.shutdownNow();
    }

    // every submission answered: 202 for the valid ones, 400 for the others
    assertThat(broken).as("submissions without an HTTP answer").isEmpty();
    assertThat(answers).hasSize(JOBS);
    Map<Integer, Integer> statuses = new HashMap<>();
    answers.forEach((i, r) -> statuses.put(i, r.status()));
    assertThat(statuses).allSatisfy((i, status) -> assertThat(status).as("submission %d", i).isEqualTo(i % 10 == 9 ? 400 : 202));
    Set<String> accepted = answers.values().stream().filter(r -> r.status() == 202)
        .map(r -> r.json().path("id").asText()).collect(Collectors.toSet());
    assertThat(accepted).hasSize(JOBS - JOBS / 10);

    Ledger ledger = pipeline.service.jobs().ledger();
    Path done = pipeline.inbox().resolve(".done");
    Path failed = pipeline.inbox().resolve(".failed");
    await("every job finished and every inbox manifest moved", Duration.ofMinutes(5),
        () -> manifestsIn(done).size() + manifestsIn(failed).size() >= INBOX && unfinished(ledger) == 0);
    long finished = System.nanoTime();

    // the ledger: one row per accepted submission and per inbox manifest, each with its input and report
    List<Ledger.JobRow> rows = ledger.jobs(Integer.MAX_VALUE);
    assertThat(rows).hasSize(accepted.size() + INBOX);
    Set<String> apiRows = rows.stream().filter(j -> j.source().startsWith("http:")).map(Ledger.JobRow::id)
        .collect(Collectors.toSet());
    assertThat(apiRows).isEqualTo(accepted);
    for (Ledger.JobRow j : rows) {
      assertThat(Path.of(j.input())).as("the input of job %s", j.id()).isRegularFile();
      assertThat(j.report()).as("the report of job %s", j.id()).isNotNull();
      assertThat(Path.of(j.report())).isRegularFile();
      boolean bad = j.source().startsWith("inbox:") && Integer.parseInt(j.source().replaceAll("\\D", "")) % 20 == 19;
      assertThat(j.state()).as("job %s (%s): %s", j.id(), j.source(), j.error())
          .isEqualTo(bad ? Ledger.State.FAILED : Ledger.State.DONE);
      assertThat(j.fetched() + j.present()).as("files of job %s", j.id()).isEqualTo(bad ? 0 : 1);
    }
    try (Stream<Path> s = Files.list(pipeline.home.resolve("jobs"))) {
      assertThat(s.map(p -> p.getFileName().toString()).collect(Collectors.toSet()))
          .isEqualTo(rows.stream().map(Ledger.JobRow::id).collect(Collectors.toSet()));
    }

    // the inbox: each manifest in .done or .failed exactly once, under the id of the one job that ran it
    Map<String, String> jobOfSource = rows.stream().filter(j -> j.source().startsWith("inbox:"))
        .collect(Collectors.toMap(j -> j.source().substring("inbox:".length()), Ledger.JobRow::id));
    assertThat(jobOfSource.keySet()).isEqualTo(inboxNames);
    List<String> moved = new ArrayList<>(manifestsIn(done));
    moved.addAll(manifestsIn(failed));
    assertThat(moved).hasSize(INBOX);
    Set<String> expected = new HashSet<>();
    jobOfSource.forEach((name, id) -> expected.add(id + "-" + name));
    assertThat(new HashSet<>(moved)).isEqualTo(expected);
    assertThat(manifestsIn(failed)).hasSize(INBOX / 20);
    try (Stream<Path> s = Files.list(pipeline.inbox())) {
      assertThat(s.filter(p -> p.getFileName().toString().endsWith(".tsv")).toList()).isEmpty();
    }

    System.out.printf("load: checked in %.1f s%n", (System.nanoTime() - finished) / 1e9);
    double seconds = (finished - started) / 1e9;
    System.out.printf("load: %d submissions (%d accepted) from %d clients in %.1f s, %d inbox manifests; "
            + "all %d jobs done in %.1f s (%.0f jobs/s)%n", JOBS, accepted.size(), CLIENTS,
        (submitted - started) / 1e9, INBOX, rows.size(), seconds, rows.size() / seconds);
  }

  private static List<String> manifestsIn(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".tsv") && !n.endsWith(".report.tsv") && !n.startsWith(".")).toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long unfinished(Ledger ledger) {
    try {
      return ledger.unfinished().size();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
