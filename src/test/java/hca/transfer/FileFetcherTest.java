package hca.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import hca.dss.DssHttp;
import hca.dss.RetryPolicy;
import hca.localdss.Faults;
import hca.localdss.LocalDss;
import hca.testing.DssCalls;
import hca.testing.LocalDssExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** Fetching files from a running local DSS into a file store, with and without faults. */
class FileFetcherTest {

  @RegisterExtension static LocalDssExtension dss = new LocalDssExtension();

  static final FetchLimits FAST = new FetchLimits(10, 1000, Duration.ofMillis(1), Duration.ofMillis(20));

  @TempDir Path dir;

  @AfterEach
  void noFaults() {
    dss.dss().faults().set(Faults.Spec.NONE);
  }

  /** A registered file and the request for it. */
  record Registered(DssCalls.FileRef ref, Checksums sums, FetchRequest request) {
    byte[] content() {
      return ref.content();
    }
  }

  static Registered register(byte[] content) {
    DssCalls.FileRef f = dss.calls().file(content, "application/octet-stream");
    Checksums c = Checksummer.of(content);
    return new Registered(f, c, new FetchRequest(f.uuid(), f.version(), "aws", c.sha256(), content.length, c.crc32c()));
  }

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static DssHttp http() {
    return DssHttp.builder()
        .retryPolicy(RetryPolicy.defaults().withDelays(Duration.ZERO, Duration.ofMillis(5)))
        .build();
  }

  /** Counts what a fetcher reports. */
  static final class Recorder implements TransferListener {
    final AtomicLong bytes = new AtomicLong();
    final List<FetchResult> finished = new ArrayList<>();

    @Override
    public void bytes(long n) {
      bytes.addAndGet(n);
    }

    @Override
    public synchronized void finished(FetchRequest r, FetchResult result) {
      finished.add(result);
    }
  }

  private static long counter(String name) {
    return ((Number) dss.dss().faults().counters().get(name)).longValue();
  }

  @Test
  void aRegisteredFileIsFetchedVerifiedAndStoredThenFoundPresentWithoutARequest() throws IOException {
    Registered f = register(random(300_000, 1));
    FileStore store = new FileStore(dir);
    DssHttp http = http();
    Recorder rec = new Recorder();
    FileFetcher fetcher = new FileFetcher(http, dss.api(), store, FAST, rec);

    FetchResult first = fetcher.fetch(f.request());

    assertThat(first).isEqualTo(new FetchResult(FetchResult.Status.FETCHED, f.content().length, 1, null));
    assertThat(store.pathOf(f.sums().sha256())).hasBinaryContent(f.content());
    assertThat(Checksummer.of(store.pathOf(f.sums().sha256())).sha256()).isEqualTo(f.sums().sha256());
    assertThat(store.partOf(f.sums().sha256())).doesNotExist();
    assertThat(rec.bytes.get()).isEqualTo(f.content().length);
    long sent = http.requestsSent();
    assertThat(sent).isEqualTo(2); // GET /files and the blob it redirects to

    FetchResult second = fetcher.fetch(f.request());

    assertThat(second).isEqualTo(new FetchResult(FetchResult.Status.PRESENT, 0, 0, null));
    assertThat(second.ok()).isTrue();
    assertThat(http.requestsSent()).isEqualTo(sent);
    assertThat(rec.finished).containsExactly(first, second);
  }

