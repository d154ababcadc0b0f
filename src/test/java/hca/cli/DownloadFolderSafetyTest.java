package hca.cli;

import static hca.testing.DownloadFixture.sha256;
import static hca.testing.DownloadFixture.stored;
import static hca.testing.DownloadFixture.tsv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hca.localdss.Faults;
import hca.localdss.Seeder;
import hca.testing.DownloadFixture;
import hca.testing.DownloadFixture.Stored;
import hca.testing.LocalDssExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Downloads into folders laid out to make them write elsewhere, onto a full disk, and after a kill. */
class DownloadFolderSafetyTest {

  @RegisterExtension static LocalDssExtension dss = LocalDssExtension.seededWithExample();

  static final String EXAMPLE = Seeder.EXAMPLE_BUNDLE_UUID + "." + Seeder.EXAMPLE_BUNDLE_VERSION;

  @TempDir Path tmp;

  @AfterEach
  void faultsOff() {
    dss.dss().faults().set(Faults.Spec.NONE);
  }

  private CliRunner cli() throws Exception {
    return new CliRunner(tmp.resolve("home"), dss.api());
  }

  private static List<Path> contents(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !p.equals(dir)).toList();
    }
  }

  private static String linkOut(Path link, Path to) throws Exception {
    return "hca: " + link + " is a symbolic link out of the download folder (to " + to.toRealPath() + ")";
  }

  @Test
  void aBundleFolderOrTheStoreLinkedOutOfTheDownloadFolderIsRefusedAndNothingLandsOutside() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Path dir = Files.createDirectories(tmp.resolve("dl"));
    Path bundleLink = Files.createSymbolicLink(dir.resolve(EXAMPLE), outside);
    CliRunner.Result r = cli().dss("dss", "download", "--bundle-uuid", Seeder.EXAMPLE_BUNDLE_UUID, "--replica", "aws",
        "--download-dir", dir.toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.stderr().strip()).isEqualTo(linkOut(bundleLink, outside));
    assertThat(contents(outside)).isEmpty();

    Path storeDir = Files.createDirectories(tmp.resolve("dl2"));
    Path storeLink = Files.createSymbolicLink(storeDir.resolve(".hca"), outside);
    CliRunner.Result s = cli().dss("dss", "download", "--bundle-uuid", Seeder.EXAMPLE_BUNDLE_UUID, "--replica", "aws",
        "--download-dir", storeDir.toString());
    assertThat(s.code()).as(s.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(s.stderr().strip()).isEqualTo(linkOut(storeLink, outside));
    assertThat(contents(outside)).isEmpty();
    assertThat(DownloadFixture.storedFiles(storeDir)).isZero();
  }

  @Test
  void aManifestInTheBundleLayoutStopsAtAFolderLinkedOutOfTheDownloadFolder() throws Exception {
    List<Stored> files = DownloadFixture.bundle(dss, 1, 4, 21);
    Path manifest = DownloadFixture.manifest(tmp.resolve("links.tsv"), files);
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    String bundleDir = files.get(0).bundleUuid() + "." + files.get(0).bundleVersion();

    // a link deeper down: the bundle's data/ folder
    Path dir = Files.createDirectories(tmp.resolve("dl").resolve(bundleDir));
    Path dataLink = Files.createSymbolicLink(dir.resolve("data"), outside);
    CliRunner.Result r = cli().dss("dss", "download-manifest", "--manifest", manifest.toString(), "--replica", "aws",
        "--layout", "bundle", "--download-dir", tmp.resolve("dl").toString(), "--parallel", "1");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.stderr().strip()).isEqualTo(linkOut(dataLink, outside));
    assertThat(contents(outside)).isEmpty();
    List<Map<String, String>> report = tsv(tmp.resolve("dl/links.report.tsv"));
    assertThat(report).isNotEmpty().hasSizeLessThan(files.size());
    assertThat(report).anySatisfy(row -> assertThat(row.get("error")).isEqualTo(linkOut(dataLink, outside).substring(5)));
    assertThat(tmp.resolve("dl/links.tsv")).doesNotExist();

    // the store's own folder
    Path dir2 = Files.createDirectories(tmp.resolve("dl2"));
    Path storeLink = Files.createSymbolicLink(dir2.resolve(".hca"), outside);
    CliRunner.Result s = cli().dss("dss", "download-manifest", "--manifest", manifest.toString(), "--replica", "aws",
        "--layout", "bundle", "--download-dir", dir2.toString());
    assertThat(s.code()).as(s.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(s.stderr().strip()).isEqualTo(linkOut(storeLink, outside));
    assertThat(contents(outside)).isEmpty();
    assertThat(dir2.resolve(bundleDir)).doesNotExist();
  }

  @Test
  void aReportOrOutputManifestPathThatIsALinkOutIsReplacedNotWrittenThrough() throws Exception {
    List<Stored> files = DownloadFixture.bundle(dss, 1, 1, 27);
    Path manifest = DownloadFixture.manifest(tmp.resolve("in/out.tsv"), files);
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Path theirReport = Files.writeString(outside.resolve("report"), "theirs\n");
    Path theirManifest = Files.writeString(outside.resolve("manifest"), "theirs\n");
    Path dir = Files.createDirectories(tmp.resolve("dl"));
    Files.createSymbolicLink(dir.resolve("out.report.tsv"), theirReport);
    Files.createSymbolicLink(dir.resolve("out.tsv"), theirManifest);
    CliRunner.Result r = cli().dss("dss", "download-manifest", "--manifest", manifest.toString(), "--replica", "aws",
        "--download-dir", dir.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(theirReport).hasContent("theirs");
    assertThat(theirManifest).hasContent("theirs");
    assertThat(Files.isSymbolicLink(dir.resolve("out.report.tsv"))).isFalse();
    assertThat(tsv(dir.resolve("out.report.tsv"))).hasSize(files.size());
    assertThat(Files.isSymbolicLink(dir.resolve("out.tsv"))).isFalse();
    assertThat(tsv(dir.resolve("out.tsv"))).hasSize(files.size()).allSatisfy(row -> assertThat(row).containsKey("file_path"));
  }

  @Test
  void aLinkThatStaysInsideTheDownloadFolderIsFollowed() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("dl"));
    Path real = Files.createDirectories(dir.resolve("store-here"));
    Files.createSymbolicLink(dir.resolve(".hca"), Path.of("store-here"));
    CliRunner.Result r = cli().dss("dss", "download", "--bundle-uuid", Seeder.EXAMPLE_BUNDLE_UUID, "--replica", "aws",
        "--download-dir", dir.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.json().get("fetched").asInt()).isEqualTo(16);
    try (Stream<Path> s = Files.walk(real.resolve("v2/files_2_4"))) {
      List<Path> stored = s.filter(Files::isRegularFile).toList();
      assertThat(stored).hasSize(17); // the 16 files and bundle.json
      for (Path p : stored) {
        assertThat(sha256(Files.readAllBytes(p))).isEqualTo(p.getFileName().toString());
      }
    }
  }

  @Test
  void aReportTemporaryFileLeftByAKilledRunIsRemovedByTheNextRun() throws Exception {
    List<Stored> files = DownloadFixture.bundle(dss, 1, 2, 23);
    Path manifest = DownloadFixture.manifest(tmp.resolve("left.tsv"), files);
    Path dir = Files.createDirectories(tmp.resolve("dl"));
    Path leftover = dir.resolve(".left.report.tsv.tmp3f2a9c0d11e4b7a2");
    Files.writeString(leftover, String.join("\t", hca.transfer.ReportWriter.COLUMNS) + "\n2\thalf a row");
    Files.setLastModifiedTime(leftover, FileTime.from(Instant.now().minus(10, ChronoUnit.MINUTES)));
    CliRunner.Result r = cli().dss("dss", "download-manifest", "--manifest", manifest.toString(), "--replica", "aws",
        "--download-dir", dir.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(leftover).doesNotExist();
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".tmp"))).isEmpty();
    }
    List<Map<String, String>> report = tsv(dir.resolve("left.report.tsv"));
    assertThat(report).hasSize(files.size()).allSatisfy(row -> assertThat(row.get("status")).isEqualTo("FETCHED"));
    for (Stored s : files) {
      assertThat(Files.readAllBytes(stored(dir, s.sha256()))).isEqualTo(s.file().content());
    }
  }

  /** Mounts a tmpfs of {@code size} at {@code at}; the test is skipped, saying why, where it cannot. */
  private static void mountTmpfs(Path at, String size) throws Exception {
    Files.createDirectories(at);
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", at.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0,
        "a small file system is needed to fill, and 'mount -t tmpfs' failed here: " + out);
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as(String.join(" ", cmd) + ": " + out).isTrue();
  }

  @Test
  void aFullDiskStopsTheRunLeavingOnlyWholeFilesAndARerunWithSpaceFinishes() throws Exception {
    List<Stored> files = DownloadFixture.bundle(dss, 0, 10, 31);
    long total = files.stream().mapToLong(s -> s.file().content().length).sum();
    Path manifest = DownloadFixture.manifest(tmp.resolve("full.tsv"), files);
    Path dir = tmp.resolve("dl");
    Path store = dir.resolve(".hca");
    // the store on a file system of 2 MiB: the download folder's own has room for the plan's check
    mountTmpfs(store, "2m");
    try {
      assertThat(total).isGreaterThan(3L << 20);
      CliRunner.Result r = cli().dss("dss", "download-manifest", "--manifest", manifest.toString(), "--replica", "aws",
          "--download-dir", dir.toString(), "--parallel", "2");
      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.PARTIAL);
      assertThat(r.stderr().strip()).isEqualTo("hca: no space left on device in " + dir + ": the download stopped early;"
          + " free some space and run it again, which fetches only what is missing (report: " + dir.resolve("full.report.tsv") + ")");
      List<Map<String, String>> report = tsv(dir.resolve("full.report.tsv"));
      List<Map<String, String>> failed = report.stream().filter(row -> row.get("status").equals("FAILED")).toList();
      assertThat(failed).isNotEmpty().allSatisfy(row -> assertThat(row.get("error"))
          .isEqualTo("no space left on device in " + store.resolve("v2/partial")));
      assertThat(report).as("the run stopped instead of failing every file").hasSizeLessThan(files.size());
      assertThat(report.stream().filter(row -> row.get("status").equals("FETCHED")).count())
          .isEqualTo(DownloadFixture.storedFiles(dir));
      try (Stream<Path> s = Files.walk(store.resolve("v2/files_2_4"))) {
        for (Path p : s.filter(Files::isRegularFile).toList()) {
          assertThat(sha256(Files.readAllBytes(p))).as("only whole, verified files are stored").isEqualTo(p.getFileName().toString());
        }
      }
      assertThat(contents(store.resolve("v2/partial"))).as("no part is left filling the disk").isEmpty();
      assertThat(dir.resolve("full.tsv")).doesNotExist();
      long before = DownloadFixture.storedFiles(dir);

      run("mount", "-o", "remount,size=64m", store.toString());
      CliRunner.Result again = cli().dss("dss", "download-manifest", "--manifest", manifest.toString(), "--replica", "aws",
          "--download-dir", dir.toString(), "--parallel", "2");
      assertThat(again.code()).as(again.toString()).isZero();
      for (Stored s : files) {
        assertThat(Files.readAllBytes(stored(dir, s.sha256()))).isEqualTo(s.file().content());
      }
      List<Map<String, String>> second = tsv(dir.resolve("full.report.tsv"));
      assertThat(second).hasSize(files.size());
      assertThat(second.stream().filter(row -> row.get("status").equals("PRESENT")).count()).isEqualTo(before);
    } finally {
      run("umount", store.toString());
    }
  }
}
