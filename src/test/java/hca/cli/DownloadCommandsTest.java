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
        new Whole("missing", "bundle_uuid\tfile_name\n" + row, "file_sha256"))) {
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
    assertThat(report.stream().filter(x -> x.get("error").isEmpty())).hasSize(1);
    String errors = report.toString();
    assertThat(errors).contains("bundle_uuid").contains("file_sha256").contains("file_size").contains("../../etc/passwd").contains("duplicate");
    assertThat(Files.readAllBytes(stored(dir, good.sha256()))).isEqualTo(good.file().content());
    assertThat(tmp.resolve("etc")).doesNotExist();
    assertThat(dir.resolve("rows.tsv")).doesNotExist();
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