  @Test
  void concurrentFetchesOfTheSameContentTransferItOnce() throws Exception {
    Registered f = register(random(2 << 20, 2));
    FileStore store = new FileStore(dir);
    DssHttp http = http();
    FileFetcher fetcher = new FileFetcher(http, dss.api(), store, FAST, TransferListener.NONE);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<FetchResult>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        futures.add(pool.submit(() -> {
          go.await();
          return fetcher.fetch(f.request());
        }));
      }
      go.countDown();
      List<FetchResult> results = new ArrayList<>();
      for (Future<FetchResult> fu : futures) {
        results.add(fu.get());
      }
      assertThat(results).allMatch(FetchResult::ok);
      assertThat(results).filteredOn(r -> r.status() == FetchResult.Status.FETCHED).hasSize(1);
      assertThat(results.stream().mapToLong(FetchResult::bytesTransferred).sum()).isEqualTo(f.content().length);
      assertThat(http.requestsSent()).isEqualTo(2);
      assertThat(store.pathOf(f.sums().sha256())).hasBinaryContent(f.content());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentFetchesOfContentThatFailsShareTheFailureInsteadOfAskingAgain() throws Exception {
    FetchRequest missing = new FetchRequest(UUID.randomUUID().toString(), null, "aws", "ef".repeat(32), 100, null);
    DssHttp http = http();
    FileFetcher fetcher = new FileFetcher(http, dss.api(), new FileStore(dir), FAST, TransferListener.NONE);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<FetchResult>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        futures.add(pool.submit(() -> {
          go.await();
          return fetcher.fetch(missing);
        }));
      }
      go.countDown();
      List<FetchResult> results = new ArrayList<>();
      for (Future<FetchResult> fu : futures) {
        results.add(fu.get());
      }
      assertThat(results).allSatisfy(r -> {
        assertThat(r.status()).isEqualTo(FetchResult.Status.FAILED);
        assertThat(r.error()).isEqualTo("not_found: Cannot find file! (HTTP 404)");
      });
      assertThat(results.stream().mapToInt(FetchResult::attempts).sum()).isEqualTo((int) http.requestsSent());
      assertThat(http.requestsSent()).isLessThan(8);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aPartCutOffAtAnyLengthIsResumedWithARangeRequestAndVerified() throws IOException {
    Registered f = register(random(3 << 20, 3));
    FileStore store = new FileStore(dir);
    Path part = store.partOf(f.sums().sha256());
    Files.createDirectories(part.getParent());
    int held = 1_234_567;
    Files.write(part, Arrays.copyOf(f.content(), held));

    FetchResult r = new FileFetcher(http(), dss.api(), store, FAST, TransferListener.NONE).fetch(f.request());

    assertThat(r.status()).isEqualTo(FetchResult.Status.FETCHED);
    assertThat(r.bytesTransferred()).isEqualTo(f.content().length - held);
    assertThat(r.attempts()).isEqualTo(1);
    assertThat(store.pathOf(f.sums().sha256())).hasBinaryContent(f.content());
    assertThat(part).doesNotExist();
  }

  @Test
  void aPartHoldingWrongBytesIsFetchedAgainFromTheStart() throws IOException {
    Registered f = register(random(1 << 20, 4));
    FileStore store = new FileStore(dir);
    Path part = store.partOf(f.sums().sha256());
    Files.createDirectories(part.getParent());
    Files.write(part, random(1000, 99));

    FetchResult r = new FileFetcher(http(), dss.api(), store, FAST, TransferListener.NONE).fetch(f.request());

    assertThat(r.status()).isEqualTo(FetchResult.Status.FETCHED);
    assertThat(r.bytesTransferred()).isEqualTo(f.content().length - 1000 + f.content().length);
    assertThat(r.attempts()).isEqualTo(2);
    assertThat(store.pathOf(f.sums().sha256())).hasBinaryContent(f.content());
  }

  @Test
  void aCompletePartFromAnEarlierRunIsVerifiedAndStoredWithoutARequest() throws IOException {
    Registered f = register(random(500_000, 5));
    FileStore store = new FileStore(dir);
    Path part = store.partOf(f.sums().sha256());
    Files.createDirectories(part.getParent());
    Files.write(part, f.content());
    DssHttp http = http();

    FetchResult r = new FileFetcher(http, dss.api(), store, FAST, TransferListener.NONE).fetch(f.request());

    assertThat(r).isEqualTo(new FetchResult(FetchResult.Status.FETCHED, 0, 0, null));
    assertThat(http.requestsSent()).isZero();
    assertThat(store.pathOf(f.sums().sha256())).hasBinaryContent(f.content());
  }

  @Test
  void anEmptyFileIsCreatedWithoutARequest() {
    FileStore store = new FileStore(dir);
    DssHttp http = http();
    FileFetcher fetcher = new FileFetcher(http, dss.api(), store, FAST, TransferListener.NONE);
    String empty = Checksummer.of(new byte[0]).sha256();

    FetchResult r = fetcher.fetch(new FetchRequest(UUID.randomUUID().toString(), null, "aws", empty, 0, "00000000"));
    FetchResult wrong = fetcher.fetch(new FetchRequest(UUID.randomUUID().toString(), null, "aws", "ab".repeat(32), 0, null));

    assertThat(r).isEqualTo(new FetchResult(FetchResult.Status.FETCHED, 0, 0, null));
    assertThat(store.pathOf(empty)).isRegularFile().isEmptyFile();
    assertThat(wrong.status()).isEqualTo(FetchResult.Status.CHECKSUM_MISMATCH);
    assertThat(wrong.error()).isEqualTo("expected sha256 " + "ab".repeat(32) + ", received " + empty);
    assertThat(store.pathOf("ab".repeat(32))).doesNotExist();
    assertThat(store.partOf("ab".repeat(32))).doesNotExist();
    assertThat(http.requestsSent()).isZero();
  }

