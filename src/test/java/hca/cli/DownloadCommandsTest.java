package hca.cli;

import static hca.testing.DownloadFixture.sha256;
import static hca.testing.DownloadFixture.stored;
import static hca.testing.DownloadFixture.tsv;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import hca.localdss.Faults;
import hca.localdss.Seeder;
import hca.testing.DownloadFixture;
import hca.testing.DownloadFixture.Stored;
import hca.testing.LocalDssExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/** {@code hca dss download} and {@code download-manifest} against a running local DSS. */
class DownloadCommandsTest {

  @RegisterExtension static LocalDssExtension dss = LocalDssExtension.seededWithExample();

  @TempDir Path tmp;
  static List<Stored> bundle;

  @BeforeAll
  static void bundles() {
    bundle = DownloadFixture.bundle(dss, 3, 6, 1);
  }

  @AfterEach
  void faultsOff() {
    dss.dss().faults().set(Faults.Spec.NONE);
  }

  private CliRunner cli() throws Exception {
    return new CliRunner(tmp.resolve("home"), dss.api());
  }

  private static List<String> layout(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void aBundleDownloadsIntoItsLayoutThroughTheStoreAndASecondRunFetchesNothing() throws Exception {
    Path dir = tmp.resolve("dl");
    CliRunner.Result r = cli().dss("dss", "download", "--bundle-uuid", Seeder.EXAMPLE_BUNDLE_UUID, "--replica", "aws",
        "--download-dir", dir.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    Path layoutDir = dir.resolve(Seeder.EXAMPLE_BUNDLE_UUID + "." + Seeder.EXAMPLE_BUNDLE_VERSION);
    assertThat(layout(layoutDir)).hasSize(17).contains("bundle.json", "R1.fastq.gz", "links.json");
    JsonNode bundleJson = CliRunner.json(Files.readAllBytes(layoutDir.resolve("bundle.json")));
    for (JsonNode f : bundleJson.get("files")) {
      Path p = layoutDir.resolve(f.get("name").asText());
      assertThat(sha256(Files.readAllBytes(p))).as(f.get("name").asText()).isEqualTo(f.get("sha256").asText());
      assertThat(Files.isSameFile(p, stored(dir, f.get("sha256").asText()))).isTrue();
    }
    assertThat(r.json().get("fetched").asInt()).isEqualTo(16);

    CliRunner.Result again = cli().dss("dss", "download", "--bundle-uuid", Seeder.EXAMPLE_BUNDLE_UUID, "--replica", "aws",
        "--download-dir", dir.toString());
    assertThat(again.code()).isZero();
    assertThat(again.json().get("fetched").asInt()).isZero();
    assertThat(again.json().get("present").asInt()).isEqualTo(16);
  }

  @Test
  void eachFilterFormSelectsItsFiles() throws Exception {
    String uuid = bundle.get(0).bundleUuid();
    record Case(List<String> args, List<String> expected) {}
    List<Case> cases = List.of(
        new Case(List.of("--metadata-filter", "meta_1.json", "--no-data"), List.of("bundle.json", "meta_1.json")),
        new Case(List.of("--no-metadata", "--data-filter", "data/part_[0-1].bin"), List.of("bundle.json", "data/part_0.bin", "data/part_1.bin")),
        new Case(List.of("--metadata-files", "*_2.json", "--data-files", "*5.bin"), List.of("bundle.json", "data/part_5.bin", "meta_2.json")),
        new Case(List.of("--no-metadata", "--no-data"), List.of("bundle.json")));
    int i = 0;
    for (Case c : cases) {
      Path dir = tmp.resolve("f" + i++);
      List<String> args = new ArrayList<>(List.of("dss", "download", "--bundle-uuid", uuid, "--replica", "gcp", "--dest-name", dir.toString()));
      args.addAll(c.args());
      CliRunner.Result r = cli().dss(args.toArray(String[]::new));
      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(layout(dir.resolve(uuid + "." + bundle.get(0).bundleVersion()))).as(c.args().toString())
          .containsExactlyInAnyOrderElementsOf(c.expected());
    }
    CliRunner.Result both = cli().dss("dss", "download", "--bundle-uuid", uuid, "--replica", "aws", "--no-data", "--data-filter", "*.bin");
    assertThat(both.code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void aManifestDownloadsInBothLayoutsWithAReportAndAnOutputManifest() throws Exception {
    Path manifest = DownloadFixture.manifest(tmp.resolve("in/files.tsv"), bundle);
    Path none = tmp.resolve("none");
    CliRunner.Result r = cli().dss("dss", "download-manifest", "--manifest", manifest.toString(), "--replica", "aws",
        "--download-dir", none.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    for (Stored s : bundle) {
      assertThat(Files.readAllBytes(stored(none, s.sha256()))).isEqualTo(s.file().content());
    }
    assertThat(layout(none).stream().filter(p -> !p.startsWith(".hca") && !p.endsWith(".tsv"))).isEmpty();
    List<Map<String, String>> out = tsv(none.resolve("files.tsv"));
    assertThat(out).hasSize(bundle.size());
    assertThat(out.get(0)).containsKeys("notes", "file_path");
    assertThat(none.resolve(out.get(0).get("file_path"))).hasSameBinaryContentAs(stored(none, out.get(0).get("file_sha256")));
    List<Map<String, String>> report = tsv(none.resolve("files.report.tsv"));
    assertThat(report).hasSize(bundle.size()).allSatisfy(row -> assertThat(row.get("status")).isIn("FETCHED", "PRESENT"));

    Path byBundle = tmp.resolve("bundle");
    CliRunner.Result b = cli().dss("dss", "download-manifest", "--manifest", manifest.toString(), "--replica", "gcp",
        "--layout", "bundle", "--download-dir", byBundle.toString(), "--fsync");
    assertThat(b.code()).as(b.toString()).isZero();
    for (Stored s : bundle) {
      Path linked = byBundle.resolve(s.bundleUuid() + "." + s.bundleVersion()).resolve(s.name());
      assertThat(Files.readAllBytes(linked)).isEqualTo(s.file().content());
    }
    Path bundleJson = byBundle.resolve(bundle.get(0).bundleUuid() + "." + bundle.get(0).bundleVersion()).resolve("bundle.json");
    assertThat(CliRunner.json(Files.readAllBytes(bundleJson)).get("files")).hasSize(bundle.size());
  }

  @Test
  void theExampleManifestInTheBundleLayoutWritesTheBundleJsonThatDownloadWrites() throws Exception {
    Path byManifest = tmp.resolve("by-manifest");
    CliRunner.Result m = cli().dss("dss", "download-manifest", "--manifest", "examples/manifest.tsv", "--replica", "aws",
        "--layout", "bundle", "--download-dir", byManifest.toString());
    assertThat(m.code()).as(m.toString()).isZero();
    Path byBundle = tmp.resolve("by-bundle");
    CliRunner.Result b = cli().dss("dss", "download", "--bundle-uuid", Seeder.EXAMPLE_BUNDLE_UUID, "--replica", "aws",
        "--download-dir", byBundle.toString());
    assertThat(b.code()).as(b.toString()).isZero();

    String layoutDir = Seeder.EXAMPLE_BUNDLE_UUID + "." + Seeder.EXAMPLE_BUNDLE_VERSION;
    JsonNode fromManifest = CliRunner.json(Files.readAllBytes(byManifest.resolve(layoutDir).resolve("bundle.json")));
    JsonNode fromDownload = CliRunner.json(Files.readAllBytes(byBundle.resolve(layoutDir).resolve("bundle.json")));
    assertThat(fromManifest).isEqualTo(fromDownload);
    assertThat(fromManifest.get("files")).hasSize(16);
    assertThat(layout(byManifest.resolve(layoutDir))).isEqualTo(layout(byBundle.resolve(layoutDir)));
  }

  @Test
  void aTruncatedPartialFileIsResumedWithARangeAndVerified() throws Exception {
    Stored big = bundle.stream().max((a, b) -> Integer.compare(a.file().content().length, b.file().content().length)).orElseThrow();
    Path dir = tmp.resolve("resume");
    Path part = dir.resolve(".hca/v2/partial/" + big.sha256() + ".part");
    Files.createDirectories(part.getParent());
    int have = big.file().content().length / 3;
    Files.write(part, java.util.Arrays.copyOf(big.file().content(), have));
    Path manifest = DownloadFixture.manifest(tmp.resolve("one.tsv"), List.of(big));
    CliRunner.Result r = cli().dss("dss", "download-manifest", "--manifest", manifest.toString(), "--replica", "aws",
        "--download-dir", dir.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(Files.readAllBytes(stored(dir, big.sha256()))).isEqualTo(big.file().content());
    assertThat(tsv(dir.resolve("one.report.tsv")).get(0).get("bytes")).isEqualTo(Long.toString(big.file().content().length - have));
    assertThat(part).doesNotExist();
  }

  @Test
  void aBlobThatDoesNotMatchItsSha256IsAChecksumFailureLeavingNothingBehind() throws Exception {
    List<Stored> victim = DownloadFixture.bundle(dss, 0, 1, 99);
    Stored s = victim.get(0);
    byte[] wrong = s.file().content().clone();
    wrong[wrong.length / 2] ^= 0x5a;
    String blobKey = hca.transfer.Checksummer.of(s.file().content()).blobKey();
    dss.s3().putObject(b -> b.bucket("dss-aws").key(blobKey), RequestBody.fromBytes(wrong));
    Path dir = tmp.resolve("corrupt");
    Path manifest = DownloadFixture.manifest(tmp.resolve("corrupt.tsv"), victim);
    CliRunner.Result r = cli().dss("dss", "download-manifest", "--manifest", manifest.toString(), "--replica", "aws",
        "--layout", "bundle", "--download-dir", dir.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.PARTIAL);
    assertThat(tsv(dir.resolve("corrupt.report.tsv")).get(0).get("status")).isEqualTo("CHECKSUM_MISMATCH");
    assertThat(stored(dir, s.sha256())).doesNotExist();
    assertThat(dir.resolve(s.bundleUuid() + "." + s.bundleVersion()).resolve(s.name())).doesNotExist();
    assertThat(dir.resolve("corrupt.tsv")).doesNotExist();
    assertThat(layout(dir.resolve(".hca/v2/partial"))).isEmpty();
  }

  @Test
  void underFaultsEveryFileEndsCorrectWithinTheAttemptBudget() throws Exception {
    List<Stored> files = DownloadFixture.bundle(dss, 0, 12, 7);
    Path manifest = DownloadFixture.manifest(tmp.resolve("faults.tsv"), files);
    for (String spec : List.of("blob-error=0.2:503,retry-after=1,seed=5", "blob-drop=0.3,seed=6", "checkout=2,retry-after=1")) {
      dss.dss().faults().set(Faults.Spec.parse(spec));
      Path dir = tmp.resolve("faults-" + spec.substring(0, 6));
      CliRunner.Result r = cli().dss("dss", "download-manifest", "--manifest", manifest.toString(), "--replica", "aws",
          "--download-dir", dir.toString(), "--parallel", "4");
      assertThat(r.code()).as(spec + "\n" + r).isZero();
      for (Stored s : files) {
        assertThat(Files.readAllBytes(stored(dir, s.sha256()))).as(spec).isEqualTo(s.file().content());
      }
      for (Map<String, String> row : tsv(dir.resolve("faults.report.tsv"))) {
        assertThat(Integer.parseInt(row.get("attempts"))).as(spec).isBetween(1, 10);
      }
    }
  }

  @Test
  void badManifestsGetClearWholeFileOrPerRowErrors() throws Exception {
    Stored good = bundle.get(4);
    String header = "bundle_uuid\tbundle_version\tfile_name\tfile_uuid\tfile_version\tfile_sha256\tfile_size\n";
    String row = good.bundleUuid() + "\t" + good.bundleVersion() + "\t" + good.name() + "\t" + good.file().uuid() + "\t"
        + good.file().version() + "\t" + good.sha256() + "\t" + good.file().content().length + "\n";
    record Whole(String name, String content, String message) {}
    for (Whole w : List.of(
        new Whole("empty", "", "empty"),
        new Whole("noheader", row, "column"),
        new Whole("missing", "bundle_uuid\tfile_name\n" + row, "file_sha256"),
        new Whole("headeronly", header + "\n\n", "no rows after the header"))) {
      Path m = tmp.resolve(w.name() + ".tsv");
      Files.writeString(m, w.content());
      CliRunner.Result r = cli().dss("dss", "download-manifest", "--manifest", m.toString(), "--replica", "aws",
          "--download-dir", tmp.resolve("bad-" + w.name()).toString());
      assertThat(r.code()).as(w.name() + "\n" + r).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(r.stderr().strip()).as(w.name()).contains(m.toString()).contains(w.message()).doesNotContain("\n");
    }
    String bad =
        header.replace("\n", "\r\n")
            + row.replace("\n", "\r\n")
            + "not-a-uuid\t" + good.bundleVersion() + "\tb.bin\t" + good.file().uuid() + "\t" + good.file().version() + "\t" + good.sha256() + "\t5\r\n"
            + good.bundleUuid() + "\t" + good.bundleVersion() + "\tc.bin\t" + good.file().uuid() + "\t" + good.file().version() + "\tnot-a-sha\t5\r\n"
            + good.bundleUuid() + "\t" + good.bundleVersion() + "\td.bin\t" + good.file().uuid() + "\t" + good.file().version() + "\t" + good.sha256() + "\t-5\r\n"
            + good.bundleUuid() + "\t" + good.bundleVersion() + "\t../../etc/passwd\t" + good.file().uuid() + "\t" + good.file().version() + "\t" + good.sha256() + "\t5\r\n"
            + row.replace("\n", "\r\n");
    Path m = tmp.resolve("rows.tsv");
    Files.write(m, ("\uFEFF" + bad).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Path dir = tmp.resolve("rows");
    CliRunner.Result r = cli().dss("dss", "download-manifest", "--manifest", m.toString(), "--replica", "aws",
        "--layout", "bundle", "--download-dir", dir.toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.PARTIAL);
    List<Map<String, String>> report = tsv(dir.resolve("rows.report.tsv"));
    assertThat(report).hasSize(6);
    // the last line repeats the first exactly: not an error
    assertThat(report.stream().filter(x -> x.get("error").isEmpty()).map(x -> x.get("line"))).containsExactlyInAnyOrder("2", "7");
    String errors = report.toString();
    assertThat(errors).contains("bundle_uuid").contains("file_sha256").contains("file_size").contains("../../etc/passwd");
    // an INVALID row keeps the values it gave, so that it can be found
    Map<String, String> badSha = report.stream().filter(x -> x.get("line").equals("4")).findFirst().orElseThrow();
    assertThat(badSha).containsEntry("status", "INVALID").containsEntry("file_uuid", good.file().uuid())
        .containsEntry("file_version", good.file().version()).containsEntry("file_name", "c.bin").containsEntry("sha256", "not-a-sha");
    assertThat(Files.readAllBytes(stored(dir, good.sha256()))).isEqualTo(good.file().content());
    assertThat(tmp.resolve("etc")).doesNotExist();
    assertThat(dir.resolve("rows.tsv")).doesNotExist();
  }

  /** A manifest line with this file's values, in the column order of {@link DownloadFixture#manifest}. */
  private static String line(Stored s, String notes) {
    return s.name() + "\t" + s.sha256() + "\t" + notes + "\t" + afterNotes(s);
  }

  private static String afterNotes(Stored s) {
    return s.bundleUuid() + "\t" + s.bundleVersion() + "\t" + s.file().uuid() + "\t" + s.file().version() + "\t"
        + s.file().content().length + "\n";
  }

  private static final String HEADER = "file_name\tfile_sha256\tnotes\tbundle_uuid\tbundle_version\tfile_uuid\tfile_version\tfile_size\n";

  @Test
  void anExactRepeatIsFetchedOnceAndReportedTwiceWhileAnotherFileUnderOneNameIsInvalid() throws Exception {
    List<Stored> files = DownloadFixture.bundle(dss, 1, 3, 21);
    StringBuilder twice = new StringBuilder(HEADER);
    files.forEach(s -> twice.append(line(s, "first")));
    files.forEach(s -> twice.append(line(s, "again")));
    Path manifest = tmp.resolve("twice.tsv");
    Files.writeString(manifest, twice);
    Path dir = tmp.resolve("twice");
    CliRunner.Result r = cli().dss("dss", "download-manifest", "--manifest", manifest.toString(), "--replica", "aws",
        "--layout", "bundle", "--download-dir", dir.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    List<Map<String, String>> report = tsv(dir.resolve("twice.report.tsv"));
    assertThat(report).hasSize(8).allSatisfy(row -> assertThat(row.get("status")).isIn("FETCHED", "PRESENT"));
    // each file came over the wire once: the repeat found it stored
    assertThat(r.json().get("fetched").asInt()).isEqualTo(4);
    assertThat(r.json().get("present").asInt()).isEqualTo(4);
    assertThat(report.stream().mapToLong(row -> Long.parseLong(row.get("bytes"))).sum())
        .isEqualTo(files.stream().mapToLong(s -> s.file().content().length).sum());
    for (Stored s : files) {
      assertThat(dir.resolve(s.bundleUuid() + "." + s.bundleVersion()).resolve(s.name())).hasBinaryContent(s.file().content());
    }
    assertThat(tsv(dir.resolve("twice.tsv"))).hasSize(8);

    // another file sent to a name already used: that row only is refused, with its own values
    Stored first = files.get(1);
    Stored other = files.get(2);
    String conflict = first.name() + "\t" + other.sha256() + "\tconflict\t" + first.bundleUuid() + "\t" + first.bundleVersion()
        + "\t" + other.file().uuid() + "\t" + other.file().version() + "\t" + other.file().content().length + "\n";
    Files.writeString(manifest, twice + conflict);
    Path dir2 = tmp.resolve("conflict");
    CliRunner.Result c = cli().dss("dss", "download-manifest", "--manifest", manifest.toString(), "--replica", "aws",
        "--layout", "bundle", "--download-dir", dir2.toString());
    assertThat(c.code()).as(c.toString()).isEqualTo(ExitCodes.PARTIAL);
    List<Map<String, String>> rows = tsv(dir2.resolve("twice.report.tsv"));
    assertThat(rows).hasSize(9);
    assertThat(rows.stream().filter(row -> row.get("status").equals("INVALID")).toList()).singleElement().satisfies(row -> {
      assertThat(row).containsEntry("line", "10").containsEntry("file_uuid", other.file().uuid())
          .containsEntry("file_version", other.file().version()).containsEntry("file_name", first.name())
          .containsEntry("sha256", other.sha256());
      assertThat(row.get("error")).isEqualTo("same bundle_uuid, bundle_version and file_name as line 3 but another file");
    });
    assertThat(dir2.resolve(first.bundleUuid() + "." + first.bundleVersion()).resolve(first.name())).hasBinaryContent(first.file().content());
  }

  @Test
  void aManifestLineOverOneMebibyteIsAnInvalidRowAndTheRestIsFetchedInASmallHeap() throws Exception {
    List<Stored> files = DownloadFixture.bundle(dss, 0, 4, 23);
    List<String> small = List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError");

    // a 50 MB field in the middle, written as a stream
    Path field = tmp.resolve("field.tsv");
    try (java.io.Writer w = Files.newBufferedWriter(field)) {
      w.write(HEADER + line(files.get(0), "x") + line(files.get(1), "x"));
      String mib = "a".repeat(1 << 20);
      w.write(files.get(2).name() + "\t" + files.get(2).sha256() + "\t");
      for (int i = 0; i < 50; i++) {
        w.write(mib);
      }
      w.write("\t" + afterNotes(files.get(2)));
      w.write(line(files.get(3), "x"));
    }
    Path dir = tmp.resolve("field");
    CliRunner.Result r = cli().child(small, "dss", "download-manifest", "--manifest", field.toString(), "--replica", "aws",
        "--download-dir", dir.toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.PARTIAL);
    List<Map<String, String>> report = tsv(dir.resolve("field.report.tsv"));
    assertThat(report).hasSize(4);
    assertThat(report.stream().filter(row -> row.get("status").equals("INVALID")).toList()).singleElement()
        .satisfies(row -> assertThat(row).containsEntry("line", "4").containsEntry("error", "line 4 is longer than 1 MiB"));
    for (Stored s : List.of(files.get(0), files.get(1), files.get(3))) {
      assertThat(stored(dir, s.sha256())).hasBinaryContent(s.file().content());
    }
    assertThat(stored(dir, files.get(2).sha256())).doesNotExist();

    // a 200 MB last line without a line end (sparse: it takes no disk)
    Path tail = tmp.resolve("tail.tsv");
    Files.writeString(tail, HEADER + line(files.get(0), "x") + line(files.get(3), "x") + "no-end");
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(tail.toFile(), "rw")) {
      f.setLength(f.length() + 200L * 1000 * 1000);
    }
    Path dir2 = tmp.resolve("tail");
    CliRunner.Result t = cli().child(small, "dss", "download-manifest", "--manifest", tail.toString(), "--replica", "aws",
        "--download-dir", dir2.toString());
    assertThat(t.code()).as(t.toString()).isEqualTo(ExitCodes.PARTIAL);
    assertThat(tsv(dir2.resolve("tail.report.tsv")))
        .extracting(row -> row.get("line") + " " + row.get("status") + " " + row.get("error"))
        .containsExactlyInAnyOrder("2 FETCHED ", "3 FETCHED ", "4 INVALID line 4 is longer than 1 MiB");
    assertThat(stored(dir2, files.get(3).sha256())).hasBinaryContent(files.get(3).file().content());
  }

  @Test
  void aManifestThatCannotBeUsedIsRefusedWithOneLineAndNothingFromTheRoutes() throws Exception {
    String header = "bundle_uuid\tbundle_version\tfile_name\tfile_uuid\tfile_version\tfile_sha256\tfile_size\n";
    record Whole(String name, String content, String problem) {}
    for (Whole w : List.of(
        new Whole("empty", "", "empty file (no header row)"),
        new Whole("headeronly", header, "no rows after the header"),
        new Whole("missing", "bundle_uuid\tbundle_version\tfile_name\tfile_uuid\tfile_version\tfile_size\n", "missing column file_sha256"),
        new Whole("longheader", header.strip() + "\t" + "n".repeat(2 << 20) + "\n", "line 1 (the header) is longer than 1 MiB"))) {
      Path m = tmp.resolve(w.name() + ".tsv");
      Files.writeString(m, w.content());
      Path dir = tmp.resolve("refused-" + w.name());
      CliRunner.Result r = cli().child(List.of(), "dss", "download-manifest", "--manifest", m.toString(), "--replica", "aws",
          "--download-dir", dir.toString());
      assertThat(r.code()).as(w.name() + "\n" + r).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(r.stderr()).as(w.name()).isEqualTo("hca: " + m + ": " + w.problem() + System.lineSeparator());
      assertThat(r.out()).as(w.name()).isEmpty();
      assertThat(layout(dir)).as(w.name()).isEmpty();
    }
  }

  @Test
  void theFinalLinesCountInvalidRowsAsFailedAndABundleItsFiles() throws Exception {
    Path manifest = tmp.resolve("progress.tsv");
    Stored s = bundle.get(0);
    Files.writeString(manifest, HEADER + bundle.stream().map(b -> line(b, "x")).collect(java.util.stream.Collectors.joining())
        + line(s, "x").replace(s.sha256(), "not-a-sha"));
    Path dir = tmp.resolve("progress");
    CliRunner.Result r = cli().dss("dss", "download-manifest", "--manifest", manifest.toString(), "--replica", "aws",
        "--download-dir", dir.toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.PARTIAL);
    int n = bundle.size();
    // a run with failures says so in one line, the invalid row counted among them
    assertThat(r.stderr().lines()).singleElement().asString()
        .startsWith("hca: 1 file(s) could not be downloaded (" + n + " fetched, 0 already present); the first: line "
            + (n + 2) + ": ");
    assertThat(r.json().get("failed").asInt()).isEqualTo(1);
    assertThat(r.json().get("planned_files").asInt()).isEqualTo(n + 1);

    CliRunner.Result b = cli().dss("dss", "download", "--bundle-uuid", Seeder.EXAMPLE_BUNDLE_UUID, "--replica", "aws",
        "--download-dir", tmp.resolve("progress-bundle").toString());
    assertThat(b.code()).as(b.toString()).isZero();
    assertThat(b.stderr().lines()).anySatisfy(l -> assertThat(l)
        .startsWith("downloaded 16/16 files (16 fetched, 0 already present, 0 failed), "));
  }

  @Test
  void aDryRunShowsThePlanAndFetchesNothing() throws Exception {
    Path manifest = DownloadFixture.manifest(tmp.resolve("plan.tsv"), bundle);
    Path dir = tmp.resolve("plan");
    CliRunner.Result r = cli().dss("dss", "download-manifest", "--manifest", manifest.toString(), "--replica", "aws",
        "--download-dir", dir.toString(), "--dry-run");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.json().get("files").asInt()).isEqualTo(bundle.size());
    assertThat(r.json().get("bytes_to_fetch").asLong()).isEqualTo(bundle.stream().mapToLong(s -> s.file().content().length).sum());
    assertThat(layout(dir)).isEmpty();
    CliRunner.Result b = cli().dss("dss", "download", "--bundle-uuid", Seeder.EXAMPLE_BUNDLE_UUID, "--replica", "aws",
        "--download-dir", dir.toString(), "--dry-run");
    assertThat(b.code()).as(b.toString()).isZero();
    assertThat(b.json().get("planned_files").asInt()).isEqualTo(16);
    assertThat(layout(dir)).isEmpty();
  }

  @Test
  void everyBundleAQueryMatchesIsDownloaded() throws Exception {
    Path query = tmp.resolve("q.json");
    Files.writeString(query, "{\"es_query\": {\"query\": {\"match\": {\"files.specimen_from_organism_json.organ.text\": \"brain\"}}}}");
    Path dir = tmp.resolve("query");
    CliRunner.Result r = cli().dss("dss", "download", "--query", query.toString(), "--replica", "aws", "--download-dir", dir.toString(),
        "--no-data");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(layout(dir.resolve(Seeder.EXAMPLE_BUNDLE_UUID + "." + Seeder.EXAMPLE_BUNDLE_VERSION))).hasSize(15);
    Files.writeString(query, "{\"es_query\": ");
    assertThat(cli().dss("dss", "download", "--query", query.toString(), "--replica", "aws").code()).isEqualTo(ExitCodes.BAD_INPUT);
  }

  @Test
  void anInlineQueryDownloadsWhatTheSameQueryInAFileDoes() throws Exception {
    Path dir = tmp.resolve("inline");
    CliRunner.Result r = cli().dss("dss", "download", "--query",
        "{\"query\": {\"match\": {\"files.specimen_from_organism_json.organ.text\": \"brain\"}}}",
        "--replica", "aws", "--download-dir", dir.toString(), "--no-data");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(layout(dir.resolve(Seeder.EXAMPLE_BUNDLE_UUID + "." + Seeder.EXAMPLE_BUNDLE_VERSION))).hasSize(15);
    assertThat(dir.resolve("query.report.tsv")).isRegularFile();
  }
}
