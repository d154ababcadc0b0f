package hca.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

  static final String F = "4a7b8c9d-1e2f-4a3b-8c4d-5e6f7a8b9c0d";
  static final String FV = "2019-05-28T155410.123456Z";
  static final String SHA = "ab".repeat(32);

  @TempDir Path dir;

  private ManifestRow row(long line, String name) {
    return new ManifestRow(line, null, null, name, F, FV, SHA, 10);
  }

  @Test
  void theReportAppearsOnlyWhenClosedWithOneLinePerManifestLine() throws IOException {
    Path report = dir.resolve("out/report.tsv");
    try (ReportWriter w = ReportWriter.open(report)) {
      w.row(row(2, "a.json"), new FetchResult(FetchResult.Status.FETCHED, 10, 1, null));
      w.row(row(3, "b.json"), new FetchResult(FetchResult.Status.PRESENT, 0, 0, null));
      w.row(row(4, "c.json"), new FetchResult(FetchResult.Status.FAILED, 5, 10, "connection broke\tat byte 5"));
      w.row(new RowError(5, "column file_size: negative size '-1'", F, FV, "d.json", SHA));
      assertThat(report).doesNotExist();
      assertThat(w.rows()).isEqualTo(4);
    }
    assertThat(Files.readString(report)).isEqualTo(
        "line\tfile_uuid\tfile_version\tfile_name\tsha256\tstatus\tbytes\tattempts\terror\n"
            + "2\t" + F + "\t" + FV + "\ta.json\t" + SHA + "\tFETCHED\t10\t1\t\n"
            + "3\t" + F + "\t" + FV + "\tb.json\t" + SHA + "\tPRESENT\t0\t0\t\n"
            + "4\t" + F + "\t" + FV + "\tc.json\t" + SHA + "\tFAILED\t5\t10\t\"connection broke\tat byte 5\"\n"
            + "5\t" + F + "\t" + FV + "\td.json\t" + SHA + "\tINVALID\t0\t0\tcolumn file_size: negative size '-1'\n");
    assertThat(files(report.getParent())).containsExactly("report.tsv");
  }

  @Test
  void rowsFromManyThreadsAreWholeLines() throws Exception {
    Path report = dir.resolve("report.tsv");
    try (ReportWriter w = ReportWriter.open(report)) {
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int base = t * 1000;
        Thread th = new Thread(() -> IntStream.range(0, 1000)
            .forEach(i -> w.row(row(base + i + 2, "f" + (base + i)), new FetchResult(FetchResult.Status.FETCHED, 10, 1, null))));
        th.start();
        threads.add(th);
      }
      for (Thread th : threads) {
        th.join();
      }
    }
    List<String> lines = Files.readAllLines(report);
    assertThat(lines).hasSize(4001);
    assertThat(lines.subList(1, lines.size())).allMatch(l -> l.split("\t", -1).length == 9 && l.contains("\tFETCHED\t10\t1\t"));
  }

  @Test
  void aDiscardedReportLeavesNothing() throws IOException {
    Path report = dir.resolve("report.tsv");
    ReportWriter w = ReportWriter.open(report);
    w.row(new RowError(2, "bad"));
    w.discard();
    w.close();
    assertThat(files(dir)).isEmpty();
  }

  private static List<String> files(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