  @Test
  void aFileTheDssDoesNotHaveFailsWithItsErrorAndIsNotRetried() {
    FileStore store = new FileStore(dir);
    String sha = "cd".repeat(32);
    FetchResult r = new FileFetcher(http(), dss.api(), store, FAST, TransferListener.NONE)
        .fetch(new FetchRequest(UUID.randomUUID().toString(), null, "aws", sha, 10, null));

    assertThat(r).isEqualTo(new FetchResult(FetchResult.Status.FAILED, 0, 1, "not_found: Cannot find file! (HTTP 404)"));
    assertThat(store.pathOf(sha)).doesNotExist();
  }

  @Test
  void aBlobWhoseBytesDoNotMatchItsSha256IsAMismatchAndNothingIsStored() {
    Registered f = register(random(1 << 20, 6));
    byte[] other = random(f.content().length, 7);
    dss.s3().putObject(
        PutObjectRequest.builder().bucket(LocalDss.AWS_BUCKET).key(f.sums().blobKey()).build(),
        RequestBody.fromBytes(other));
    FileStore store = new FileStore(dir);

    FetchResult r = new FileFetcher(http(), dss.api(), store, FAST, TransferListener.NONE).fetch(f.request());

    assertThat(r.status()).isEqualTo(FetchResult.Status.CHECKSUM_MISMATCH);
    assertThat(r.ok()).isFalse();
    assertThat(r.error()).isEqualTo(
        "expected sha256 " + f.sums().sha256() + ", received " + Checksummer.of(other).sha256());
    assertThat(r.attempts()).isEqualTo(2); // once more from the start, then final
    assertThat(store.pathOf(f.sums().sha256())).doesNotExist();
    assertThat(store.partOf(f.sums().sha256())).doesNotExist();
  }

  @Test
  void aWrongCrc32cOrSizeIsAMismatchToo() {
    Registered f = register(random(100_000, 8));
    FileStore store = new FileStore(dir);
    FileFetcher fetcher = new FileFetcher(http(), dss.api(), store, FAST, TransferListener.NONE);
    FetchRequest q = f.request();

    FetchResult badCrc = fetcher.fetch(new FetchRequest(q.fileUuid(), q.fileVersion(), "aws", q.sha256(), q.size(), "00000001"));
    FetchResult longer = fetcher.fetch(new FetchRequest(q.fileUuid(), q.fileVersion(), "aws", q.sha256(), q.size() + 10, null));

    assertThat(badCrc.status()).isEqualTo(FetchResult.Status.CHECKSUM_MISMATCH);
    assertThat(badCrc.error()).isEqualTo("expected crc32c 00000001, received " + f.sums().crc32c());
    assertThat(longer.status()).isEqualTo(FetchResult.Status.CHECKSUM_MISMATCH);
    assertThat(longer.error()).isEqualTo("the blob has 100000 bytes, expected 100010");
    assertThat(store.pathOf(q.sha256())).doesNotExist();
    assertThat(store.partOf(q.sha256())).doesNotExist();
  }

  @Test
  void underBlobErrorsEveryFileOfABatchEndsCorrect() throws Exception {
    List<Registered> files = batch(20, 10);
    dss.dss().faults().set(Faults.Spec.parse("blob-error=0.2:503,retry-after=0,seed=3"));
    fetchAllCorrectly(files, FAST);
    assertThat(counter("blob_errors")).isPositive();
  }

  @Test
  void underDroppedConnectionsEveryFileOfABatchEndsCorrect() throws Exception {
    List<Registered> files = batch(20, 30);
    dss.dss().faults().set(Faults.Spec.parse("blob-drop=0.3,seed=5"));
    List<FetchResult> results = fetchAllCorrectly(files, FAST);
    assertThat(counter("blob_drops")).isPositive();
    assertThat(results.stream().mapToInt(FetchResult::attempts).sum()).isEqualTo(20 + counter("blob_drops"));
  }

  @Test
  void throughTheCheckoutRedirectLoopEveryFileOfABatchEndsCorrect() throws Exception {
    List<Registered> files = batch(20, 50);
    dss.dss().faults().set(Faults.Spec.parse("checkout=2,retry-after=0"));
    fetchAllCorrectly(files, FAST);
    assertThat(counter("checkout_redirects")).isEqualTo(2 * 20);
  }

  @Test
  void withNoRetriesLeftInTheRunFailuresEndAtOnce() throws Exception {
    List<Registered> files = batch(4, 70);
    dss.dss().faults().set(Faults.Spec.parse("blob-drop=1"));
    FileStore store = new FileStore(dir);
    FileFetcher fetcher = new FileFetcher(http(), dss.api(), store, new FetchLimits(10, 0, Duration.ofSeconds(5), Duration.ofSeconds(5)), TransferListener.NONE);

    List<FetchResult> results =
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> files.stream().map(f -> fetcher.fetch(f.request())).toList());

