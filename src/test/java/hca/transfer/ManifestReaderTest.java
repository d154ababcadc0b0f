package hca.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {

  static final Set<String> ALL = Set.copyOf(ManifestReader.KNOWN_COLUMNS);
  static final String HEADER = "bundle_uuid\tbundle_version\tfile_name\tfile_uuid\tfile_version\tfile_sha256\tfile_size";
  static final String B = "c2a1a1a8-9a05-4b53-8b0a-6e5a9b1bd6e0";
  static final String BV = "2019-05-28T155409.587541Z";
  static final String F = "4a7b8c9d-1e2f-4a3b-8c4d-5e6f7a8b9c0d";
  static final String FV = "2019-05-28T155410.123456Z";
  static final String SHA = "e746b6" + "0123456789".repeat(5) + "abcdefab";

  @TempDir Path dir;

  private Path write(String text) throws IOException {
    return writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  private Path writeBytes(byte[] bytes) throws IOException {
    Path p = dir.resolve("manifest.tsv");
    Files.write(p, bytes);
    return p;
  }

  private static String row(String name, String size) {
    return String.join("\t", B, BV, name, F, FV, SHA, size);
  }

  private static List<ManifestEntry> readAll(Path p, Set<String> required) {
    List<ManifestEntry> out = new ArrayList<>();
    try (ManifestReader r = ManifestReader.open(p, required)) {
      for (Optional<ManifestEntry> e = r.next(); e.isPresent(); e = r.next()) {
        out.add(e.get());
      }
    }
    return out;
  }

  @Test
  void rowsAreReadWithColumnsInAnyOrderAndOtherColumnsIgnored() throws IOException {
    Path p = write(
        "file_size\tnote\tfile_sha256\tfile_name\tbundle_version\tfile_version\tbundle_uuid\tfile_uuid\n"
            + "12\tfirst\t" + SHA.toUpperCase() + "\tcell.json\t" + BV + "\t" + FV + "\t" + B.toUpperCase() + "\t" + F + "\n"
            + "0\t\t" + SHA + "\treads/R1.fastq.gz\t" + BV + "\t" + FV + "\t" + B + "\t" + F + "\n");

    assertThat(readAll(p, ALL)).containsExactly(
        new ManifestRow(2, B, BV, "cell.json", F, FV, SHA, 12),
        new ManifestRow(3, B, BV, "reads/R1.fastq.gz", F, FV, SHA, 0));
  }

  @Test
  void aBomAndCrlfLineEndsAreAccepted() throws IOException {
    byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
    byte[] text = (HEADER + "\r\n" + row("a.json", "1") + "\r\n" + row("b.json", "2") + "\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[bom.length + text.length];
    System.arraycopy(bom, 0, all, 0, 3);
    System.arraycopy(text, 0, all, 3, text.length);

    assertThat(readAll(writeBytes(all), ALL)).containsExactly(
        new ManifestRow(2, B, BV, "a.json", F, FV, SHA, 1),
        new ManifestRow(3, B, BV, "b.json", F, FV, SHA, 2));
  }

  @Test
  void carriageReturnsAloneEndLinesAndATooLongLineKeepsTheNumbersOfTheNext() throws IOException {
    Path p = write(HEADER + "\r" + row("a.json", "1") + "\r" + "x".repeat(ManifestReader.MAX_LINE + 1) + "\r"
        + row("b.json", "2") + "\r");
    assertThat(readAll(p, ALL)).containsExactly(
        new ManifestRow(2, B, BV, "a.json", F, FV, SHA, 1),
        new RowError(3, "line 3 is longer than 1 MiB"),
        new ManifestRow(4, B, BV, "b.json", F, FV, SHA, 2));
  }

  @Test
  void blankLinesAreSkippedAndLinesKeepTheirNumbers() throws IOException {
    Path p = write("\n" + HEADER + "\n\n" + row("a.json", "1") + "\n   \n" + row("b.json", "2"));
    assertThat(readAll(p, ALL)).extracting(ManifestEntry::line).containsExactly(4L, 6L);
  }

  @Test
  void onlyTheColumnsAskedForAreRequired() throws IOException {
    Path p = write("file_uuid\tfile_version\tfile_sha256\tfile_size\tfile_name\n" + F + "\t" + FV + "\t" + SHA + "\t7\tx.bin\n");
    assertThat(readAll(p, Set.of("file_uuid", "file_version", "file_sha256", "file_size", "file_name")))
        .containsExactly(new ManifestRow(2, null, null, "x.bin", F, FV, SHA, 7));
  }

  @Test
  void anEmptyFileIsAWholeFileError() throws IOException {
    assertBad(write(""), "empty file (no header row)");
    assertBad(writeBytes(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}), "empty file (no header row)");
    assertBad(write("\n\r\n  \n"), "empty file (no header row)");
  }

  @Test
  void aManifestWithoutAHeaderRowIsAWholeFileError() throws IOException {
    assertBad(write(row("a.json", "1") + "\n"),
        "no header row (line 1 looks like data); the header must name the columns "
            + "bundle_uuid, bundle_version, file_name, file_uuid, file_version, file_sha256, file_size");
  }

  @Test
  void missingColumnsAreNamed() throws IOException {
    assertBad(write("bundle_uuid\tbundle_version\tfile_name\tfile_uuid\tfile_version\n"),
        "missing columns file_sha256, file_size");
    assertBad(write("bundle_uuid\tbundle_version\tfile_name\tfile_uuid\tfile_version\tfile_sha256\n"),
        "missing column file_size");
    assertBad(write(HEADER + "\tfile_size\n"), "column file_size appears twice in the header");
  }

  @Test
  void aFileThatIsNotUtf8IsAWholeFileError() throws IOException {
    byte[] head = (HEADER + "\n" + row("a.json", "1") + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] bad = (row("b\u00e9.json", "1") + "\n").getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[head.length + bad.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(bad, 0, all, head.length, bad.length);
    Path p = writeBytes(all);
    try (ManifestReader r = ManifestReader.open(p, ALL)) {
      assertThat(r.next()).isPresent();
      assertThatThrownBy(r::next).isInstanceOf(BadManifestException.class).hasMessage(p + ": not UTF-8 (at line 3)");
    }
    assertBad(writeBytes((HEADER + "\n").getBytes(StandardCharsets.UTF_16)),
        "not UTF-8 (it starts with a UTF-16BE byte order mark)");
  }

  @Test
  void aMissingFileIsAWholeFileError() {
    Path p = dir.resolve("nowhere.tsv");
    assertThatThrownBy(() -> ManifestReader.open(p, ALL)).isInstanceOf(BadManifestException.class).hasMessage(p + ": no such file");
  }

  @Test
  void badValuesAreRowErrorsNamingColumnAndValue() throws IOException {
    Path p = write(HEADER + "\n"
        + String.join("\t", "not-a-uuid", BV, "a", F, FV, SHA, "1") + "\n"
        + String.join("\t", B, "2019-05-28", "b", F, FV, SHA, "1") + "\n"
        + String.join("\t", B, BV, "c", F, FV, "abc123", "1") + "\n"
        + String.join("\t", B, BV, "d", F, FV, SHA, "-5") + "\n"
        + String.join("\t", B, BV, "e", F, FV, SHA, "12kB") + "\n"
        + String.join("\t", B, BV, "../../etc/passwd", F, FV, SHA, "1") + "\n"
        + String.join("\t", B, BV, "f", F, FV, SHA) + "\n"
        + String.join("\t", B, BV, "g", "", FV, SHA, "1") + "\n"
        + row("ok.json", "3") + "\n");

    // each error keeps the line's own values, so that the report names the row
    assertThat(readAll(p, ALL)).containsExactly(
        new RowError(2, "column bundle_uuid: bad uuid 'not-a-uuid'", F, FV, "a", SHA),
        new RowError(3, "column bundle_version: bad version '2019-05-28' (a DSS_VERSION is like 2017-06-16T193604.240704Z)", F, FV, "b", SHA),
        new RowError(4, "column file_sha256: bad sha256 'abc123' (64 hex digits)", F, FV, "c", "abc123"),
        new RowError(5, "column file_size: negative size '-5'", F, FV, "d", SHA),
        new RowError(6, "column file_size: not a number '12kB'", F, FV, "e", SHA),
        new RowError(7, "column file_name: unsafe file name '../../etc/passwd': has a '..' segment", F, FV, "../../etc/passwd", SHA),
        new RowError(8, "wrong number of fields: 6, the header has 7", F, FV, "f", SHA),
        new RowError(9, "column file_uuid: bad uuid ''", "", FV, "g", SHA),
        new ManifestRow(10, B, BV, "ok.json", F, FV, SHA, 3));
  }

  @Test
  void anExactRepeatIsARowAndAnotherFileUnderTheSameNameIsAnError() throws IOException {
    String otherSha = "f".repeat(64);
    Path p = write(HEADER + "\n" + row("a.json", "1") + "\n" + row("b.json", "1") + "\n"
        + row("a.json", "1") + "\n"
        + String.join("\t", B.toUpperCase(), BV, "a.json", F, FV, SHA.toUpperCase(), "1") + "\n"
        + String.join("\t", B, BV, "a.json", F, FV, otherSha, "1") + "\n"
        + row("b.json", "2") + "\n"
        + String.join("\t", B, "2019-05-29T000000.000000Z", "a.json", F, FV, otherSha, "1") + "\n");

    assertThat(readAll(p, ALL)).containsExactly(
        new ManifestRow(2, B, BV, "a.json", F, FV, SHA, 1),
        new ManifestRow(3, B, BV, "b.json", F, FV, SHA, 1),
        new ManifestRow(4, B, BV, "a.json", F, FV, SHA, 1),
        new ManifestRow(5, B, BV, "a.json", F, FV, SHA, 1),
        new RowError(6, "same bundle_uuid, bundle_version and file_name as line 2 but another file", F, FV, "a.json", otherSha),
        new RowError(7, "same bundle_uuid, bundle_version and file_name as line 3 but another file", F, FV, "b.json", SHA),
        new ManifestRow(8, B, "2019-05-29T000000.000000Z", "a.json", F, FV, otherSha, 1));
  }

  @Test
  void aLineLongerThanTheCapIsARowErrorAndTheRestIsRead() throws IOException {
    int cap = ManifestReader.MAX_LINE;
    String head = HEADER + "\tnotes\n";
    String fits = row("fits.json", "1") + "\t";
    fits += "x".repeat(cap - fits.length());
    String over = row("over.json", "1") + "\t" + "y".repeat(cap);
    String quoted = row("quoted.json", "1") + "\t\"" + "z\n".repeat(cap / 2) + "\"";
    Path p = write(head + fits + "\r\n" + over + "\n" + quoted + "\n" + row("after.json", "2") + "\tok\n" + over);

    long afterLine = 5 + cap / 2;
    assertThat(readAll(p, ALL)).containsExactly(
        new ManifestRow(2, B, BV, "fits.json", F, FV, SHA, 1),
        new RowError(3, "line 3 is longer than 1 MiB"),
        new RowError(4, "line 4 is longer than 1 MiB"),
        new ManifestRow(afterLine, B, BV, "after.json", F, FV, SHA, 2),
        new RowError(afterLine + 1, "line " + (afterLine + 1) + " is longer than 1 MiB"));
  }

  @Test
  void aHeaderLongerThanTheCapIsAWholeFileError() throws IOException {
    assertBad(write("\n" + HEADER + "\t" + "n".repeat(ManifestReader.MAX_LINE) + "\n" + row("a.json", "1") + "\n"),
        "line 2 (the header) is longer than 1 MiB");
    assertBad(write(HEADER + "n".repeat(ManifestReader.MAX_LINE)), "line 1 (the header) is longer than 1 MiB");
  }

  @Test
  void quotedFieldsAreReadAsSpreadsheetsWriteThem() throws IOException {
    Path p = write(HEADER + "\n" + String.join("\t", B, BV, "\"say \"\"hi\"\".txt\"", F, FV, SHA, "1") + "\n");
    assertThat(readAll(p, ALL)).containsExactly(new ManifestRow(2, B, BV, "say \"hi\".txt", F, FV, SHA, 1));
  }

  @Test
  void aMillionRowsAreStreamedWithOnlyTheirKeysKept() throws IOException {
    Path p = dir.resolve("big.tsv");
    int n = 1_000_000;
    try (BufferedWriter w = Files.newBufferedWriter(p)) {
      w.write(HEADER + "\n");
      for (int i = 0; i < n; i++) {
        w.write(B + "\t" + BV + "\tfile_" + i + ".fastq.gz\t" + F + "\t" + FV + "\t" + SHA + "\t" + i + "\n");
      }
      w.write(row("file_17.fastq.gz", "1") + "\n");
    }
    long rows = 0;
    RowError last = null;
    try (ManifestReader r = ManifestReader.open(p, ALL)) {
      for (Optional<ManifestEntry> e = r.next(); e.isPresent(); e = r.next()) {
        if (e.get() instanceof ManifestRow) {
          rows++;
        } else {
          last = (RowError) e.get();
        }
      }
    }
    assertThat(rows).isEqualTo(n);
    assertThat(last).isEqualTo(new RowError(n + 2, "same bundle_uuid, bundle_version and file_name as line 19 but another file",
        F, FV, "file_17.fastq.gz", SHA));
  }

  @Test
  void theFastVersionCheckAgreesWithTheDssDefinition() {
    for (String v : List.of(BV, FV, "2020-02-29T000000.000000Z", "2019-02-29T000000.000000Z", "2019-04-31T120000.000000Z",
        "2019-13-01T120000.000000Z", "2019-00-01T120000.000000Z", "2019-01-00T120000.000000Z", "0000-01-01T000000.000000Z",
        "2019-01-01T240000.000000Z", "2019-01-01T236000.000000Z", "2019-01-01T235960.000000Z", "2019-12-31T235959.999999Z",
        "2019-01-01T235959.99999Z", "2019-01-01 235959.999999Z", "2019-01-01T235959.999999z", "")) {
      assertThat(ManifestValues.isVersion(v)).as(v).isEqualTo(hca.dss.DssVersion.isValid(v));
    }
  }

  private static void assertBad(Path p, String problem) {
    assertThatThrownBy(() -> ManifestReader.open(p, ALL))
        .isInstanceOf(BadManifestException.class)
        .hasMessage(p + ": " + problem);
  }
}
