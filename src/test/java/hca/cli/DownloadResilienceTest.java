package hca.cli;

import static hca.testing.DownloadFixture.stored;
import static hca.testing.DownloadFixture.storedFiles;
import static hca.testing.DownloadFixture.tsv;
import static org.assertj.core.api.Assertions.assertThat;

import hca.localdss.Faults;
import hca.testing.DownloadFixture;
import hca.testing.DownloadFixture.Stored;
import hca.testing.LocalDssExtension;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Downloads that are killed, and manifests far larger than memory. */
class DownloadResilienceTest {

  @RegisterExtension static LocalDssExtension dss = new LocalDssExtension();

  @TempDir Path tmp;

  @AfterEach
  void faultsOff() {
    dss.dss().faults().set(Faults.Spec.NONE);
  }

  /** Runs hca in a child JVM, as a user would, with its own home folder. */
  private Process child(Path home, List<String> jvm, String... args) throws Exception {
    return child(tmp.resolve("child.log"), home, jvm, args);
  }

  private Process child(Path log, Path home, List<String> jvm, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Duser.home=" + home));
    cmd.addAll(jvm);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "hca.cli.Hca", "--dss-url", dss.api()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  @Test
  void aDownloadKilledMidwayFinishesOnARerunWithoutFetchingCompletedFilesAgain() throws Exception {
    List<Stored> files = DownloadFixture.bundle(dss, 0, 24, 11);
    Path manifest = DownloadFixture.manifest(tmp.resolve("kill.tsv"), files);
    Path dir = tmp.resolve("kill");
    // slow enough to be caught in the middle: half the blob GETs wait out a Retry-After
    dss.dss().faults().set(Faults.Spec.parse("blob-error=0.5:503,retry-after=1,seed=3"));
    Process p = child(tmp.resolve("home"), List.of(), "dss", "download-manifest", "--manifest", manifest.toString(),
        "--replica", "aws", "--download-dir", dir.toString(), "--parallel", "2");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (storedFiles(dir) < 4 && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(p.isAlive()).as("the first run is still going").isTrue();
    p.destroyForcibly().waitFor();
    long before = storedFiles(dir);
    assertThat(before).isBetween(4L, 23L);
    dss.dss().faults().set(Faults.Spec.NONE);

    CliRunner.Result r = new CliRunner(tmp.resolve("home"), dss.api()).dss("dss", "download-manifest",
        "--manifest", manifest.toString(), "--replica", "aws", "--download-dir", dir.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    for (Stored s : files) {
      assertThat(Files.readAllBytes(stored(dir, s.sha256()))).isEqualTo(s.file().content());
    }
    List<Map<String, String>> report = tsv(dir.resolve("kill.report.tsv"));
    assertThat(report.stream().filter(row -> row.get("status").equals("PRESENT")).count()).isEqualTo(before);
    assertThat(report.stream().filter(row -> row.get("status").equals("FETCHED")).count()).isEqualTo(24 - before);
  }

  @Test
  void twoProcessesDownloadingIntoOneFolderBothFinishAndFetchEachFileOnce() throws Exception {
    List<Stored> files = DownloadFixture.bundle(dss, 2, 10, 41);
    Path manifest = DownloadFixture.manifest(tmp.resolve("two.tsv"), files);
    for (int round = 0; round < 5; round++) {
      // every file waits out one "checkout in progress" second, so that the two runs overlap
      dss.dss().faults().set(Faults.Spec.parse("checkout=1,retry-after=1")); // also resets the counters
      Path dir = tmp.resolve("two-" + round);
      Process[] runs = new Process[2];
      for (int i = 0; i < 2; i++) {
        runs[i] = child(tmp.resolve("two-" + round + "-" + i + ".log"), tmp.resolve("home"), List.of(), "dss",
            "download-manifest", "--manifest", manifest.toString(), "--replica", "aws", "--layout", "none",
            "--download-dir", dir.toString(), "--parallel", "4");
      }
      for (int i = 0; i < 2; i++) {
        assertThat(runs[i].waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(runs[i].exitValue()).as("round " + round + ", run " + i + ": "
            + Files.readString(tmp.resolve("two-" + round + "-" + i + ".log"))).isZero();
      }
      for (Stored s : files) {
        assertThat(Files.readAllBytes(stored(dir, s.sha256()))).isEqualTo(s.file().content());
      }
      assertThat(tsv(dir.resolve("two.report.tsv"))).hasSize(files.size())
          .allSatisfy(row -> assertThat(row.get("status")).isIn("FETCHED", "PRESENT"));
      // each file is fetched by one run and found present by the other (a GET retried within one
      // fetch, as a stalled read on a loaded machine may need, is still one fetch)
      long fetched = 0;
      for (int i = 0; i < 2; i++) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"fetched\": (\\d+)")
            .matcher(Files.readString(tmp.resolve("two-" + round + "-" + i + ".log")));
        assertThat(m.find()).as("round " + round + ", run " + i + " printed its summary").isTrue();
        fetched += Long.parseLong(m.group(1));
      }
      assertThat(fetched).as("round " + round + ": files fetched by both runs together").isEqualTo(files.size());
      assertThat(((Number) dss.dss().faults().counters().get("blob_requests")).longValue())
          .as("round " + round + ": blob GETs").isGreaterThanOrEqualTo((long) files.size());
      assertThat(storedFiles(dir)).isEqualTo(files.size());
    }
  }

  @Test
  void twoRunsInOneProcessIntoOneFolderBothFinishAndFetchEachFileOnce() throws Exception {
    List<Stored> files = DownloadFixture.bundle(dss, 2, 10, 43);
    Path manifest = DownloadFixture.manifest(tmp.resolve("pair.tsv"), files);
    CliRunner cli = new CliRunner(tmp.resolve("home"), dss.api());
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 5; round++) {
        dss.dss().faults().set(Faults.Spec.NONE); // resets the counters
        Path dir = tmp.resolve("pair-" + round);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<CliRunner.Result>> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
          runs.add(pool.submit(() -> {
            go.await();
            return cli.dss("dss", "download-manifest", "--manifest", manifest.toString(), "--replica", "aws",
                "--layout", "bundle", "--download-dir", dir.toString(), "--parallel", "4");
          }));
        }
        go.countDown();
        for (java.util.concurrent.Future<CliRunner.Result> run : runs) {
          CliRunner.Result r = run.get(3, TimeUnit.MINUTES);
          assertThat(r.code()).as("round " + round + ": " + r).isZero();
        }
        for (Stored s : files) {
          assertThat(Files.readAllBytes(stored(dir, s.sha256()))).isEqualTo(s.file().content());
          assertThat(Files.readAllBytes(dir.resolve(s.bundleUuid() + "." + s.bundleVersion()).resolve(s.name())))
              .isEqualTo(s.file().content());
        }
        assertThat(dss.dss().faults().counters().get("blob_requests")).as("round " + round + ": one GET per file")
            .isEqualTo((long) files.size());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aMillionRowManifestStreamsThroughASmallHeap() throws Exception {
    List<Stored> files = DownloadFixture.bundle(dss, 0, 5, 13);
    Path manifest = tmp.resolve("million.tsv");
    List<String> tails = files.stream()
        .map(s -> ".bin\t" + s.file().uuid() + "\t" + s.file().version() + "\t" + s.sha256() + "\t"
            + s.file().content().length + "\n")
        .toList();
    try (BufferedWriter w = Files.newBufferedWriter(manifest)) {
      w.write("bundle_uuid\tbundle_version\tfile_name\tfile_uuid\tfile_version\tfile_sha256\tfile_size\n");
      for (int i = 0; i < 1_000_000; i++) {
        Stored s = files.get(i % files.size());
        w.write(s.bundleUuid() + "\t" + s.bundleVersion() + "\tcopy_" + i + tails.get(i % files.size()));
      }
    }
    Path dir = tmp.resolve("million");
    Process p = child(tmp.resolve("home"), List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"), "dss", "download-manifest",
        "--manifest", manifest.toString(), "--replica", "aws", "--download-dir", dir.toString());
    assertThat(p.waitFor(20, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(tmp.resolve("child.log"))).isZero();
    assertThat(storedFiles(dir)).isEqualTo(5);
    try (Stream<String> lines = Files.lines(dir.resolve("million.report.tsv"))) {
      assertThat(lines.count()).isEqualTo(1_000_001);
    }
    try (Stream<String> lines = Files.lines(dir.resolve("million.tsv"))) {
      assertThat(lines.skip(1).allMatch(l -> l.contains(".hca/v2/files_2_4/"))).isTrue();
    }
  }
}