    assertThat(results).allSatisfy(r -> {
      assertThat(r.status()).isEqualTo(FetchResult.Status.FAILED);
      assertThat(r.attempts()).isEqualTo(1);
      assertThat(r.error()).startsWith("connection broke at byte ").endsWith("(run retry budget used up)");
    });
    assertThat(fetcher.retriesLeft()).isZero();
    for (Registered f : files) {
      assertThat(store.pathOf(f.sums().sha256())).doesNotExist();
    }
  }

  @Test
  void aFileThatKeepsBreakingStopsAtItsAttemptLimitAndALaterRunResumesIt() throws IOException {
    Registered f = register(random(2 << 20, 90));
    dss.dss().faults().set(Faults.Spec.parse("blob-drop=1"));
    FileStore store = new FileStore(dir);
    FetchLimits three = new FetchLimits(3, 1000, Duration.ofMillis(1), Duration.ofMillis(5));

    FetchResult broken = new FileFetcher(http(), dss.api(), store, three, TransferListener.NONE).fetch(f.request());

    assertThat(broken.status()).isEqualTo(FetchResult.Status.FAILED);
    assertThat(broken.attempts()).isEqualTo(3);
    assertThat(broken.error()).endsWith("(after 3 attempts)");
    assertThat(store.pathOf(f.sums().sha256())).doesNotExist();
    long held = Files.size(store.partOf(f.sums().sha256()));
    assertThat(held).isEqualTo(broken.bytesTransferred()).isPositive().isLessThan(f.content().length);

    dss.dss().faults().set(Faults.Spec.NONE);
    FetchResult later = new FileFetcher(http(), dss.api(), store, three, TransferListener.NONE).fetch(f.request());

    assertThat(later.status()).isEqualTo(FetchResult.Status.FETCHED);
    assertThat(later.bytesTransferred()).isEqualTo(f.content().length - held);
    assertThat(store.pathOf(f.sums().sha256())).hasBinaryContent(f.content());
  }

  @Test
  void aRunKilledMidFileLeavesAPartThatTheNextRunResumes() throws Exception {
    Registered f = register(random(6 << 20, 110));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(
            java.toString(), "-cp", System.getProperty("java.class.path"), FetchChildProcess.class.getName(),
            dss.api(), dir.toString(), f.ref().uuid(), f.ref().version(), f.sums().sha256(), Long.toString(f.content().length))
        .redirectErrorStream(true)
        .start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.equals("receiving")) {
        // start-up chatter
      }
      assertThat(line).isEqualTo("receiving");
      child.destroyForcibly(); // SIGKILL: no chance to clean up
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    FileStore store = new FileStore(dir);
    long held = Files.size(store.partOf(f.sums().sha256()));
    assertThat(held).isPositive().isLessThan(f.content().length);
    assertThat(store.pathOf(f.sums().sha256())).doesNotExist();

    FetchResult r = new FileFetcher(http(), dss.api(), store, FAST, TransferListener.NONE).fetch(f.request());

    assertThat(r.status()).isEqualTo(FetchResult.Status.FETCHED);
    assertThat(r.bytesTransferred()).isEqualTo(f.content().length - held);
    assertThat(store.pathOf(f.sums().sha256())).hasBinaryContent(f.content());
  }

  private static List<Registered> batch(int n, long seed) {
    Random sizes = new Random(seed);
    List<Registered> files = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      files.add(register(random((1 << 20) + sizes.nextInt(2 << 20), seed + i)));
    }
    return files;
  }

  private List<FetchResult> fetchAllCorrectly(List<Registered> files, FetchLimits limits) throws Exception {
    FileStore store = new FileStore(dir);
    Recorder rec = new Recorder();
    FileFetcher fetcher = new FileFetcher(http(), dss.api(), store, limits, rec);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<FetchResult>> futures = new ArrayList<>();
      for (Registered f : files) {
        futures.add(pool.submit(() -> fetcher.fetch(f.request())));
      }
      List<FetchResult> results = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        FetchResult r = futures.get(i).get();
        Registered f = files.get(i);
        assertThat(r.status()).as(String.valueOf(r)).isEqualTo(FetchResult.Status.FETCHED);
        assertThat(r.attempts()).isBetween(1, limits.attemptsPerFile());
        assertThat(store.pathOf(f.sums().sha256())).hasBinaryContent(f.content());
        assertThat(store.partOf(f.sums().sha256())).doesNotExist();
        results.add(r);
      }
      assertThat(rec.bytes.get()).isEqualTo(results.stream().mapToLong(FetchResult::bytesTransferred).sum());
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
